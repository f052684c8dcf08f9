// DELETE /tenants/{tenantId}/exceptions/{exceptionId} — withdraw an accepted risk; the next scan judges it again (exceptions:write)
import { methodsNotAllowed, withTenant } from "@/lib/api/handler";
import { ok } from "@/lib/api/respond";
import { deleteException } from "@/lib/exceptions/service";

export const dynamic = "force-dynamic";

export const DELETE = withTenant<{ exceptionId: string }>({ scope: "exceptions:write" }, async ({ params, tenantId, actor }) => {
  await deleteException(tenantId, params.exceptionId, actor);
  return ok(null);
});

export const { GET, POST, PUT, PATCH } = methodsNotAllowed(["DELETE"]);
