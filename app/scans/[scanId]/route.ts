// GET /scans/{scanId} — one scan of the caller's tenant (scans:read)
import { methodsNotAllowed, withTenant } from "@/lib/api/handler";
import { ok } from "@/lib/api/respond";
import { toScanResource } from "@/lib/scans/serialize";
import { getScanOrThrow } from "@/lib/scans/service";

export const dynamic = "force-dynamic";

export const GET = withTenant<{ scanId: string }>({ scope: "scans:read" }, async ({ params, tenantId }) => {
  return ok(toScanResource(await getScanOrThrow(tenantId, params.scanId)));
});

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
