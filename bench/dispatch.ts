// npm run bench:dispatch — two parts.
// 1. The herd: 100k enabled schedules (50k tenants × both scan types, spread over every IANA zone Intl knows) all
//    due in the same minute. Prints the time to dispatch all, scans created, duplicates (must be 0), the floor (the
//    same rows inserted by one raw SQL statement), and how the hand-off ran: the real inline driver and its limiter
//    (lib/jobs/limiter.ts, the production limits from lib/env.ts) with a stand-in scan of BENCH_SCAN_MS that opens no
//    Graph session — peak in-flight scans against the global limit, and the drain time against its floor.
// 2. The spread defaults: BENCH_SPREAD_TENANTS (100k) tenants on the old 00:00 UTC plan-schedule default (60% free
//    = weekly, 30% pro, 10% enterprise = daily), moved by the spreading migration itself; then the per-minute count
//    of due plan scans over the week (the maximum minute of each day and of the week against the mean), and the
//    real dispatcher replayed tick by tick over the week's busiest hour with the same limiter (peak in-flight).
// Database: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else embedded PGlite (in-process).
import { readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { createPrisma, setDb, type Db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { createInlineDriver, setJobDriver, type ScanJob } from "@/lib/jobs/driver";
import { ConcurrencyLimiter } from "@/lib/jobs/limiter";
import { dispatchDueSchedules } from "@/lib/schedules/dispatch";
import { MINUTES_PER_DAY, planScheduleDefaults } from "@/lib/schedules/plan-slot";
import { toLocal } from "@/lib/schedules/zoned-time";
import { createMigratedSchema, dropSchema, newSchemaName, startTestDatabase } from "../tests/test-db";

const TENANTS = Number(process.env.BENCH_TENANTS ?? 50_000);
const SPREAD_TENANTS = Number(process.env.BENCH_SPREAD_TENANTS ?? 100_000);
const SCAN_MS = Number(process.env.BENCH_SCAN_MS ?? 20);
// Unset: the dispatcher's own defaults (what production runs).
const CONCURRENCY = process.env.BENCH_CONCURRENCY ? Number(process.env.BENCH_CONCURRENCY) : undefined;
const SPREAD_MIGRATION = "20261210010000_spread_plan_schedules";

/** The inline driver with the production limits and a stand-in scan; counts what it was handed. */
function boundedDriver() {
  const env = getEnv();
  const limiter = new ConcurrencyLimiter({ global: env.SCAN_CONCURRENCY_GLOBAL, perKey: env.SCAN_CONCURRENCY_PER_TENANT });
  let handedOff = 0;
  const inner = createInlineDriver({ limiter, run: () => new Promise((r) => setTimeout(r, SCAN_MS)) });
  const driver = {
    name: "bench",
    enqueueScan: async (job: ScanJob) => void (handedOff++, await inner.enqueueScan(job)),
    enqueueScans: async (jobs: ScanJob[]) => void ((handedOff += jobs.length), await inner.enqueueScans!(jobs)),
  };
  return { driver, limiter, handedOff: () => handedOff };
}

/**
 * Seeds tenants and two daily schedules each, whose slot is `slot` (the same instant for all) expressed as local
 * wall time in each schedule's zone — so the cadence and nextRunAt agree, as the API would have stored them.
 */
async function seed(client: pg.Client, schema: string, slot: Date): Promise<void> {
  const zones = Intl.supportedValuesOf("timeZone");
  const local = zones.map((z) => toLocal(slot.getTime(), z));
  await client.query(`SET search_path TO "${schema}"`);
  await client.query(
    `INSERT INTO tenants (id, name, plan, ms_tenant_id, connection_status)
     SELECT 't_bench' || lpad(g::text, 14, '0'), 'Tenant ' || g, 'enterprise', gen_random_uuid()::text, 'connected'
     FROM generate_series(1, $1::int) AS g`,
    [TENANTS],
  );
  await client.query(
    `INSERT INTO scheduled_scans (id, tenant_id, name, frequency, hour, minute, timezone, enabled, scan_type, next_run_at)
     SELECT 'sched_bench' || lpad(g::text, 8, '0') || t, 't_bench' || lpad(g::text, 14, '0'), 'Bench ' || t, 'daily',
            (z.hours)[1 + (g % $2)], (z.minutes)[1 + (g % $2)], (z.names)[1 + (g % $2)], true, t::"ScanType", $3
     FROM generate_series(1, $1::int) AS g
     CROSS JOIN (VALUES ('compliance'), ('exposure')) AS types(t)
     CROSS JOIN (SELECT $4::text[] AS names, $5::int[] AS hours, $6::int[] AS minutes) AS z`,
    [TENANTS, zones.length, slot, zones, local.map((l) => l.hour), local.map((l) => l.minute)],
  );
  await client.query("RESET search_path");
  await client.query(`ANALYZE "${schema}".tenants; ANALYZE "${schema}".scheduled_scans`);
}

async function floor(client: pg.Client, schema: string, now: Date): Promise<number> {
  const t0 = performance.now();
  await client.query(
    `WITH claimed AS (
       UPDATE "${schema}".scheduled_scans SET next_run_at = next_run_at + interval '1 day', last_triggered_at = next_run_at
       WHERE enabled AND next_run_at <= $1 RETURNING id, tenant_id, scan_type, last_triggered_at AS slot),
     scans AS (
       INSERT INTO "${schema}".scans (id, tenant_id, scan_type, trigger, scheduled_scan_id, checks_total)
       SELECT 'scan_f' || substr(md5(id), 1, 20), tenant_id, scan_type, 'schedule', id, 10 FROM claimed
       RETURNING id, scheduled_scan_id)
     INSERT INTO "${schema}".schedule_runs (id, scheduled_scan_id, tenant_id, slot, outcome, scan_id)
     SELECT 'run_f' || substr(md5(c.id), 1, 20), c.id, c.tenant_id, c.slot, 'started', s.id
     FROM claimed c JOIN scans s ON s.scheduled_scan_id = c.id`,
    [now],
  );
  return performance.now() - t0;
}

async function main() {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const database = url ? { url, stop: async () => {} } : await startTestDatabase();
  const schema = newSchemaName("benchdispatch");
  const floorSchema = newSchemaName("benchfloor");
  await createMigratedSchema(database.url, schema);
  await createMigratedSchema(database.url, floorSchema);
  const prisma = createPrisma(database.url, { schema });
  setDb(prisma);
  const bounded = boundedDriver();
  setJobDriver(bounded.driver);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const slot = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000); // the previous whole minute
  const now = new Date(slot.getTime() + 30_000);
  try {
    const seedStart = performance.now();
    await seed(client, schema, slot);
    await seed(client, floorSchema, slot);
    const seedMs = performance.now() - seedStart;

    const t0 = performance.now();
    const result = await dispatchDueSchedules(now, { concurrency: CONCURRENCY });
    const dispatchMs = performance.now() - t0;
    await bounded.limiter.idle();
    const drainMs = performance.now() - t0;
    const handedOff = bounded.handedOff();
    const limits = bounded.limiter.limits;
    const stats = bounded.limiter.stats();
    const q = async (sql: string) => Number((await client.query<{ n: string }>(sql)).rows[0]!.n);
    const scans = await q(`SELECT count(*) AS n FROM "${schema}".scans`);
    const runs = await q(`SELECT count(*) AS n FROM "${schema}".schedule_runs`);
    const duplicateRuns = await q(`SELECT count(*) AS n FROM (SELECT 1 FROM "${schema}".schedule_runs GROUP BY scheduled_scan_id, slot HAVING count(*) > 1) d`);
    const duplicateScans = await q(`SELECT count(*) AS n FROM (SELECT 1 FROM "${schema}".scans GROUP BY scheduled_scan_id HAVING count(*) > 1) d`);
    const stillDue = await q(`SELECT count(*) AS n FROM "${schema}".scheduled_scans WHERE enabled AND next_run_at <= '${now.toISOString()}'`);
    const floorMs = await floor(client, floorSchema, now);
    const floorRuns = await q(`SELECT count(*) AS n FROM "${floorSchema}".schedule_runs`);

    console.log(
      [
        `bench:dispatch — ${new Date().toISOString()}`,
        `database: ${url ? "PostgreSQL" : "embedded PGlite"}; ${TENANTS * 2} schedules (${TENANTS} tenants × 2 scan types, ${Intl.supportedValuesOf("timeZone").length} zones) due at ${slot.toISOString()}; seeded in ${(seedMs / 1000).toFixed(1)} s`,
        `dispatch: ${(dispatchMs / 1000).toFixed(1)} s (${((TENANTS * 2) / (dispatchMs / 1000)).toFixed(0)} slots/s, concurrency ${CONCURRENCY ?? "default"}) — claimed ${result.claimed}, scans created ${scans}, runs ${runs}, jobs handed off ${handedOff}, lost races ${result.lost}, errors ${result.errors}, still due ${stillDue}`,
        `duplicates: ${duplicateRuns} runs, ${duplicateScans} scans (must be 0)`,
        `floor (one INSERT … SELECT statement, ${floorRuns} runs): ${(floorMs / 1000).toFixed(2)} s → dispatch is ${(dispatchMs / floorMs).toFixed(1)}× the floor   (target: all dispatched < 60 s: ${dispatchMs < 60_000 && stillDue === 0 ? "met" : "NOT met"})`,
        `hand-off (inline driver, stand-in scan ${SCAN_MS} ms, limits ${limits.global} global / ${limits.perKey} per tenant): ${stats.started} scans run, peak in-flight ${stats.peakRunning} (limit ${limits.global}: ${stats.peakRunning <= limits.global ? "held" : "EXCEEDED"}), peak per tenant ${stats.peakRunningPerKey}; all drained ${(drainMs / 1000).toFixed(1)} s after the tick began (floor ${handedOff} × ${SCAN_MS} ms / ${limits.global} = ${((handedOff * SCAN_MS) / limits.global / 1000).toFixed(1)} s)`,
      ].join("\n"),
    );
  } finally {
    await client.end();
    setJobDriver(undefined);
    setDb(undefined);
    await prisma.$disconnect();
    await dropSchema(database.url, schema);
    await dropSchema(database.url, floorSchema);
  }
  try {
    await spread(url, database.url);
  } finally {
    await database.stop();
  }
}

/** 100k tenants with their plan schedule on the old default, then the spreading migration, as an upgrade runs it. */
async function seedOldDefaults(client: pg.Client, schema: string, now: Date): Promise<number> {
  await client.query(`SET search_path TO "${schema}"`);
  await client.query(
    `INSERT INTO tenants (id, name, plan, ms_tenant_id, connection_status)
     SELECT 't_spread' || lpad(g::text, 12, '0'), 'Tenant ' || g, (CASE WHEN g % 10 < 6 THEN 'free' WHEN g % 10 < 9 THEN 'pro' ELSE 'enterprise' END)::"Plan",
            gen_random_uuid()::text, 'connected'
     FROM generate_series(1, $1::int) AS g`,
    [SPREAD_TENANTS],
  );
  // As ensurePlanSchedule used to create them: 00:00 UTC, Monday / the 1st, long since running.
  await client.query(
    `INSERT INTO scheduled_scans (id, tenant_id, is_plan_schedule, name, frequency, hour, minute, day_of_week, day_of_month, timezone, enabled, scan_type,
                                  next_run_at, last_triggered_at, created_at)
     SELECT 'sched_spread' || lpad(g::text, 12, '0'), 't_spread' || lpad(g::text, 12, '0'), true, 'Automatic plan scan',
            (CASE WHEN g % 10 < 6 THEN 'weekly' ELSE 'daily' END)::"ScheduleFrequency", 0, 0, 0, 1, 'UTC', true, 'compliance',
            $2::timestamptz, $2::timestamptz - interval '7 days', $2::timestamptz - interval '30 days'
     FROM generate_series(1, $1::int) AS g`,
    [SPREAD_TENANTS, new Date(now.getTime() + 86_400_000)],
  );
  await client.query("RESET search_path");
  const sql = await readFile(path.join("prisma/migrations", SPREAD_MIGRATION, "migration.sql"), "utf8");
  const t0 = performance.now();
  await client.query("BEGIN");
  await client.query(`SET LOCAL search_path TO "${schema}"`);
  await client.query(sql);
  await client.query("COMMIT");
  const ms = performance.now() - t0;
  await client.query(`ANALYZE "${schema}".tenants; ANALYZE "${schema}".scheduled_scans`);
  return ms;
}

async function spread(url: string | undefined, databaseUrl: string) {
  const schema = newSchemaName("benchspread");
  await createMigratedSchema(databaseUrl, schema);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let prisma: Db | undefined;
  try {
    const migrationMs = await seedOldDefaults(client, schema, new Date());
    const rows = (
      await client.query<{ tenant_id: string; frequency: "daily" | "weekly"; hour: number; minute: number; day_of_week: number }>(
        `SELECT tenant_id, frequency::text AS frequency, hour, minute, day_of_week FROM "${schema}".scheduled_scans WHERE enabled`,
      )
    ).rows;
    const mismatched = rows.filter((r) => {
      const d = planScheduleDefaults(r.tenant_id);
      return d.hour !== r.hour || d.minute !== r.minute || d.dayOfWeek !== r.day_of_week;
    }).length;
    // Due plan scans per minute of the week (Monday 00:00 UTC = minute 0), from the stored cadences.
    const perMinute = new Array<number>(7 * MINUTES_PER_DAY).fill(0);
    for (const r of rows) {
      const m = r.hour * 60 + r.minute;
      if (r.frequency === "daily") for (let d = 0; d < 7; d++) perMinute[d * MINUTES_PER_DAY + m]!++;
      else perMinute[r.day_of_week * MINUTES_PER_DAY + m]!++;
    }
    const total = perMinute.reduce((a, b) => a + b, 0);
    const days = Array.from({ length: 7 }, (_, d) => {
      const slice = perMinute.slice(d * MINUTES_PER_DAY, (d + 1) * MINUTES_PER_DAY);
      const sum = slice.reduce((a, b) => a + b, 0);
      const max = Math.max(...slice);
      return { max, mean: sum / MINUTES_PER_DAY, ratio: max / (sum / MINUTES_PER_DAY), busiest: slice.indexOf(max) };
    });
    const weekMean = total / perMinute.length;
    const weekMax = Math.max(...perMinute);
    const worstDay = Math.max(...days.map((d) => d.ratio));
    // The old default for comparison: each day's plan scans all in its minute 0 (Monday's weekly ones on top).
    const oldMax = rows.filter((r) => r.frequency === "daily").length + rows.filter((r) => r.frequency === "weekly").length;

    // Replay the real dispatcher over the week's busiest hour, one tick per minute, back to back (compressed time:
    // scans of consecutive ticks overlap more than they would a minute apart, so in-flight is if anything higher).
    const busiestMinute = perMinute.indexOf(weekMax);
    const hourStart = Math.max(0, busiestMinute - 30);
    const monday = nextMondayUtc();
    const windowStart = new Date(monday.getTime() + hourStart * 60_000);
    // Each schedule's first slot at or after the window (Monday-based minute-of-week arithmetic; all UTC).
    await client.query(
      `UPDATE "${schema}".scheduled_scans SET next_run_at = (
         SELECT min(slot) FROM (
           SELECT $2::timestamptz + ((d * 1440 + hour * 60 + minute) * interval '1 minute') AS slot
           FROM generate_series(0, 13) AS d
           WHERE frequency = 'daily' OR d % 7 = day_of_week) AS s
         WHERE slot >= $1::timestamptz)`,
      [windowStart, monday],
    );
    prisma = createPrisma(databaseUrl, { schema });
    setDb(prisma);
    const bounded = boundedDriver();
    setJobDriver(bounded.driver);
    const perTick: number[] = [];
    const t0 = performance.now();
    for (let i = 0; i < 60; i++) {
      const tick = new Date(windowStart.getTime() + i * 60_000 + 30_000);
      const result = await dispatchDueSchedules(tick);
      perTick.push(result.claimed);
    }
    await bounded.limiter.idle();
    const replayMs = performance.now() - t0;
    const stats = bounded.limiter.stats();
    const expected = perMinute.slice(hourStart, hourStart + 60);
    const limits = bounded.limiter.limits;
    console.log(
      [
        "",
        `bench:dispatch (spread defaults) — ${new Date().toISOString()}`,
        `database: ${url ? "PostgreSQL" : "embedded PGlite"}; ${SPREAD_TENANTS} tenants on the old 00:00 UTC default (${rows.filter((r) => r.frequency === "weekly").length} weekly, ${rows.filter((r) => r.frequency === "daily").length} daily) moved by migration ${SPREAD_MIGRATION} in ${(migrationMs / 1000).toFixed(2)} s; slots not equal to planScheduleDefaults(): ${mismatched} (must be 0)`,
        `due plan scans per minute over the week: mean ${weekMean.toFixed(1)}, max ${weekMax} → ${(weekMax / weekMean).toFixed(2)}× the mean; minutes with none: ${perMinute.filter((n) => n === 0).length} of ${perMinute.length}`,
        `per day (Mon…Sun) max/mean: ${days.map((d) => `${d.max}/${d.mean.toFixed(1)}=${d.ratio.toFixed(2)}×`).join("  ")}`,
        `worst minute of any day: ${worstDay.toFixed(2)}× that day's mean   (target ≤ 2×: ${worstDay <= 2 ? "met" : "NOT met"}); the old default put up to ${oldMax} in one minute (${(oldMax / weekMean).toFixed(0)}× the mean)`,
        `dispatcher replayed over the busiest hour (${windowStart.toISOString()} +60 ticks, back to back): claimed per tick max ${Math.max(...perTick)}, total ${perTick.reduce((a, b) => a + b, 0)} (expected ${expected.reduce((a, b) => a + b, 0)}), in ${(replayMs / 1000).toFixed(1)} s; stand-in scan ${SCAN_MS} ms: peak in-flight ${stats.peakRunning} (limit ${limits.global}: ${stats.peakRunning <= limits.global ? "held" : "EXCEEDED"}), peak per tenant ${stats.peakRunningPerKey} (limit ${limits.perKey})`,
      ].join("\n"),
    );
  } finally {
    await client.end();
    setJobDriver(undefined);
    setDb(undefined);
    await prisma?.$disconnect();
    await dropSchema(databaseUrl, schema);
  }
}

function nextMondayUtc(): Date {
  const d = new Date();
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const daysToMonday = (8 - new Date(midnight).getUTCDay()) % 7 || 7;
  return new Date(midnight + daysToMonday * 86_400_000);
}

await main();
