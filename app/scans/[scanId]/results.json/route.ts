// GET /scans/{scanId}/results.json — the scan and every finding as one JSON download (scans:read)
import { methodsNotAllowed, withTenant } from "@/lib/api/handler";
import { ok } from "@/lib/api/respond";
import { exportFileName } from "@/lib/scans/export";
import { listFindings } from "@/lib/scans/results";
import { toScanResource } from "@/lib/scans/serialize";

export const dynamic = "force-dynamic";

export const GET = withTenant<{ scanId: string }>({ scope: "scans:read" }, async ({ params, tenantId }) => {
  const { scan, findings } = await listFindings(tenantId, params.scanId);
  return ok(
    { scan: toScanResource(scan), results: findings },
    { headers: { "content-disposition": `attachment; filename="${exportFileName(scan, "json")}"`, "cache-control": "no-store" } },
  );
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
