import { afterEach, describe, expect, it } from "vitest";
import { setJobDriver, type JobDriver, type ScanJob } from "@/lib/jobs/driver";
import { getScanOrThrow, listScans, triggerScan } from "@/lib/scans/service";
import { PLANS } from "@/lib/tenants/plans";
import { makeTenant, setupIsolatedDb } from "../../tests/helpers";

const db = setupIsolatedDb();
const actor = { type: "system" as const, id: "test" };

function recordingDriver(): JobDriver & { jobs: ScanJob[] } {
  const jobs: ScanJob[] = [];
  return { name: "recording", jobs, enqueueScan: async (job) => void jobs.push(job) };
}

afterEach(() => setJobDriver(undefined));

describe("triggerScan → job layer hand-off", () => {
  it("hands every created scan to the job driver exactly once, with its ids", async () => {
    const driver = recordingDriver();
    setJobDriver(driver);
    const tenant = await makeTenant();
    const scan = await triggerScan(tenant.id, { scanType: "exposure", trigger: "api" }, actor);
    expect(driver.jobs).toEqual([{ scanId: scan.id, tenantId: tenant.id, scanType: "exposure" }]);
    expect(scan).toMatchObject({ status: "in_progress", trigger: "api", score: null, completedAt: null });
  });

  it("hands nothing over when the trigger is refused", async () => {
    const driver = recordingDriver();
    setJobDriver(driver);
    const disconnected = await makeTenant({ connected: false });
    await expect(triggerScan(disconnected.id, { scanType: "compliance", trigger: "api" }, actor)).rejects.toMatchObject({ code: "TENANT_NOT_CONNECTED" });
    expect(await db().scan.count({ where: { tenantId: disconnected.id } })).toBe(0);
    const tenant = await makeTenant();
    await triggerScan(tenant.id, { scanType: "compliance", trigger: "api" }, actor);
    await expect(triggerScan(tenant.id, { scanType: "compliance", trigger: "api" }, actor)).rejects.toMatchObject({ code: "SCAN_ALREADY_RUNNING" });
    expect(driver.jobs).toHaveLength(1);
  });

  it("removes the scan again when the hand-off fails, so nothing is stuck and no quota is used", async () => {
    setJobDriver({ name: "broken", enqueueScan: async () => Promise.reject(new Error("queue down")) });
    const tenant = await makeTenant();
    await expect(triggerScan(tenant.id, { scanType: "compliance", trigger: "api" }, actor)).rejects.toMatchObject({ code: "SERVICE_UNAVAILABLE" });
    expect(await db().scan.count({ where: { tenantId: tenant.id } })).toBe(0);
    expect((await listScans(tenant.id, { page: 1, limit: 20 })).total).toBe(0);
    setJobDriver(recordingDriver());
    await expect(triggerScan(tenant.id, { scanType: "compliance", trigger: "api" }, actor)).resolves.toMatchObject({ status: "in_progress" });
  });
});

