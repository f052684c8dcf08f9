import "server-only";
import { AppError } from "@/lib/api/errors";
import { getDb } from "@/lib/db";
import type { Scan, ScheduledScan, ScheduleRunOutcome } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import { log } from "@/lib/log";
import { createScanInTx, handOffScan, SCAN_TX_OPTIONS } from "@/lib/scans/service";
import { nextRunAfter } from "@/lib/schedules/next-run";

/**
 * The schedule dispatcher: one tick (every minute — the Inngest cron function, or a timer under the inline
 * driver) fires every schedule whose nextRunAt has come.
 *
 * Exactly once per (schedule, slot), with overlapping ticks, retries or several app instances: each slot is
 * claimed by a compare-and-set of nextRunAt (slot → next slot) in the same transaction that creates the scan
 * (through the API's own path) and records the run, whose (schedule, slot) is unique. A tick that loses the
 * race updates nothing and moves on; a crash before commit leaves the slot due for the next tick.
 *
 * The next slot is computed from now, not from the fired slot: after downtime a schedule fires once for its
 * missed slot(s), then continues on its cadence. lastTriggeredAt is the slot instant that fired.
 */
export type DispatchResult = { claimed: number; started: number; skipped: Record<Exclude<ScheduleRunOutcome, "started">, number>; lost: number; errors: number };

const OUTCOME_BY_CODE: Partial<Record<string, Exclude<ScheduleRunOutcome, "started">>> = {
  SCAN_ALREADY_RUNNING: "skipped_running",
  SCAN_PLAN_LIMIT_REACHED: "skipped_quota",
  TENANT_NOT_CONNECTED: "skipped_not_connected",
};

type Fired = { outcome: ScheduleRunOutcome; scan: Scan | null } | null;

/** Fires one due slot of one schedule; null when another tick claimed it first. */
async function fireSlot(schedule: ScheduledScan, slot: Date, now: Date): Promise<Fired> {
  const db = getDb();
  return db.$transaction(async (tx) => {
    const claimed = await tx.scheduledScan.updateMany({
      where: { id: schedule.id, tenantId: schedule.tenantId, enabled: true, nextRunAt: slot },
      data: { nextRunAt: nextRunAfter(schedule, now), lastTriggeredAt: slot },
    });
    if (claimed.count === 0) return null;
    const tenant = await tx.tenant.findUniqueOrThrow({ where: { id: schedule.tenantId } });
    let outcome: ScheduleRunOutcome = "started";
    let scan: Scan | null = null;
    try {
      // Savepoint-free: createScanInTx refuses before it writes anything, so a refusal leaves the tx usable.
      scan = await createScanInTx(
        tx,
        tenant,
        { scanType: schedule.scanType, trigger: schedule.isPlanSchedule ? "plan_schedule" : "schedule", scheduledScanId: schedule.id },
        { type: "system", id: "scheduler" },
      );
    } catch (error) {
      const skipped = error instanceof AppError ? OUTCOME_BY_CODE[error.code] : undefined;
      if (!skipped) throw error;
      outcome = skipped;
    }
    await tx.scheduleRun.create({ data: { id: newId("scheduleRun"), scheduledScanId: schedule.id, tenantId: schedule.tenantId, slot, outcome, scanId: scan?.id ?? null } });
    return { outcome, scan };
  }, SCAN_TX_OPTIONS);
}

/** Dispatches every due schedule in batches, `concurrency` at a time. System job: across all tenants. */
export async function dispatchDueSchedules(now = new Date(), options: { batchSize?: number; concurrency?: number } = {}): Promise<DispatchResult> {
  const db = getDb();
  const batchSize = options.batchSize ?? 500;
  const concurrency = options.concurrency ?? 8;
  const result: DispatchResult = { claimed: 0, started: 0, skipped: { skipped_running: 0, skipped_quota: 0, skipped_not_connected: 0 }, lost: 0, errors: 0 };
  let cursor: { nextRunAt: Date; id: string } | null = null;
  for (;;) {
    // Keyset pagination over due rows, so rows another tick already moved on are not read again.
    const due: ScheduledScan[] = await db.scheduledScan.findMany({
      where: {
        enabled: true,
        nextRunAt: { lte: now },
        ...(cursor ? { OR: [{ nextRunAt: { gt: cursor.nextRunAt } }, { nextRunAt: cursor.nextRunAt, id: { gt: cursor.id } }] } : {}),
      },
      orderBy: [{ nextRunAt: "asc" }, { id: "asc" }],
      take: batchSize,
    });
    if (due.length === 0) break;
    const last = due[due.length - 1]!;
    cursor = { nextRunAt: last.nextRunAt!, id: last.id };
    let index = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, due.length) }, async () => {
        while (index < due.length) {
          const schedule = due[index++]!;
          try {
            const fired = await fireSlot(schedule, schedule.nextRunAt!, now);
            if (!fired) {
              result.lost++;
              continue;
            }
            result.claimed++;
            if (fired.scan) {
              result.started++;
              await handOffScan(fired.scan, "fail");
            } else result.skipped[fired.outcome as Exclude<ScheduleRunOutcome, "started">]++;
          } catch (error) {
            result.errors++; // the slot stays due (nothing committed) and is retried on the next tick
            log.error("schedule dispatch failed", { scheduleId: schedule.id, error: (error as Error).message });
          }
        }
      }),
    );
    if (due.length < batchSize) break;
  }
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
