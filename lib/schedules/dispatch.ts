import "server-only";
import { getDb, rawName } from "@/lib/db";
import type { ScheduleRunOutcome, Tenant } from "@/lib/generated/prisma/client";
import type { ScanType } from "@/lib/generated/prisma/enums";
import { newId } from "@/lib/ids";
import { briefError, log } from "@/lib/log";
import { handOffScans, newScanData, scanRefusal } from "@/lib/scans/service";
import { billingPeriod } from "@/lib/tenants/plans";
import { nextRunAfter, type Cadence } from "@/lib/schedules/next-run";

/**
 * The schedule dispatcher: one tick (every minute — the Inngest cron function, or a timer under the inline
 * driver) fires every schedule whose nextRunAt has come.
 *
 * Exactly once per (schedule, slot), with overlapping ticks, retries or several app instances: a slot is claimed
 * (nextRunAt moved from the slot to the next one, under a row lock, re-checked after locking) in the same
 * transaction that creates the scan by the API's rules and records the run, whose (schedule, slot) is unique.
 * A tick that loses the race skips the row; a crash before commit leaves the slot due for the next tick.
 *
 * The next slot is computed from now, not from the fired slot: after downtime a schedule fires once for its
 * missed slot(s), then continues on its cadence. lastTriggeredAt is the slot instant that fired.
 */
export type SkipOutcome = Exclude<ScheduleRunOutcome, "started">;
export type DispatchResult = { claimed: number; started: number; skipped: Record<SkipOutcome, number>; lost: number; errors: number };

const OUTCOME_BY_CODE: Record<string, SkipOutcome> = {
  SCAN_ALREADY_RUNNING: "skipped_running",
  SCAN_PLAN_LIMIT_REACHED: "skipped_quota",
  TENANT_NOT_CONNECTED: "skipped_not_connected",
};

type StartedScan = { id: string; tenantId: string; scanType: ScanType };
type BatchOutcome = { claimed: number; lost: number; skipped: SkipOutcome[]; started: StartedScan[] };

type DueRow = {
  id: string;
  tenant_id: string;
  is_plan_schedule: boolean;
  frequency: Cadence["frequency"];
  hour: number;
  minute: number;
  day_of_week: number | null;
  day_of_month: number | null;
  timezone: string;
  scan_type: ScanType;
  next_run_at: Date;
};
type TenantRow = { id: string; plan: Tenant["plan"]; connection_status: Tenant["connectionStatus"]; billing_anchor: Date };

/** Next slots of one tick, memoised by cadence: schedules sharing zone and time share the computation. */
function nextRunMemo(now: Date): (row: DueRow) => Date {
  const memo = new Map<string, Date>();
  return (row) => {
    const key = `${row.frequency}|${row.hour}|${row.minute}|${row.day_of_week}|${row.day_of_month}|${row.timezone}`;
    let next = memo.get(key);
    if (!next) {
      next = nextRunAfter({ frequency: row.frequency, hour: row.hour, minute: row.minute, dayOfWeek: row.day_of_week, dayOfMonth: row.day_of_month, timezone: row.timezone }, now);
      memo.set(key, next);
    }
    return next;
  };
}

/**
 * Fires one batch of due schedules in one transaction. Rows are locked in id order with SKIP LOCKED (a concurrent
 * tick skips what this one holds instead of waiting or deadlocking) and re-read under the lock, so a slot that
 * another tick already fired is no longer due here. Scans are decided by the API's own rules (scanRefusal) under
 * the same per-tenant locks, taken in sorted order; runs are unique per (schedule, slot). The bulk reads and
 * writes are set-based SQL over arrays: per-row Prisma calls cost ~10x the CPU at 100k slots (bench:dispatch).
 */
