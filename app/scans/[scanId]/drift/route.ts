// GET /scans/{scanId}/drift — what changed against the previous completed scan of the type, or ?against={scanId} (scans:read)
import { methodsNotAllowed, readQuery, withTenant } from "@/lib/api/handler";
import { ok } from "@/lib/api/respond";
import { getDrift } from "@/lib/scans/drift";
import { driftQuerySchema } from "@/lib/scans/schemas";

export const dynamic = "force-dynamic";

export const GET = withTenant<{ scanId: string }>({ scope: "scans:read" }, async ({ req, params, tenantId }) => {
  const query = driftQuerySchema.parse(readQuery(req));
  return ok(await getDrift(tenantId, params.scanId, query.against));
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
