// GET /tenants/me/scheduled-scans/{id}/runs — what each fired slot did, newest first (schedules:read)
import { paginationQuerySchema } from "@/lib/api/query";
import { methodsNotAllowed, readQuery, withTenant } from "@/lib/api/handler";
import { ok } from "@/lib/api/respond";
import { listScheduleRuns } from "@/lib/schedules/service";

export const dynamic = "force-dynamic";

export const GET = withTenant<{ scheduledScanId: string }>({ scope: "schedules:read" }, async ({ req, tenantId, params }) => {
  const query = paginationQuerySchema.parse(readQuery(req));
  const { runs, total } = await listScheduleRuns(tenantId, params.scheduledScanId, query.page, query.limit);
  const data = runs.map((r) => ({
    id: r.id,
    scheduledScanId: params.scheduledScanId,
    slot: r.slot.toISOString(),
    outcome: r.outcome,
    scanId: r.scanId,
    createdAt: r.createdAt.toISOString(),
  }));
  return ok(data, { meta: { total, page: query.page, limit: query.limit } });
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