export async function fireBatch(ids: string[], now: Date, nextRun: (row: DueRow) => Date = nextRunMemo(now)): Promise<BatchOutcome> {
  const db = getDb();
  const t = (name: string) => rawName(name, db);
  return db.$transaction(
    async (tx) => {
      const schedules = await tx.$queryRawUnsafe<DueRow[]>(
        `SELECT id, tenant_id, is_plan_schedule, frequency::text AS frequency, hour, minute, day_of_week, day_of_month, timezone,
                scan_type::text AS scan_type, next_run_at
         FROM ${t("scheduled_scans")} WHERE id = ANY($1::text[]) AND enabled AND next_run_at <= $2 ORDER BY id FOR UPDATE SKIP LOCKED`,
        ids,
        now,
      );
      if (schedules.length === 0) return { claimed: 0, lost: ids.length, skipped: [], started: [] };
      await tx.$executeRawUnsafe(
        `UPDATE ${t("scheduled_scans")} AS s SET next_run_at = v.next, last_triggered_at = v.slot, updated_at = now()
         FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[]) AS v(id, slot, next) WHERE s.id = v.id AND s.next_run_at = v.slot`,
        schedules.map((s) => s.id),
        schedules.map((s) => s.next_run_at),
        schedules.map(nextRun),
      );

      const tenantIds = [...new Set(schedules.map((s) => s.tenant_id))].sort();
      await tx.$executeRawUnsafe(
        `SELECT pg_advisory_xact_lock(hashtextextended('scan-trigger:' || t, 0)) FROM (SELECT t FROM unnest($1::text[]) AS t ORDER BY t) AS sorted`,
        tenantIds,
      );
      const tenants = new Map<string, Tenant>();
      for (const r of await tx.$queryRawUnsafe<TenantRow[]>(
        `SELECT id, plan::text AS plan, connection_status::text AS connection_status, billing_anchor FROM ${t("tenants")} WHERE id = ANY($1::text[])`,
        tenantIds,
      )) {
        // scanRefusal reads only these fields of a tenant.
        tenants.set(r.id, { id: r.id, plan: r.plan, connectionStatus: r.connection_status, billingAnchor: r.billing_anchor } as Tenant);
      }
      const running = new Map<string, string>();
      for (const r of await tx.$queryRawUnsafe<{ id: string; tenant_id: string; scan_type: string }[]>(
        `SELECT id, tenant_id, scan_type::text AS scan_type FROM ${t("scans")} WHERE tenant_id = ANY($1::text[]) AND status = 'in_progress'`,
        tenantIds,
      )) {
        running.set(`${r.tenant_id}:${r.scan_type}`, r.id);
      }
      const used = new Map<string, number>();
      for (const r of await tx.$queryRawUnsafe<{ tenant_id: string; used: number }[]>(
        `SELECT p.tenant_id, count(s.id)::int AS used FROM unnest($1::text[], $2::timestamptz[]) AS p(tenant_id, start)
         LEFT JOIN ${t("scans")} AS s ON s.tenant_id = p.tenant_id AND s.started_at >= p.start AND s.trigger <> 'plan_schedule' AND s.status <> 'failed'
         GROUP BY p.tenant_id`,
        tenantIds,
        tenantIds.map((id) => billingPeriod(tenants.get(id)!.billingAnchor, now).start),
      )) {
        used.set(r.tenant_id, Number(r.used));
      }

      const started: (ReturnType<typeof newScanData> & StartedScan)[] = [];
      const runs = { id: [] as string[], schedule: [] as string[], tenant: [] as string[], slot: [] as Date[], outcome: [] as string[], scan: [] as (string | null)[] };
      const skipped: SkipOutcome[] = [];
      for (const schedule of schedules) {
        const tenant = tenants.get(schedule.tenant_id)!;
        const options = { scanType: schedule.scan_type, trigger: schedule.is_plan_schedule ? ("plan_schedule" as const) : ("schedule" as const), scheduledScanId: schedule.id };
        const key = `${tenant.id}:${schedule.scan_type}`;
        const refusal = scanRefusal(tenant, options, { inProgressScanId: running.get(key) ?? null, quotaUsed: used.get(tenant.id) ?? 0 }, now);
        let scanId: string | null = null;
        if (refusal) {
          skipped.push(OUTCOME_BY_CODE[refusal.code]!);
        } else {
          const scan = newScanData(tenant.id, options);
          started.push(scan);
          scanId = scan.id;
          running.set(key, scan.id); // a second schedule of this tenant and type in the same batch sees it running
          if (options.trigger !== "plan_schedule") used.set(tenant.id, (used.get(tenant.id) ?? 0) + 1);
        }
        runs.id.push(newId("scheduleRun"));
        runs.schedule.push(schedule.id);
        runs.tenant.push(tenant.id);
        runs.slot.push(schedule.next_run_at);
        runs.outcome.push(refusal ? OUTCOME_BY_CODE[refusal.code]! : "started");
        runs.scan.push(scanId);
      }
      if (started.length > 0) {
        await tx.$executeRawUnsafe(
          `INSERT INTO ${t("scans")} (id, tenant_id, scan_type, trigger, scheduled_scan_id, checks_total)
           SELECT id, tenant_id, scan_type::${t("ScanType")}, trigger::${t("ScanTrigger")}, scheduled_scan_id, checks_total
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[]) AS v(id, tenant_id, scan_type, trigger, scheduled_scan_id, checks_total)`,
          started.map((s) => s.id),
          started.map((s) => s.tenantId),
          started.map((s) => s.scanType),
          started.map((s) => s.trigger),
          started.map((s) => s.scheduledScanId),
          started.map((s) => s.checksTotal),
        );
        await tx.$executeRawUnsafe(
          `INSERT INTO ${t("audit_events")} (id, tenant_id, actor_type, actor_id, action, target_type, target_id, metadata)
           SELECT id, tenant_id, 'system', 'scheduler', 'scan.triggered', 'scan', target_id, jsonb_build_object('scan_type', scan_type, 'trigger', trigger, 'scheduled_scan_id', schedule_id)
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS v(id, tenant_id, target_id, scan_type, trigger, schedule_id)`,
          started.map(() => newId("auditEvent")),
          started.map((s) => s.tenantId),
          started.map((s) => s.id),
          started.map((s) => s.scanType),
          started.map((s) => s.trigger),
          started.map((s) => s.scheduledScanId),
        );
      }
      await tx.$executeRawUnsafe(
        `INSERT INTO ${t("schedule_runs")} (id, scheduled_scan_id, tenant_id, slot, outcome, scan_id)
         SELECT id, schedule_id, tenant_id, slot, outcome::${t("ScheduleRunOutcome")}, scan_id
         FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[]) AS v(id, schedule_id, tenant_id, slot, outcome, scan_id)`,
        runs.id,
        runs.schedule,
        runs.tenant,
        runs.slot,
        runs.outcome,
        runs.scan,
      );
      return { claimed: schedules.length, lost: ids.length - schedules.length, skipped, started };
    },
    { maxWait: 30_000, timeout: 120_000 },
  );
}

