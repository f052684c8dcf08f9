// GET /tenants/{tenantId} — the tenant: plan, Microsoft 365 connection, this period's scan usage (any caller of the tenant)
import { methodsNotAllowed, withTenant } from "@/lib/api/handler";
import { ok } from "@/lib/api/respond";
import { getTenantResource } from "@/lib/tenants/service";

export const dynamic = "force-dynamic";

export const GET = withTenant({ scope: null }, async ({ tenantId, via }) => {
  return ok(await getTenantResource(tenantId, via.kind === "session" ? via.role : null));
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