describe("plan quota", () => {
  async function fillQuota(tenantId: string, n: number, overrides: Record<string, unknown> = {}) {
    await db().scan.createMany({
      data: Array.from({ length: n }, (_, i) => ({ id: `scan_fill${tenantId.slice(2, 12)}${i}`, tenantId, scanType: "compliance" as const, status: "completed" as const, trigger: "api" as const, ...overrides })),
    });
  }

  it("refuses the scan after the period's quota with SCAN_PLAN_LIMIT_REACHED and details", async () => {
    setJobDriver(recordingDriver());
    const tenant = await makeTenant({ plan: "free" });
    await fillQuota(tenant.id, PLANS.free.scansPerPeriod);
    const error = await triggerScan(tenant.id, { scanType: "exposure", trigger: "api" }, actor).catch((e) => e);
    expect(error).toMatchObject({ code: "SCAN_PLAN_LIMIT_REACHED", details: { limit: PLANS.free.scansPerPeriod, used: PLANS.free.scansPerPeriod } });
  });

  it("does not count plan-schedule scans or failed scans, and always lets plan-schedule scans run", async () => {
    setJobDriver(recordingDriver());
    const tenant = await makeTenant({ plan: "free" });
    await fillQuota(tenant.id, PLANS.free.scansPerPeriod, { trigger: "plan_schedule" });
    await db().scan.create({ data: { id: "scan_failedone0000000000", tenantId: tenant.id, scanType: "compliance", status: "failed", trigger: "api" } });
    await expect(triggerScan(tenant.id, { scanType: "exposure", trigger: "api" }, actor)).resolves.toMatchObject({ trigger: "api" });
    const other = await makeTenant({ plan: "free" });
    await fillQuota(other.id, PLANS.free.scansPerPeriod);
    await expect(triggerScan(other.id, { scanType: "exposure", trigger: "plan_schedule" }, actor)).resolves.toMatchObject({ trigger: "plan_schedule" });
  });

  it("does not count scans of earlier billing periods", async () => {
    setJobDriver(recordingDriver());
    const tenant = await makeTenant({ plan: "free" });
    await db().tenant.update({ where: { id: tenant.id }, data: { billingAnchor: new Date(Date.now() - 400 * 86_400_000) } });
    await fillQuota(tenant.id, PLANS.free.scansPerPeriod, { startedAt: new Date(Date.now() - 45 * 86_400_000) });
    await expect(triggerScan(tenant.id, { scanType: "exposure", trigger: "api" }, actor)).resolves.toBeTruthy();
  });
});