/**
 * Dispatches every due schedule: due rows are read in keyset order and fired in batches, `concurrency` batches at a
 * time; started scans are then handed to the job layer. System job: across all tenants.
 */
export async function dispatchDueSchedules(now = new Date(), options: { batchSize?: number; concurrency?: number } = {}): Promise<DispatchResult> {
  const db = getDb();
  const batchSize = options.batchSize ?? 1_000;
  const concurrency = options.concurrency ?? 2;
  const result: DispatchResult = { claimed: 0, started: 0, skipped: { skipped_running: 0, skipped_quota: 0, skipped_not_connected: 0 }, lost: 0, errors: 0 };
  let cursor: { nextRunAt: Date; id: string } | null = null;
  let exhausted = false;
  const nextBatch = async (): Promise<string[] | null> => {
    if (exhausted) return null;
    const due: { id: string; nextRunAt: Date | null }[] = await db.scheduledScan.findMany({
      where: {
        enabled: true,
        nextRunAt: { lte: now },
        ...(cursor ? { OR: [{ nextRunAt: { gt: cursor.nextRunAt } }, { nextRunAt: cursor.nextRunAt, id: { gt: cursor.id } }] } : {}),
      },
      orderBy: [{ nextRunAt: "asc" }, { id: "asc" }],
      take: batchSize,
      select: { id: true, nextRunAt: true },
    });
    if (due.length < batchSize) exhausted = true;
    if (due.length === 0) return null;
    const last = due[due.length - 1]!;
    cursor = { nextRunAt: last.nextRunAt!, id: last.id };
    return due.map((d) => d.id);
  };
  let reading: Promise<unknown> = Promise.resolve();
  const take = () => {
    const next = reading.then(nextBatch); // one keyset read at a time
    reading = next.catch(() => null);
    return next;
  };
  const nextRun = nextRunMemo(now);
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let ids = await take(); ids; ids = await take()) {
        try {
          const batch = await fireBatch(ids, now, nextRun);
          result.claimed += batch.claimed;
          result.lost += batch.lost;
          result.started += batch.started.length;
          for (const outcome of batch.skipped) result.skipped[outcome]++;
          await handOffScans(batch.started);
        } catch (error) {
          result.errors += ids.length; // nothing committed: these slots stay due for the next tick
          log.error("schedule dispatch batch failed", { size: ids.length, ...briefError(error) });
        }
      }
    }),
  );
  return result;
}

/** One scheduler tick: fail stuck scans first (so their types can start again), then fire due schedules. */
export async function runSchedulerTick(now = new Date()): Promise<{ reaped: number; dispatch: DispatchResult }> {
  const { reapStuckScans } = await import("@/lib/scans/run");
  const reaped = await reapStuckScans(now);
  if (reaped.length > 0) log.warn("reaper failed stuck scans", { count: reaped.length, scanIds: reaped.slice(0, 20) });
  const dispatch = await dispatchDueSchedules(now);
  return { reaped: reaped.length, dispatch };
}
