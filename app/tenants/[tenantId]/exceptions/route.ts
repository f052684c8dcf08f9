// GET  /tenants/{tenantId}/exceptions — accepted risks, newest first, expired ones included (exceptions:read)
// POST /tenants/{tenantId}/exceptions — accept the risk of a check, or of one of its objects (exceptions:write)
import { methodsNotAllowed, readJson, withTenant } from "@/lib/api/handler";
import { ok } from "@/lib/api/respond";
import { createExceptionSchema } from "@/lib/exceptions/schemas";
import { createException, listExceptions, toExceptionResource } from "@/lib/exceptions/service";

export const dynamic = "force-dynamic";

export const GET = withTenant({ scope: "exceptions:read" }, async ({ tenantId }) => {
  return ok((await listExceptions(tenantId)).map((e) => toExceptionResource(e)));
});

export const POST = withTenant({ scope: "exceptions:write" }, async ({ req, tenantId, actor }) => {
  const input = createExceptionSchema.parse(await readJson(req));
  return ok(toExceptionResource(await createException(tenantId, input, actor)), { status: 201 });
});

export const { PUT, PATCH, DELETE } = methodsNotAllowed(["GET", "POST"]);
