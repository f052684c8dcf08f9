// npm run bench:api — GET /tenants/{id}/scans under 50 concurrent clients over 100k scans of one tenant,
// against the same page query sent straight through `pg` as the floor, measured in the same run.
// Database: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the embedded PGlite (numbers then say little:
// PGlite runs one query at a time). Needs the production test build: `npm run build:test`.
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

type Measured = { rps: number; p50: number; p99: number; errors: number };

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

async function measureHttp(url: string, token: string): Promise<Measured> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + (result.non2xx - (url.endsWith("/api/ceiling") ? result.non2xx : 0)),
  };
}

async function run({ url: databaseUrl, schema, label }: BenchDatabase) {
  const tenant = await createTenant({ name: "Bench", plan: "enterprise", connected: true }, { type: "system", id: "bench" });
  await createTenant({ name: "Neighbour", plan: "pro", connected: true }, { type: "system", id: "bench" });
  const { token } = await createApiToken(tenant.id, { name: "bench", scopes: ["scans:read"] }, { type: "system", id: "bench" });

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
  await client.query(`ANALYZE "${schema}".scans`);
  await client.end();
  const seedMs = performance.now() - seedStart;

  const app = await startTestApp({ database: { url: databaseUrl, schema }, env: { LOG_LEVEL: "error" } });
  try {
    const check = await fetch(`${app.url}/tenants/me/scans`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json());
    if (check.meta?.total !== SCANS || check.data?.length !== PAGE_LIMIT) throw new Error(`unexpected first page: ${JSON.stringify(check.meta)}`);
    await autocannon({ url: `${app.url}/tenants/me/scans`, connections: 10, duration: 3, headers: { authorization: `Bearer ${token}` } }); // warm-up

    const floor = await measureFloor(databaseUrl, schema, tenant.id);
    const api = await measureHttp(`${app.url}/tenants/me/scans`, token);
    // What Next.js itself serves on this machine when a handler does no I/O at all (the envelope 404 route):
    // an upper bound for any route of the app, shown so the ratio can be read against it.
    const ceiling = await measureHttp(`${app.url}/api/ceiling`, token);
    const ratio = api.rps / floor.rps;
    const fmt = (m: Measured) => `${m.rps.toFixed(0).padStart(6)} req/s   p50 ${m.p50.toFixed(1).padStart(6)} ms   p99 ${m.p99.toFixed(1).padStart(6)} ms   errors ${m.errors}`;
    const lines = [
      `bench:api — ${new Date().toISOString()}`,
      `database: ${label}; ${SCANS} scans seeded in ${(seedMs / 1000).toFixed(1)} s; ${CONNECTIONS} concurrent clients, ${DURATION_S} s each`,
      `floor (page query via pg): ${fmt(floor)}`,
      `API  GET /tenants/me/scans: ${fmt(api)}`,
      `Next.js ceiling (no-I/O route): ${fmt({ ...ceiling, errors: 0 })}  → API reaches ${((api.rps / ceiling.rps) * 100).toFixed(0)}% of it`,
      `ratio API/floor: ${ratio.toFixed(2)}   (target ≥ 0.50)   p99 target < 100 ms: ${api.p99 < 100 ? "met" : "NOT met"}`,
    ];
    console.log(lines.join("\n"));
  } finally {
    await app.stop();
  }
}

if (!existsSync(".next-test/BUILD_ID")) throw new Error("Run `npm run build:test` first.");
await withBenchDatabase("bench", run);
