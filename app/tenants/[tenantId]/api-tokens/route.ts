// GET  /tenants/{tenantId}/api-tokens — the tenant's API tokens, newest first, secrets never included (tokens:read)
// POST /tenants/{tenantId}/api-tokens — create a token; its secret is in this response only (tokens:write: owners)
import { methodsNotAllowed, readJson, readQuery, withTenant } from "@/lib/api/handler";
import { ok } from "@/lib/api/respond";
import { createTokenSchema, listTokensQuerySchema } from "@/lib/auth/schemas";
import { createApiToken, listApiTokens } from "@/lib/auth/tokens";
import { toTokenResource } from "@/lib/tenants/serialize";

export const dynamic = "force-dynamic";

export const GET = withTenant({ scope: "tokens:read" }, async ({ req, tenantId }) => {
  const query = listTokensQuerySchema.parse(readQuery(req));
  const { tokens, total } = await listApiTokens(tenantId, query.page, query.limit);
  return ok(tokens.map((t) => toTokenResource(t)), { meta: { total, page: query.page, limit: query.limit } });
});

export const POST = withTenant({ scope: "tokens:write" }, async ({ req, tenantId, actor }) => {
  const input = createTokenSchema.parse(await readJson(req));
  const { token, record } = await createApiToken(
    tenantId,
    { name: input.name, scopes: input.scopes, expiresAt: input.expires_at ? new Date(input.expires_at) : null },
    actor,
  );
  return ok({ ...toTokenResource(record), token }, { status: 201, headers: { "cache-control": "no-store" } });
});

export const { PUT, PATCH, DELETE } = methodsNotAllowed(["GET", "POST"]);
