// GET  /tenants/{tenantId}/scans — list scans, newest first (scans:read)
// POST /tenants/{tenantId}/scans — trigger a scan now (scans:write)
import { methodsNotAllowed, readJson, readQuery, withTenant } from "@/lib/api/handler";
import { ok, okSerialized } from "@/lib/api/respond";
import { scanListBody } from "@/lib/scans/list-cache";
import { listScansQuerySchema, triggerScanSchema } from "@/lib/scans/schemas";
import { toScanResource } from "@/lib/scans/serialize";
import { triggerScan } from "@/lib/scans/service";

export const dynamic = "force-dynamic";

export const GET = withTenant({ scope: "scans:read" }, async ({ req, tenantId }) => {
  const query = listScansQuerySchema.parse(readQuery(req));
  // Served from the per-process page cache while the tenant's scan-list version is unchanged (lib/scans/list-cache.ts).
  return okSerialized(await scanListBody(tenantId, query));
});

export const POST = withTenant({ scope: "scans:write" }, async ({ req, tenantId, actor, via }) => {
  const input = triggerScanSchema.parse(await readJson(req));
  const scan = await triggerScan(tenantId, { scanType: input.scan_type, trigger: via.kind === "session" ? "dashboard" : "api" }, actor);
  return ok(toScanResource(scan), { status: 201 });
});

export const { PUT, PATCH, DELETE } = methodsNotAllowed(["GET", "POST"]);
