// DELETE /tenants/{tenantId}/connection — disconnect Microsoft 365: scans stop, cached tokens are forgotten, history stays (connection:write: owners)
import { methodsNotAllowed, withTenant } from "@/lib/api/handler";
import { ok } from "@/lib/api/respond";
import { disconnectTenant } from "@/lib/tenants/connection";
import { toTenantResource } from "@/lib/tenants/serialize";
import { getTenantWithUsage } from "@/lib/tenants/service";

export const dynamic = "force-dynamic";

export const DELETE = withTenant({ scope: "connection:write" }, async ({ tenantId, actor, via }) => {
  await disconnectTenant(tenantId, actor);
  const { tenant, usage } = await getTenantWithUsage(tenantId);
  return ok(toTenantResource(tenant, via.kind === "session" ? via.role : null, usage));
});

export const { GET, POST, PUT, PATCH } = methodsNotAllowed(["DELETE"]);
