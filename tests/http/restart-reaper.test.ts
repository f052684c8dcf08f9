import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startSimulator, type Simulator } from "../../scripts/m365-simulator/index";
import { startTestApp, type TestApp } from "../../scripts/test-app";
import { appEnvironmentFor } from "../../scripts/m365-simulator/app-env";
import { makeTenant, makeToken, setupIsolatedDb } from "../helpers";

// Faults (issue 10, item 6): `kill -9` of the production app mid-scan and mid-dispatch-tick, then a restart.
// Under the inline driver a scan and the queue of scans waiting for a slot live in the app process; a tick's
// batches are transactions. What must hold afterwards: no scan stays in progress past the reaper's timeout, no
// schedule slot fires twice or is lost, and nothing half-written is visible (results only with a completed scan,
// a run only with its scan and slot claim, and the other way round).
const db = setupIsolatedDb();
const SCAN_TIMEOUT_SECONDS = 6;
// The mid-scan test looks at the abandoned scan before the reaper takes it; a restart on a loaded 2-core machine
// can take ~6 s, so that test gives the reaper a little longer.
const MID_SCAN_TIMEOUT_SECONDS = 10;
let sim: Simulator;
let app: TestApp | undefined;

beforeAll(async () => {
  sim = await startSimulator({ latencyMs: 5_000 }); // slow enough that scans are surely still running when killed
});
afterAll(async () => {
  await app?.stop();
  await sim.stop();
});

