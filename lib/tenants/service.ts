import "server-only";
import { notFound } from "@/lib/api/errors";
import { getDb } from "@/lib/db";
import type { Plan, Tenant } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import { recordAudit, type Actor } from "@/lib/audit";
import { ensurePlanSchedule } from "@/lib/schedules/service";

export type CreateTenantInput = { name: string; plan: Plan; msTenantId?: string; connected?: boolean };

export async function createTenant(input: CreateTenantInput, actor: Actor): Promise<Tenant> {
  const db = getDb();
  return db.$transaction(async (tx) => {
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
    await recordAudit(tx, actor, { tenantId: tenant.id, action: "tenant.created", targetType: "tenant", targetId: tenant.id });
    await ensurePlanSchedule(tx, tenant.id); // the automatic plan scan exists from the start
    return tenant;
  });
}

export async function findTenant(tenantId: string): Promise<Tenant | null> {
  return getDb().tenant.findUnique({ where: { id: tenantId } });
}

export async function getTenantOrThrow(tenantId: string): Promise<Tenant> {
  const tenant = await findTenant(tenantId);
  if (!tenant) throw notFound("Tenant");
  return tenant;
}
