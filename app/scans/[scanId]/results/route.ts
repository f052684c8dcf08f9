// GET /scans/{scanId}/results — the scan's findings, severity then outcome; filter by status, severity, category, framework (scans:read)
import { methodsNotAllowed, readQuery, withTenant } from "@/lib/api/handler";
import { ok } from "@/lib/api/respond";
import { filterFindings } from "@/lib/scans/findings";
import { listFindings } from "@/lib/scans/results";
import { listResultsQuerySchema } from "@/lib/scans/schemas";

export const dynamic = "force-dynamic";

export const GET = withTenant<{ scanId: string }>({ scope: "scans:read" }, async ({ req, params, tenantId }) => {
  const query = listResultsQuerySchema.parse(readQuery(req));
  const { findings } = await listFindings(tenantId, params.scanId);
  const matching = filterFindings(findings, query);
  const page = matching.slice((query.page - 1) * query.limit, query.page * query.limit);
  return ok(page, { meta: { total: matching.length, page: query.page, limit: query.limit } });
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
