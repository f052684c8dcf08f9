import type { Scan } from "@/lib/generated/prisma/client";
import type { ScanResource } from "@/lib/scans/schemas";

export function toScanResource(scan: Scan): ScanResource {
  return {
    id: scan.id,
    tenant_id: scan.tenantId,
    scan_type: scan.scanType,
    status: scan.status,
    started_at: scan.startedAt.toISOString(),
    completed_at: scan.completedAt ? scan.completedAt.toISOString() : null,
    pass_count: scan.passCount,
    fail_count: scan.failCount,
    skip_count: scan.skipCount,
    // Scans completed before per-check errors existed have no count: none of their checks was an error.
    error_count: scan.status === "completed" ? (scan.errorCount ?? 0) : null,
    score: scan.status === "completed" ? scan.score : null,
    trigger: scan.trigger,
    progress: { checks_done: scan.checksDone, checks_total: scan.checksTotal },
    error: scan.errorCode ? { code: scan.errorCode, message: scan.errorMessage ?? "" } : null,
  };
}
