import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newId } from "@/lib/ids";
import { setJobDriver, type JobDriver, type ScanJob } from "@/lib/jobs/driver";
import { dispatchDueSchedules, fireBatch } from "@/lib/schedules/dispatch";
import { createSchedule, updateSchedule } from "@/lib/schedules/service";
import { PLANS } from "@/lib/tenants/plans";
import { makeTenant, setupIsolatedDb } from "../../tests/helpers";

// Exactly-once dispatch. The concurrency cases prove something only on PostgreSQL (CI); PGlite serialises them.
const db = setupIsolatedDb();
const actor = { type: "system" as const, id: "test" };
let jobs: ScanJob[] = [];

beforeEach(async () => {
  // Each test starts with no enabled schedules: earlier tests' schedules would otherwise be due "now" too.
  await db().scheduledScan.updateMany({ data: { enabled: false } });
  jobs = [];
  setJobDriver({ name: "recording", enqueueScan: async (job) => void jobs.push(job) } satisfies JobDriver);
});
afterEach(() => setJobDriver(undefined));

const daily6: { name: string; frequency: "daily"; hour: number; minute: number; timezone: string; scanType: "compliance" | "exposure" } = {
  name: "Daily",
  frequency: "daily",
  hour: 6,
  minute: 0,
  timezone: "UTC",
  scanType: "exposure",
};

/** A schedule whose next slot is `slot` (as if created long ago and never dispatched since). */
async function dueSchedule(tenantId: string, slot: Date, overrides: Partial<typeof daily6> = {}) {
  const s = await createSchedule(tenantId, { ...daily6, ...overrides }, actor);
  return db().scheduledScan.update({ where: { id: s.id }, data: { nextRunAt: slot } });
}

