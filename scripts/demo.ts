import { getDb } from "@/lib/db";
import type { Tenant } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import { createTenant } from "@/lib/tenants/service";
import { stableGuid } from "./m365-simulator/random";

/**
 * What `npm run dev` seeds: the demo tenant (found by its Microsoft tenant id, so seeding is idempotent), connected
 * to the simulator's "misconfigured" fixture (Fabrikam) and owned by that fixture's IT director, whom the newcomer
 * picks on the simulated Microsoft sign-in page. A second simulated Microsoft tenant (Contoso, "well-configured")
 * is registered without admin consent and without an Aether365 tenant, to try onboarding end to end.
 */
export const DEMO_TENANT_NAME = "Fabrikam (demo)";
export const DEMO_MS_TENANT_ID = "00000000-0000-4000-8000-00000000c0de";
export const DEMO_OWNER = { upn: "avery.howard@fabrikam.com", name: "Avery Howard", oid: stableGuid("misconfigured/user/avery.howard") };
export const ONBOARDING_MS_TENANT_ID = "00000000-0000-4000-8000-0000c0a70500";

export async function findDemoTenant(): Promise<Tenant | null> {
  return getDb().tenant.findUnique({ where: { msTenantId: DEMO_MS_TENANT_ID } });
}

export async function seedDemoTenant(): Promise<Tenant> {
  const tenant =
    (await findDemoTenant()) ??
    (await createTenant({ name: DEMO_TENANT_NAME, plan: "pro", msTenantId: DEMO_MS_TENANT_ID, connected: true }, { type: "system", id: "seed" }));
  const db = getDb();
  const owners = await db.membership.count({ where: { tenantId: tenant.id, role: "owner", removedAt: null } });
  if (owners === 0) {
    const user = await db.user.upsert({
      where: { msTenantId_msObjectId: { msTenantId: DEMO_MS_TENANT_ID, msObjectId: DEMO_OWNER.oid } },
      create: { id: newId("user"), msTenantId: DEMO_MS_TENANT_ID, msObjectId: DEMO_OWNER.oid, email: DEMO_OWNER.upn, name: DEMO_OWNER.name },
      update: {},
    });
    await db.membership.upsert({
      where: { tenantId_userId: { tenantId: tenant.id, userId: user.id } },
      create: { id: newId("membership"), tenantId: tenant.id, userId: user.id, role: "owner" },
      update: { role: "owner", removedAt: null },
    });
  }
  return tenant;
}
