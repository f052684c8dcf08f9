import "server-only";
import { notFound } from "@/lib/api/errors";
import { getDb } from "@/lib/db";
import type { Plan, Prisma, Role, Tenant } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import { recordAudit, type Actor } from "@/lib/audit";
import { countQuotaScans } from "@/lib/scans/service";
import { ensurePlanSchedule } from "@/lib/schedules/service";
import { billingPeriod, getPlanLimits } from "@/lib/tenants/plans";
import type { TenantResource } from "@/lib/tenants/schemas";
import { toTenantResource } from "@/lib/tenants/serialize";

export type CreateTenantInput = { name: string; plan: Plan; msTenantId?: string; connected?: boolean };

/** Creates a tenant with its automatic plan schedule inside the caller's transaction. */
export async function createTenantInTx(tx: Prisma.TransactionClient, input: CreateTenantInput, actor: Actor): Promise<Tenant> {
  const tenant = await tx.tenant.create({
    data: {
      id: newId("tenant"),
      name: input.name,
      plan: input.plan,
      msTenantId: input.msTenantId ?? null,
      connectionStatus: input.connected ? "connected" : "pending",
      consentedAt: input.connected ? new Date() : null,
    },
  });
  await recordAudit(tx, actor, { tenantId: tenant.id, action: "tenant.created", targetType: "tenant", targetId: tenant.id, metadata: { plan: tenant.plan } });
  await ensurePlanSchedule(tx, tenant.id); // the automatic plan scan exists from the start
  return tenant;
}

export async function createTenant(input: CreateTenantInput, actor: Actor): Promise<Tenant> {
  return getDb().$transaction((tx) => createTenantInTx(tx, input, actor));
}

export async function findTenant(tenantId: string): Promise<Tenant | null> {
  return getDb().tenant.findUnique({ where: { id: tenantId } });
}

export async function getTenantOrThrow(tenantId: string): Promise<Tenant> {
  const tenant = await findTenant(tenantId);
  if (!tenant) throw notFound("Tenant");
  return tenant;
}

export type TenantUsage = { used: number; limit: number; period: { start: Date; end: Date } };

/** The tenant with this billing period's scan usage against its plan's quota. */
export async function getTenantWithUsage(tenantId: string, now = new Date()): Promise<{ tenant: Tenant; usage: TenantUsage }> {
  const tenant = await getTenantOrThrow(tenantId);
  const period = billingPeriod(tenant.billingAnchor, now);
  const used = await countQuotaScans(getDb(), tenantId, period.start);
  return { tenant, usage: { used, limit: getPlanLimits(tenant.plan).scansPerPeriod, period } };
}

/** The tenant as the API presents it, for a caller with this role (null: an API token). */
export async function getTenantResource(tenantId: string, role: Role | null): Promise<TenantResource> {
  const { tenant, usage } = await getTenantWithUsage(tenantId);
  return toTenantResource(tenant, role, usage);
}