describe("reads are tenant-scoped", () => {
  it("another tenant's scan is NOT_FOUND, and lists never include it", async () => {
    setJobDriver(recordingDriver());
    const a = await makeTenant();
    const b = await makeTenant();
    const scanOfA = await triggerScan(a.id, { scanType: "compliance", trigger: "api" }, actor);
    await expect(getScanOrThrow(b.id, scanOfA.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getScanOrThrow(a.id, scanOfA.id)).resolves.toMatchObject({ id: scanOfA.id });
    expect((await listScans(b.id, { page: 1, limit: 100 })).scans).toEqual([]);
  });

  it("keeps meta.total exact through inserts, status changes, deletes and filters", async () => {
    setJobDriver(recordingDriver());
    const tenant = await makeTenant();
    const c = await triggerScan(tenant.id, { scanType: "compliance", trigger: "api" }, actor);
    await triggerScan(tenant.id, { scanType: "exposure", trigger: "api" }, actor);
    await db().scan.update({ where: { id: c.id }, data: { status: "completed", passCount: 1, failCount: 0, skipCount: 0, score: 100, completedAt: new Date() } });
    const total = async (q: object = {}) => (await listScans(tenant.id, { page: 1, limit: 1, ...q })).total;
    expect(await total()).toBe(2);
    expect(await total({ status: "completed" })).toBe(1);
    expect(await total({ status: "in_progress", scan_type: "exposure" })).toBe(1);
    expect(await total({ status: "in_progress", scan_type: "compliance" })).toBe(0);
    await db().scan.delete({ where: { id: c.id } });
    expect(await total()).toBe(1);
    expect(await total({ status: "completed" })).toBe(0);
  });

  it("keeps totals exact through bulk updates, and a tenant with scans can be deleted", async () => {
    const tenant = await makeTenant();
    await db().scan.createMany({
      data: Array.from({ length: 30 }, (_, i) => ({ id: `scan_bulk${tenant.id.slice(2, 14)}${i}`, tenantId: tenant.id, scanType: i % 3 === 0 ? ("exposure" as const) : ("compliance" as const), status: "completed" as const, trigger: "api" as const })),
    });
    const total = async (q: object = {}) => (await listScans(tenant.id, { page: 1, limit: 1, ...q })).total;
    expect(await total({ scan_type: "exposure" })).toBe(10);
    await db().scan.updateMany({ where: { tenantId: tenant.id, scanType: "exposure" }, data: { status: "failed" } });
    await db().scan.updateMany({ where: { tenantId: tenant.id }, data: { checksDone: 5 } }); // no counter moves
    expect(await total({ status: "failed" })).toBe(10);
    expect(await total({ status: "completed" })).toBe(20);
    expect(await total()).toBe(30);
    await db().tenant.delete({ where: { id: tenant.id } });
    expect(await db().tenantScanCount.count({ where: { tenantId: tenant.id } })).toBe(0);
  });
});

describe("the hand-written hot-path reads (lib/scans/hot-path.ts)", () => {
  it("return exactly what Prisma returns for the same page and scan, for every filter, under concurrency", async () => {
    const tenant = await makeTenant();
    const other = await makeTenant();
    const base = Date.parse("2026-11-01T00:00:00.000Z");
    const rows = Array.from({ length: 25 }, (_, i) => ({
      id: `scan_hp${tenant.id.slice(2, 14)}${String(i).padStart(2, "0")}`,
      tenantId: tenant.id,
      scanType: i % 2 === 0 ? ("compliance" as const) : ("exposure" as const),
      // One in progress per type at most (the partial unique index): scans 7 (exposure) and 14 (compliance).
      status: i % 5 === 0 ? ("failed" as const) : i === 7 || i === 14 ? ("in_progress" as const) : ("completed" as const),
      trigger: "api" as const,
      // Two scans share a start: the id breaks the tie.
      startedAt: new Date(base + Math.floor(i / 2) * 61_123),
      completedAt: i === 7 || i === 14 ? null : new Date(base + i * 61_123 + 40_001),
      passCount: i,
      failCount: 3,
      skipCount: 1,
      errorCount: i % 3 === 0 ? null : 2,
      score: i === 7 || i === 14 ? null : (i / (i + 3)) * 100,
      checksDone: i,
      checksTotal: 40,
      errorCode: i % 5 === 0 ? "GRAPH_UNAVAILABLE" : null,
      errorMessage: i % 5 === 0 ? "Graph said no" : null,
    }));
    await db().scan.createMany({ data: rows });
    await db().scan.create({ data: { id: `scan_hpother${other.id.slice(2, 14)}`, tenantId: other.id, scanType: "compliance", status: "completed", trigger: "api" } });

    const queries = [
      { page: 1, limit: 10 },
      { page: 3, limit: 10 },
      { page: 4, limit: 10 }, // past the end: no rows, the total still exact
      { page: 1, limit: 100, status: "completed" as const },
      { page: 2, limit: 3, scan_type: "exposure" as const },
      { page: 1, limit: 5, status: "failed" as const, scan_type: "compliance" as const },
    ];
    // Concurrently, many times over: every pool connection (and PGlite's single shared session) serves them.
    const answers = await Promise.all(queries.flatMap((q) => Array.from({ length: 4 }, () => listScans(tenant.id, q).then((a) => ({ q, a })))));
    for (const { q, a } of answers) {
      const where = { tenantId: tenant.id, status: "status" in q ? q.status : undefined, scanType: "scan_type" in q ? q.scan_type : undefined };
      const expected = await db().scan.findMany({ where, orderBy: [{ startedAt: "desc" }, { id: "desc" }], skip: (q.page - 1) * q.limit, take: q.limit });
      expect(a.scans).toEqual(expected);
      expect(a.total).toBe(await db().scan.count({ where }));
    }
    expect(answers.find(({ q }) => q.page === 4)!.a).toEqual({ scans: [], total: 25 });

    for (const row of rows.slice(0, 8)) expect(await getScanOrThrow(tenant.id, row.id)).toEqual(await db().scan.findUniqueOrThrow({ where: { id: row.id } }));
    await expect(getScanOrThrow(other.id, rows[0]!.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(getScanOrThrow(tenant.id, "scan_\u0000")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
