// GET /tenants/{tenantId} — the tenant: plan, Microsoft 365 connection, this period's scan usage (any caller of the tenant)
import { methodsNotAllowed, withTenant } from "@/lib/api/handler";
import { ok } from "@/lib/api/respond";
import { toTenantResource } from "@/lib/tenants/serialize";
import { getTenantWithUsage } from "@/lib/tenants/service";

export const dynamic = "force-dynamic";

export const GET = withTenant({ scope: null }, async ({ tenantId, via }) => {
  const { tenant, usage } = await getTenantWithUsage(tenantId);
  return ok(toTenantResource(tenant, via.kind === "session" ? via.role : null, usage));
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
