import { getDb } from "@/lib/db";
import type { Tenant } from "@/lib/generated/prisma/client";
import { createTenant } from "@/lib/tenants/service";

/** The demo tenant `npm run dev` seeds; found by its well-known name so seeding is idempotent. */
export const DEMO_TENANT_NAME = "Contoso (demo)";
export const DEMO_MS_TENANT_ID = "00000000-0000-4000-8000-00000000c0de";

export async function findDemoTenant(): Promise<Tenant | null> {
  return getDb().tenant.findUnique({ where: { msTenantId: DEMO_MS_TENANT_ID } });
}

export async function seedDemoTenant(): Promise<Tenant> {
  return (
    (await findDemoTenant()) ??
    createTenant({ name: DEMO_TENANT_NAME, plan: "pro", msTenantId: DEMO_MS_TENANT_ID, connected: true }, { type: "system", id: "seed" })
  );
}
