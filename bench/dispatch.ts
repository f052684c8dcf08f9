// npm run bench:dispatch — 100k enabled schedules (50k tenants × both scan types, spread over every IANA zone Intl
// knows) all due in the same minute; the job hand-off counts instead of running scans. Prints the time to dispatch
// all, scans created, duplicates (must be 0), and — as the floor — the same rows inserted by one raw SQL statement.
// Database: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else embedded PGlite (in-process).
import pg from "pg";
import { createPrisma, setDb } from "@/lib/db";
import { setJobDriver } from "@/lib/jobs/driver";
import { dispatchDueSchedules } from "@/lib/schedules/dispatch";
import { toLocal } from "@/lib/schedules/zoned-time";
import { createMigratedSchema, dropSchema, newSchemaName, startTestDatabase } from "../tests/test-db";

const TENANTS = Number(process.env.BENCH_TENANTS ?? 50_000);
// Unset: the dispatcher's own defaults (what production runs).
const CONCURRENCY = process.env.BENCH_CONCURRENCY ? Number(process.env.BENCH_CONCURRENCY) : undefined;

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
  let handedOff = 0;
  setJobDriver({ name: "counting", enqueueScan: async () => void handedOff++ });
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
      ].join("\n"),
    );
  } finally {
    await client.end();
    setJobDriver(undefined);
    setDb(undefined);
    await prisma.$disconnect();
    await dropSchema(database.url, schema);
    await dropSchema(database.url, floorSchema);
    await database.stop();
  }
}

await main();
