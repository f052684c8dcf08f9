// POST /tenants/{tenantId}/connection/verify — check the connection again now (app-only token + GET /organization) (connection:write)
import { methodsNotAllowed, withTenant } from "@/lib/api/handler";
import { ok } from "@/lib/api/respond";
import { verifyConnection } from "@/lib/tenants/connection";
import { getTenantResource } from "@/lib/tenants/service";

export const dynamic = "force-dynamic";

export const POST = withTenant({ scope: "connection:write" }, async ({ tenantId, actor, via }) => {
  await verifyConnection(tenantId, actor);
  return ok(await getTenantResource(tenantId, via.kind === "session" ? via.role : null));
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(["POST"]);
