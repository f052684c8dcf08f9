// DELETE /tenants/{tenantId}/api-tokens/{tokenId} — revoke a token, effective with the next request (tokens:write)
import { methodsNotAllowed, withTenant } from "@/lib/api/handler";
import { ok } from "@/lib/api/respond";
import { revokeTenantToken } from "@/lib/auth/tokens";

export const dynamic = "force-dynamic";

export const DELETE = withTenant<{ tokenId: string }>({ scope: "tokens:write" }, async ({ params, tenantId, actor }) => {
  await revokeTenantToken(tenantId, params.tokenId, actor);
  return ok(null);
});

export const { GET, POST, PUT, PATCH } = methodsNotAllowed(["DELETE"]);
