// GET /tenants/{tenantId}/break-glass — the declared break-glass accounts and groups (exceptions:read)
// PUT /tenants/{tenantId}/break-glass — replace them; Conditional Access checks accept exclusions only for these (exceptions:write)
import { methodsNotAllowed, readJson, withTenant } from "@/lib/api/handler";
import { ok } from "@/lib/api/respond";
import { updateBreakGlassSchema } from "@/lib/break-glass/schemas";
import { getBreakGlass, updateBreakGlass } from "@/lib/break-glass/service";

export const dynamic = "force-dynamic";

export const GET = withTenant({ scope: "exceptions:read" }, async ({ tenantId }) => {
  return ok(await getBreakGlass(tenantId));
});

export const PUT = withTenant({ scope: "exceptions:write" }, async ({ req, tenantId, actor }) => {
  const input = updateBreakGlassSchema.parse(await readJson(req));
  return ok(await updateBreakGlass(tenantId, input, actor));
});

export const { POST, PATCH, DELETE } = methodsNotAllowed(["GET", "PUT"]);
