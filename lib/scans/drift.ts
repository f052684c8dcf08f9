import "server-only";
import { AppError } from "@/lib/api/errors";
import { getDb } from "@/lib/db";
import type { CheckResult, Scan } from "@/lib/generated/prisma/client";
import type { z } from "zod";
import { compareFindings, type Finding } from "@/lib/scans/findings";
import { toFinding } from "@/lib/scans/results";
import type { driftEntrySchema, driftResourceSchema } from "@/lib/scans/schemas";
import { getScanOrThrow } from "@/lib/scans/service";

/**
 * What changed between two completed scans of one type, check by check: by default against the previous completed
 * scan of the same type, or against any other scan of the tenant and type (`against`).
 */
export type DriftEntry = z.infer<typeof driftEntrySchema>;
export type Drift = z.infer<typeof driftResourceSchema>;

type ResultRow = Pick<CheckResult, "checkId" | "severity" | "status" | "message" | "evidence">;
const SELECT = { checkId: true, severity: true, status: true, message: true, evidence: true } as const;

function assertComparable(scan: Scan, what: string): void {
  if (scan.status !== "completed") throw new AppError("VALIDATION_ERROR", `${what} has not completed, so it has no results to compare`, [{ field: what === "The scan" ? "scanId" : "against", message: "must be a completed scan" }]);
}

/** Compares two sets of results (pure: used by the API, the overview and the compare view). */
export function diffResults(scanId: string, againstId: string | null, current: ResultRow[], baseline: ResultRow[]): Drift {
  const drift: Drift = { scan_id: scanId, against_scan_id: againstId, newly_failing: [], newly_passing: [], other_changes: [], still_failing: [], new: [], removed: [], unchanged: 0 };
  if (againstId === null) return drift;
  const before = new Map(baseline.map((r) => [r.checkId, r]));
  const entry = (f: Finding, b: ResultRow | undefined, after: ResultRow | undefined): DriftEntry => ({
    check_id: f.check_id,
    title: f.title,
    category: f.category,
    severity: f.severity,
    before: b?.status ?? null,
    after: after?.status ?? null,
    message: f.message,
  });
  for (const row of current) {
    const finding = toFinding(row);
    const old = before.get(row.checkId);
    before.delete(row.checkId);
    if (!old) drift.new.push(entry(finding, undefined, row));
    else if (old.status === row.status) {
      if (row.status === "fail") drift.still_failing.push(entry(finding, old, row));
      else drift.unchanged++;
    } else if (row.status === "fail") drift.newly_failing.push(entry(finding, old, row));
    else if (old.status === "fail" && row.status === "pass") drift.newly_passing.push(entry(finding, old, row));
    else drift.other_changes.push(entry(finding, old, row));
  }
  for (const old of before.values()) drift.removed.push(entry(toFinding(old), old, undefined));
  const rank = (e: DriftEntry) => ({ check_id: e.check_id, severity: e.severity, status: e.after ?? e.before ?? "pass" });
  const sort = (list: DriftEntry[]) => list.sort((a, b) => compareFindings(rank(a), rank(b)));
  for (const list of [drift.newly_failing, drift.newly_passing, drift.other_changes, drift.still_failing, drift.new, drift.removed]) sort(list);
  return drift;
}

/** The previous completed scan of the same type, or null for the first one. */
export async function findPreviousCompletedScan(tenantId: string, scan: Pick<Scan, "id" | "scanType" | "startedAt">): Promise<Scan | null> {
  return getDb().scan.findFirst({
    where: { tenantId, scanType: scan.scanType, status: "completed", OR: [{ startedAt: { lt: scan.startedAt } }, { startedAt: scan.startedAt, id: { lt: scan.id } }] },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
  });
}

export async function getDrift(tenantId: string, scanId: string, againstId?: string): Promise<Drift> {
  const scan = await getScanOrThrow(tenantId, scanId);
  assertComparable(scan, "The scan");
  let baseline: Scan | null;
  if (againstId !== undefined) {
    if (againstId === scan.id) throw new AppError("VALIDATION_ERROR", "Compare a scan with another scan", [{ field: "against", message: "must be another scan" }]);
    baseline = await getScanOrThrow(tenantId, againstId);
    if (baseline.scanType !== scan.scanType) {
      throw new AppError("VALIDATION_ERROR", `Scans of different types cannot be compared (${scan.scanType} vs ${baseline.scanType})`, [{ field: "against", message: `must be a ${scan.scanType} scan` }]);
    }
    assertComparable(baseline, "The other scan");
  } else {
    baseline = await findPreviousCompletedScan(tenantId, scan);
  }
  const db = getDb();
  const [current, previous] = await Promise.all([
    db.checkResult.findMany({ where: { tenantId, scanId: scan.id }, select: SELECT }),
    baseline ? db.checkResult.findMany({ where: { tenantId, scanId: baseline.id }, select: SELECT }) : Promise.resolve([]),
  ]);
  return diffResults(scan.id, baseline?.id ?? null, current, previous);
}
