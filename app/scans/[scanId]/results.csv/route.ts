// GET /scans/{scanId}/results.csv — every finding as CSV, safe to open in a spreadsheet (scans:read)
import { methodsNotAllowed, withTenant } from "@/lib/api/handler";
import { exportFileName } from "@/lib/scans/export";
import { findingsToCsv, listFindings } from "@/lib/scans/results";

export const dynamic = "force-dynamic";

export const GET = withTenant<{ scanId: string }>({ scope: "scans:read" }, async ({ params, tenantId }) => {
  const { scan, findings } = await listFindings(tenantId, params.scanId);
  return new Response(findingsToCsv(findings), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${exportFileName(scan, "csv")}"`,
      "cache-control": "no-store",
    },
  });
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
