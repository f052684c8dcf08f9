import "server-only";
import { getDb, rawName } from "@/lib/db";
import { Prisma, type ScanType, type Severity } from "@/lib/generated/prisma/client";

/**
 * One row per tenant for people who look after many: scores and their change, failing checks by severity, last and
 * next scan, connection. Five queries whatever the number of tenants. The caller passes only tenants the signed-in
 * person is a member of (the session's memberships).
 */
export type FleetScore = { scanId: string; score: number | null; change: number | null; startedAt: Date };
export type FleetRow = {
  tenantId: string;
  name: string;
  connectionStatus: string;
  compliance: FleetScore | null;
  exposure: FleetScore | null;
  failing: Record<Severity, number>;
  lastScanAt: Date | null;
  nextRunAt: Date | null;
};

type RankedScan = { id: string; tenant_id: string; scan_type: ScanType; score: number | null; started_at: Date; rank: bigint | number };

export async function getFleet(tenantIds: string[]): Promise<FleetRow[]> {
  if (tenantIds.length === 0) return [];
  const db = getDb();
  const [tenants, ranked, lastScans, nextRuns] = await Promise.all([
    db.tenant.findMany({ where: { id: { in: tenantIds } }, select: { id: true, name: true, connectionStatus: true } }),
    db.$queryRaw<RankedScan[]>(Prisma.sql`
      SELECT id, tenant_id, scan_type, score, started_at, rank FROM (
        SELECT id, tenant_id, scan_type, score, started_at,
               ROW_NUMBER() OVER (PARTITION BY tenant_id, scan_type ORDER BY started_at DESC, id DESC) AS rank
        FROM ${Prisma.raw(rawName("scans", db))}
        WHERE tenant_id IN (${Prisma.join(tenantIds)}) AND status = 'completed'
      ) AS latest WHERE rank <= 2`),
    db.scan.groupBy({ by: ["tenantId"], where: { tenantId: { in: tenantIds } }, _max: { startedAt: true } }),
    db.scheduledScan.groupBy({ by: ["tenantId"], where: { tenantId: { in: tenantIds }, enabled: true, nextRunAt: { not: null } }, _min: { nextRunAt: true } }),
  ]);
  const latestIds = ranked.filter((r) => Number(r.rank) === 1).map((r) => r.id);
  const failing = latestIds.length
    ? await db.checkResult.groupBy({ by: ["tenantId", "severity"], where: { scanId: { in: latestIds }, status: "fail" }, _count: { _all: true } })
    : [];
  const score = (tenantId: string, scanType: ScanType): FleetScore | null => {
    const mine = ranked.filter((r) => r.tenant_id === tenantId && r.scan_type === scanType).sort((a, b) => Number(a.rank) - Number(b.rank));
    const [latest, previous] = mine;
    if (!latest) return null;
    const change = latest.score !== null && previous?.score != null ? Math.round((latest.score - previous.score) * 10) / 10 : null;
    return { scanId: latest.id, score: latest.score, change, startedAt: latest.started_at };
  };
  return tenants.map((t) => {
    const bySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
    for (const f of failing) if (f.tenantId === t.id) bySeverity[f.severity] += f._count._all;
    return {
      tenantId: t.id,
      name: t.name,
      connectionStatus: t.connectionStatus,
      compliance: score(t.id, "compliance"),
      exposure: score(t.id, "exposure"),
      failing: bySeverity,
      lastScanAt: lastScans.find((l) => l.tenantId === t.id)?._max.startedAt ?? null,
      nextRunAt: nextRuns.find((n) => n.tenantId === t.id)?._min.nextRunAt ?? null,
    };
  });
}