async function call(path: string, token: string, body?: unknown) {
  const res = await fetch(`${app!.url}${path}`, {
    method: body ? "POST" : "GET",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

const appEnv = (timeoutSeconds = SCAN_TIMEOUT_SECONDS) => ({ ...appEnvironmentFor(sim), SCAN_TIMEOUT_SECONDS: String(timeoutSeconds), TICK_INTERVAL_SECONDS: "1" });
const database = () => ({ url: inject("databaseUrl"), schema: db.schema });

async function until<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

describe("kill -9 mid-scan, restart", () => {
  it("the reaper fails the abandoned scan after the timeout, no partial results are visible, counts and quota are intact, and a new scan can start", async () => {
    app = await startTestApp({ database: database(), env: appEnv(MID_SCAN_TIMEOUT_SECONDS) });
    // A free tenant one scan short of its quota (10 a period): the killed scan is its 10th. A failed scan gives its
    // quota back (lib/scans/service.ts, countQuotaScans), so after the reaper exactly one more scan fits — if the
    // crash leaked a unit either way, the two triggers at the end would disagree with that.
    const tenant = await makeTenant({ plan: "free" });
    await db().tenant.update({ where: { id: tenant.id }, data: { msTenantId: sim.registerTenant("misconfigured") } });
    const token = await makeToken(tenant.id);
    // Its weekly plan scan is not part of this test (it would hold the compliance type if its minute came up).
    await db().scheduledScan.updateMany({ where: { tenantId: tenant.id, isPlanSchedule: true }, data: { enabled: false, nextRunAt: null } });
    await db().scan.createMany({
      data: Array.from({ length: 9 }, (_, i) => ({
        id: `scan_fault_done_${i}`, tenantId: tenant.id, scanType: "exposure" as const, trigger: "api" as const, status: "completed" as const,
        completedAt: new Date(), passCount: 1, failCount: 0, skipCount: 0, errorCount: 0, score: 100, // started now(): in this billing period
      })),
    });
    const usage = async () => (await call("/tenants/me", token)).body.data.usage as { scans_used: number; scans_limit: number };
    const listed = async () => (await call("/tenants/me/scans?limit=1", token)).body.meta.total as number;
    expect(await usage()).toMatchObject({ scans_used: 9, scans_limit: 10 });

    const started = await call("/tenants/me/scans", token, { scan_type: "compliance" });
    expect(started.status).toBe(201);
    const scanId = started.body.data.id as string;
    await new Promise((r) => setTimeout(r, 500)); // into the scan: its Graph reads are under way
    await app.stop("SIGKILL");
    expect(await db().scan.findUniqueOrThrow({ where: { id: scanId } })).toMatchObject({ status: "in_progress", score: null, passCount: null });
    expect(await db().checkResult.count({ where: { scanId } })).toBe(0);

    app = await startTestApp({ database: database(), env: appEnv(MID_SCAN_TIMEOUT_SECONDS) });
    const restartedAt = Date.now();
    // Until the reaper gets to it (unless a slow restart outlasted the timeout), the abandoned scan is what it was:
    // in progress, counted, holding its type. Its status is checked before and after the reads (in_progress → failed
    // is one way), so only reads that saw it running are held to that.
    if ((await db().scan.findUniqueOrThrow({ where: { id: scanId } })).status === "in_progress") {
      const refused = await call("/tenants/me/scans", token, { scan_type: "compliance" });
      const whileAbandoned = { used: (await usage()).scans_used, total: await listed(), refused: refused.body.error?.code };
      if ((await db().scan.findUniqueOrThrow({ where: { id: scanId } })).status === "in_progress") {
        expect(whileAbandoned).toEqual({ used: 10, total: 10, refused: "SCAN_ALREADY_RUNNING" });
      }
    }
    const results = await call(`/scans/${scanId}/results`, token);
    expect({ status: results.status, data: results.body.data }).toEqual({ status: 200, data: [] });
    const scan = await until(
      "the reaper",
      async () => (await call(`/scans/${scanId}`, token)).body.data,
      (s) => s.status !== "in_progress",
      30_000,
    );
    expect(scan).toMatchObject({ status: "failed", error: { code: "SCAN_TIMED_OUT" }, score: null, pass_count: null, fail_count: null });
    // Failed within the timeout plus a few 1 s ticks (slack for a loaded machine): at the first tick after the timeout
    // ran out, or after the restart when that came later (completed_at is the reaper's clock, started_at the scan's
    // creation; one machine, one clock).
    const startedAt = Date.parse(scan.started_at);
    const failedAt = Date.parse(scan.completed_at);
    expect(failedAt - startedAt).toBeGreaterThanOrEqual(MID_SCAN_TIMEOUT_SECONDS * 1000);
    expect(failedAt).toBeLessThanOrEqual(Math.max(startedAt + MID_SCAN_TIMEOUT_SECONDS * 1000, restartedAt) + 5_000);
    expect((await call(`/scans/${scanId}/results`, token)).body.data).toEqual([]);
    expect(await db().checkResult.count({ where: { scan: { tenantId: tenant.id } } })).toBe(0);
    // Counts: the failed scan is listed (history keeps it) but gives its quota unit back.
    expect({ used: (await usage()).scans_used, total: await listed() }).toEqual({ used: 9, total: 10 });
    expect((await call("/tenants/me/scans", token, { scan_type: "compliance" })).status).toBe(201);
    expect({ used: (await usage()).scans_used, total: await listed() }).toEqual({ used: 10, total: 11 });
    const overQuota = await call("/tenants/me/scans", token, { scan_type: "exposure" });
    expect({ status: overQuota.status, code: overQuota.body.error?.code }).toEqual({ status: 429, code: "SCAN_PLAN_LIMIT_REACHED" });
    await app.stop("SIGKILL");
    app = undefined;
  }, 90_000);
});

// Runs on both databases. On PostgreSQL (CI) the tick's two batches run concurrently and the server rolls back the
// killed connection's open transaction. On PGlite the embedded server hands its one session to a batch's transaction
// until it ends (lib/db/pglite-server.ts), so batches run one after the other, and it rolls back the transaction of
// a client whose socket closed — what a kill -9 does — so the crash is just as real, only less concurrent.
describe("kill -9 mid-dispatch-tick, restart", () => {
  const SCHEDULES = 5_000; // five batches of 1,000: the kill after the first commit leaves most of the tick undone

  async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
    try {
      await client.query(`SET search_path TO "${db.schema}"`);
      return (await client.query<T>(text, values)).rows;
    } finally {
      await client.end();
    }
  }
  const count = async (text: string, values: unknown[] = []) => Number((await sql<{ n: string }>(text, values))[0]!.n);

  /** What must hold at any instant, whatever was killed when: every committed claim is whole. */
  async function expectNothingHalfWritten(slot: Date) {
    const [row] = await sql<Record<string, string>>(
      `SELECT
         (SELECT count(*) FROM scheduled_scans s WHERE s.name = 'Fault' AND (s.next_run_at > $1) <> EXISTS (SELECT 1 FROM schedule_runs r WHERE r.scheduled_scan_id = s.id AND r.slot = $1)) AS claim_without_run,
         (SELECT count(*) FROM schedule_runs r WHERE r.outcome = 'started' AND NOT EXISTS (SELECT 1 FROM scans sc WHERE sc.id = r.scan_id)) AS run_without_scan,
         (SELECT count(*) FROM scans sc WHERE sc.trigger = 'schedule' AND NOT EXISTS (SELECT 1 FROM schedule_runs r WHERE r.scan_id = sc.id)) AS scan_without_run,
         (SELECT count(*) FROM scans sc WHERE sc.trigger = 'schedule') - (SELECT count(*) FROM audit_events a WHERE a.action = 'scan.triggered' AND a.actor_id = 'scheduler') AS scan_audit_mismatch,
         (SELECT count(*) FROM (SELECT 1 FROM schedule_runs GROUP BY scheduled_scan_id, slot HAVING count(*) > 1) d) AS duplicate_runs,
         (SELECT count(*) FROM (SELECT 1 FROM scans WHERE scheduled_scan_id IS NOT NULL GROUP BY scheduled_scan_id HAVING count(*) > 1) d) AS duplicate_scans,
         (SELECT count(*) FROM scans sc WHERE sc.status <> 'completed' AND (sc.score IS NOT NULL OR EXISTS (SELECT 1 FROM check_results c WHERE c.scan_id = sc.id))) AS partial_results`,
      [slot],
    );
    expect(Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)]))).toEqual({
      claim_without_run: 0,
      run_without_scan: 0,
      scan_without_run: 0,
      scan_audit_mismatch: 0,
      duplicate_runs: 0,
      duplicate_scans: 0,
      partial_results: 0,
    });
  }

  it("fires every slot exactly once across the crash, leaves nothing half-written and no scan stuck", async () => {
    const msTenantId = sim.registerTenant("misconfigured");
    const slot = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000);
    // One tenant seen through the API, connected to a simulated Microsoft tenant; the rest seeded in bulk (5k
    // tenants, one daily schedule each, all due now) with Microsoft tenants the simulator does not know: their scans
    // hold a slot for the simulator's latency, then fail MICROSOFT_AUTH_FAILED — what matters here is the slots.
    const watched = await makeTenant({ plan: "enterprise", msTenantId });
    const token = await makeToken(watched.id);
    await sql(
      `INSERT INTO tenants (id, name, plan, ms_tenant_id, connection_status)
       SELECT 't_fault' || lpad(g::text, 10, '0'), 'Fault ' || g, 'enterprise', gen_random_uuid()::text, 'connected' FROM generate_series(2, $1::int) AS g`,
      [SCHEDULES],
    );
    await sql(
      `INSERT INTO scheduled_scans (id, tenant_id, name, frequency, hour, minute, timezone, enabled, scan_type, next_run_at)
       SELECT 'sched_fault' || lpad(g::text, 10, '0'), CASE WHEN g = 1 THEN $3 ELSE 't_fault' || lpad(g::text, 10, '0') END, 'Fault', 'daily',
              extract(hour FROM $2::timestamptz AT TIME ZONE 'UTC')::int, extract(minute FROM $2::timestamptz AT TIME ZONE 'UTC')::int, 'UTC', true, 'compliance', $2
       FROM generate_series(1, $1::int) AS g`,
      [SCHEDULES, slot, watched.id],
    );
    // Plan schedules of these tenants are not part of this test (the watched one's is a day away anyway).
    await sql(`UPDATE scheduled_scans SET enabled = false, next_run_at = NULL WHERE is_plan_schedule`);
    const runs = () => count(`SELECT count(*) AS n FROM schedule_runs WHERE slot = $1`, [slot]);

    // The first tick starts with the app; kill it once some batches have committed and others have not.
    app = await startTestApp({ database: database(), env: appEnv() });
    const firedBeforeKill = await until("the first committed batch", runs, (n) => n > 0, 60_000, 20);
    await app.stop("SIGKILL");
    const killedAt = Date.now();
    const afterKill = await runs();
    expect(firedBeforeKill).toBeGreaterThan(0);
    expect(afterKill, "the kill must land mid-tick (some slots fired, some not)").toBeLessThan(SCHEDULES);
    await expectNothingHalfWritten(slot);
    const inProgressAtKill = await count(`SELECT count(*) AS n FROM scans WHERE status = 'in_progress'`);
    expect(inProgressAtKill).toBeGreaterThan(0); // scans the dead process had handed to its queue

    // Restart: the next tick fires the slots the dead one had not reached — each once — and the reaper fails the
    // scans the dead process abandoned.
    app = await startTestApp({ database: database(), env: appEnv() });
    await until("every slot fired", runs, (n) => n >= SCHEDULES, 90_000);
    await expectNothingHalfWritten(slot);
    expect(await count(`SELECT count(*) AS n FROM scheduled_scans WHERE name = 'Fault' AND (next_run_at IS NULL OR next_run_at <= $1)`, [slot])).toBe(0); // none lost
    expect(await count(`SELECT count(DISTINCT scheduled_scan_id) AS n FROM schedule_runs WHERE slot = $1`, [slot])).toBe(SCHEDULES); // none twice

    const stuck = () =>
      count(`SELECT count(*) AS n FROM scans WHERE status = 'in_progress' AND started_at < now() - make_interval(secs => $1)`, [SCAN_TIMEOUT_SECONDS + 5]);
    // Past the timeout of every scan the dead process abandoned (plus a few ticks: the reaper takes 1,000 a tick),
    // none may still be in progress.
    const wait = killedAt + (SCAN_TIMEOUT_SECONDS + 5) * 1000 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    await until("no scan in progress past the reaper's timeout", stuck, (n) => n === 0, 15_000, 500);
    await expectNothingHalfWritten(slot);
    const reaped = await count(`SELECT count(*) AS n FROM scans WHERE error_code = 'SCAN_TIMED_OUT'`);
    expect(reaped).toBeGreaterThanOrEqual(inProgressAtKill);
    console.log(`kill -9 mid-tick: ${afterKill} of ${SCHEDULES} slots fired before the kill, ${inProgressAtKill} scans left in progress; after restart ${SCHEDULES} fired once each, ${reaped} reaped`);

    // The public surface agrees: the watched schedule ran exactly once for the slot, its scan ended.
    const listed = await call("/tenants/me/scheduled-scans", token);
    const schedule = listed.body.data.find((s: { name: string }) => s.name === "Fault");
    expect(schedule).toMatchObject({ lastTriggeredAt: slot.toISOString() });
    const history = await call(`/tenants/me/scheduled-scans/${schedule.id}/runs`, token);
    expect(history.body.data.filter((r: { slot: string }) => r.slot === slot.toISOString())).toHaveLength(1);
    const scanId = history.body.data[0].scanId as string;
    const scan = await until("the watched scan to end", async () => (await call(`/scans/${scanId}`, token)).body.data, (s) => s.status !== "in_progress", 30_000);
    expect(["completed", "failed"]).toContain(scan.status);
    if (scan.status === "failed") expect((await call(`/scans/${scanId}/results`, token)).body.data).toEqual([]);
  }, 300_000);
});
