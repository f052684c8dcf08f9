import "server-only";
import { getDb } from "@/lib/db";
import type { Scan, ScanType, ScheduledScan, Severity } from "@/lib/generated/prisma/client";
import { diffResults, type Drift } from "@/lib/scans/drift";
import { listSchedules } from "@/lib/schedules/service";

/**
 * Everything the overview shows, in a fixed number of queries whatever the history's length: per scan type the
 * latest score and its change, the score history with the points where the set of failing checks changed, failing
 * checks by severity, and what changed since the previous scan; plus the latest scans and the next scheduled runs.
 */
export const SCAN_TYPES: ScanType[] = ["compliance", "exposure"];
export const HISTORY_POINTS = 60;

export type ScorePoint = { scanId: string; startedAt: Date; score: number | null; failCount: number; failingChanged: boolean };
export type TypeOverview = {
  scanType: ScanType;
  latest: Scan | null;
  previous: Scan | null;
  /** Score change of the latest completed scan against the previous one, in points; null without both scores. */
  change: number | null;
  /** Completed scans, oldest first. */
  history: ScorePoint[];
  failingBySeverity: Record<Severity, number>;
  drift: Drift | null;
};
export type Overview = { types: TypeOverview[]; recent: Scan[]; schedules: ScheduledScan[] };

const RECENT_SCANS = 6;

const EMPTY_SEVERITY = (): Record<Severity, number> => ({ critical: 0, high: 0, medium: 0, low: 0, info: 0 });

/** The caller has checked the tenant (the viewer's membership): no tenant lookup of its own. */
export async function getOverview(tenantId: string): Promise<Overview> {
  const db = getDb();
  const [histories, recent, schedules] = await Promise.all([
    Promise.all(
      SCAN_TYPES.map((scanType) =>
        db.scan.findMany({ where: { tenantId, scanType, status: "completed" }, orderBy: [{ startedAt: "desc" }, { id: "desc" }], take: HISTORY_POINTS }),
      ),
    ),
    // The latest scans without the list API's total: the overview shows no count.
    db.scan.findMany({ where: { tenantId }, orderBy: [{ startedAt: "desc" }, { id: "desc" }], take: RECENT_SCANS }),
    listSchedules(tenantId),
  ]);
  const historyIds = histories.flat().map((s) => s.id);
  const comparedIds = histories.flatMap((h) => h.slice(0, 2).map((s) => s.id));
  const [failing, compared] = await Promise.all([
    db.checkResult.findMany({ where: { tenantId, scanId: { in: historyIds }, status: "fail" }, select: { scanId: true, checkId: true, severity: true } }),
    db.checkResult.findMany({ where: { tenantId, scanId: { in: comparedIds } }, select: { scanId: true, checkId: true, severity: true, status: true, message: true, evidence: true } }),
  ]);
  const failingByScan = new Map<string, { checkId: string; severity: Severity }[]>();
  for (const f of failing) failingByScan.set(f.scanId, [...(failingByScan.get(f.scanId) ?? []), f]);
  const signature = (scanId: string) => (failingByScan.get(scanId) ?? []).map((f) => f.checkId).sort().join(",");

  const types = SCAN_TYPES.map((scanType, i): TypeOverview => {
    const newestFirst = histories[i]!;
    const [latest = null, previous = null] = newestFirst;
    const chronological = [...newestFirst].reverse();
    const history = chronological.map((s, k) => ({
      scanId: s.id,
      startedAt: s.startedAt,
      score: s.score,
      failCount: s.failCount ?? 0,
      failingChanged: k > 0 && signature(s.id) !== signature(chronological[k - 1]!.id),
    }));
    const failingBySeverity = EMPTY_SEVERITY();
    for (const f of latest ? (failingByScan.get(latest.id) ?? []) : []) failingBySeverity[f.severity]++;
    const rowsOf = (scan: Scan | null) => (scan ? compared.filter((r) => r.scanId === scan.id) : []);
    return {
      scanType,
      latest,
      previous,
      change: latest?.score != null && previous?.score != null ? Math.round((latest.score - previous.score) * 10) / 10 : null,
      history,
      failingBySeverity,
      drift: latest ? diffResults(latest.id, previous?.id ?? null, rowsOf(latest), rowsOf(previous)) : null,
    };
  });
  return { types, recent, schedules };
}