describe("dispatchDueSchedules", () => {
  it("fires a due slot once: scan started through the API path, run recorded, slot remembered, next slot set", async () => {
    const tenant = await makeTenant();
    const slot = new Date("2026-06-01T06:00:00Z");
    const now = new Date("2026-06-01T06:00:20Z");
    const schedule = await dueSchedule(tenant.id, slot);
    const result = await dispatchDueSchedules(now);
    expect(result).toMatchObject({ claimed: 1, started: 1, lost: 0, errors: 0 });
    const runs = await db().scheduleRun.findMany({ where: { scheduledScanId: schedule.id } });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ slot, outcome: "started" });
    const scan = await db().scan.findUniqueOrThrow({ where: { id: runs[0]!.scanId! } });
    expect(scan).toMatchObject({ tenantId: tenant.id, scanType: "exposure", trigger: "schedule", scheduledScanId: schedule.id, status: "in_progress" });
    expect(jobs).toEqual([{ scanId: scan.id, tenantId: tenant.id, scanType: "exposure" }]);
    const after = await db().scheduledScan.findUniqueOrThrow({ where: { id: schedule.id } });
    expect(after.lastTriggeredAt).toEqual(slot);
    expect(after.nextRunAt).toEqual(new Date("2026-06-02T06:00:00Z"));
    expect(await dispatchDueSchedules(now)).toMatchObject({ claimed: 0 }); // nothing left to fire
  });

  it("after downtime fires a missed schedule once, then continues on its cadence (no backfill)", async () => {
    const tenant = await makeTenant();
    const schedule = await dueSchedule(tenant.id, new Date("2026-05-20T06:00:00Z"));
    const now = new Date("2026-06-01T12:00:00Z");
    await dispatchDueSchedules(now);
    expect(await db().scheduleRun.count({ where: { scheduledScanId: schedule.id } })).toBe(1);
    expect((await db().scheduledScan.findUniqueOrThrow({ where: { id: schedule.id } })).nextRunAt).toEqual(new Date("2026-06-02T06:00:00Z"));
  });

  it("records why a slot did not start a scan: running, quota, not connected", async () => {
    const running = await makeTenant();
    await db().scan.create({ data: { id: newId("scan"), tenantId: running.id, scanType: "exposure", trigger: "api" } });
    const exhausted = await makeTenant({ plan: "free" });
    await db().scan.createMany({
      data: Array.from({ length: PLANS.free.scansPerPeriod }, () => ({ id: newId("scan"), tenantId: exhausted.id, scanType: "compliance" as const, status: "completed" as const, trigger: "api" as const })),
    });
    const disconnected = await makeTenant({ connected: false });
    const slot = new Date(Date.now() - 60_000);
    const s1 = await dueSchedule(running.id, slot);
    const s2 = await dueSchedule(exhausted.id, slot);
    const s3 = await dueSchedule(disconnected.id, slot);
    const result = await dispatchDueSchedules();
    expect(result.skipped).toEqual({ skipped_running: 1, skipped_quota: 1, skipped_not_connected: 1 });
    const outcome = async (id: string) => (await db().scheduleRun.findFirstOrThrow({ where: { scheduledScanId: id } })).outcome;
    expect([await outcome(s1.id), await outcome(s2.id), await outcome(s3.id)]).toEqual(["skipped_running", "skipped_quota", "skipped_not_connected"]);
    expect(jobs).toEqual([]);
  });

  it("plan-schedule scans run even when the quota is used up, and do not use it", async () => {
    const tenant = await makeTenant({ plan: "free" });
    await db().scan.createMany({
      data: Array.from({ length: PLANS.free.scansPerPeriod }, () => ({ id: newId("scan"), tenantId: tenant.id, scanType: "exposure" as const, status: "completed" as const, trigger: "api" as const })),
    });
    await updateSchedule(tenant.id, "plan", { hour: 6 }, actor); // creates the plan schedule
    const plan = await db().scheduledScan.findFirstOrThrow({ where: { tenantId: tenant.id, isPlanSchedule: true } });
    await db().scheduledScan.update({ where: { id: plan.id }, data: { nextRunAt: new Date(Date.now() - 1000) } });
    await dispatchDueSchedules();
    const run = await db().scheduleRun.findFirstOrThrow({ where: { scheduledScanId: plan.id } });
    expect(run.outcome).toBe("started");
    expect((await db().scan.findUniqueOrThrow({ where: { id: run.scanId! } })).trigger).toBe("plan_schedule");
  });

  it("does not fire paused schedules", async () => {
    const tenant = await makeTenant();
    const schedule = await dueSchedule(tenant.id, new Date(Date.now() - 1000));
    await db().scheduledScan.update({ where: { id: schedule.id }, data: { enabled: false } });
    expect(await dispatchDueSchedules()).toMatchObject({ claimed: 0 });
  });

  it("keeps a started scan visible as failed when the hand-off fails, so the run's scan id stays true", async () => {
    setJobDriver({ name: "broken", enqueueScan: async () => Promise.reject(new Error("queue down")) });
    const tenant = await makeTenant();
    const schedule = await dueSchedule(tenant.id, new Date(Date.now() - 1000));
    await dispatchDueSchedules();
    const run = await db().scheduleRun.findFirstOrThrow({ where: { scheduledScanId: schedule.id } });
    expect(await db().scan.findUniqueOrThrow({ where: { id: run.scanId! } })).toMatchObject({ status: "failed", errorCode: "SCAN_DISPATCH_FAILED" });
  });

  it("fires each slot exactly once when several ticks run at the same time", async () => {
    const tenants = await Promise.all(Array.from({ length: 12 }, () => makeTenant()));
    const slot = new Date(Date.now() - 30_000);
    const schedules = [];
    for (const t of tenants) {
      schedules.push(await dueSchedule(t.id, slot));
      schedules.push(await dueSchedule(t.id, slot, { scanType: "compliance" }));
    }
    const results = await Promise.all(Array.from({ length: 6 }, () => dispatchDueSchedules(new Date(), { batchSize: 5, concurrency: 4 })));
    expect(results.reduce((n, r) => n + r.claimed, 0)).toBe(schedules.length);
    expect(results.reduce((n, r) => n + r.errors, 0)).toBe(0);
    const ids = schedules.map((s) => s.id);
    expect(await db().scheduleRun.count({ where: { scheduledScanId: { in: ids } } })).toBe(schedules.length);
    expect(await db().scan.count({ where: { scheduledScanId: { in: ids } } })).toBe(schedules.length);
    expect(jobs).toHaveLength(schedules.length);
  });

  it("a tick working from a stale list of due schedules fires nothing another tick already fired", async () => {
    const tenant = await makeTenant();
    const schedule = await dueSchedule(tenant.id, new Date(Date.now() - 5_000));
    const now = new Date();
    const first = await fireBatch([schedule.id], now); // tick A
    const second = await fireBatch([schedule.id], now); // tick B read the same ids before A committed
    expect([first.claimed, second.claimed, second.lost]).toEqual([1, 0, 1]);
    expect(await db().scan.count({ where: { scheduledScanId: schedule.id } })).toBe(1);
    expect(await db().scheduleRun.count({ where: { scheduledScanId: schedule.id } })).toBe(1);
  });

  it("starts one scan when two schedules of a tenant and type are due in the same batch; the other is skipped as running", async () => {
    const tenant = await makeTenant();
    const slot = new Date(Date.now() - 5_000);
    const a = await dueSchedule(tenant.id, slot);
    const b = await dueSchedule(tenant.id, slot);
    const result = await dispatchDueSchedules();
    expect(result).toMatchObject({ claimed: 2, started: 1, skipped: { skipped_running: 1, skipped_quota: 0, skipped_not_connected: 0 } });
    const outcomes = (await db().scheduleRun.findMany({ where: { scheduledScanId: { in: [a.id, b.id] } } })).map((r) => r.outcome).sort();
    expect(outcomes).toEqual(["skipped_running", "started"]);
  });

  it("hands a batch's scans to the job layer in one call when the driver takes batches", async () => {
    const calls: ScanJob[][] = [];
    setJobDriver({ name: "bulk", enqueueScan: async () => Promise.reject(new Error("one at a time is not expected")), enqueueScans: async (batch) => void calls.push(batch) });
    const tenants = await Promise.all(Array.from({ length: 5 }, () => makeTenant()));
    const slot = new Date(Date.now() - 5_000);
    for (const t of tenants) await dueSchedule(t.id, slot);
    const result = await dispatchDueSchedules(new Date(), { batchSize: 100 });
    expect(result.started).toBe(5);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.map((j) => j.tenantId).sort()).toEqual(tenants.map((t) => t.id).sort());
  });
});
