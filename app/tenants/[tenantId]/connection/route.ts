// DELETE /tenants/{tenantId}/connection — disconnect Microsoft 365: scans stop, cached tokens are forgotten, history stays (connection:write: owners)
import { methodsNotAllowed, withTenant } from "@/lib/api/handler";
import { ok } from "@/lib/api/respond";
import { disconnectTenant } from "@/lib/tenants/connection";
import { getTenantResource } from "@/lib/tenants/service";

export const dynamic = "force-dynamic";

export const DELETE = withTenant({ scope: "connection:write" }, async ({ tenantId, actor, via }) => {
  await disconnectTenant(tenantId, actor);
  return ok(await getTenantResource(tenantId, via.kind === "session" ? via.role : null));
});

export const { GET, POST, PUT, PATCH } = methodsNotAllowed(["DELETE"]);
