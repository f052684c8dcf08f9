// npm run bench:dashboard — the overview page (server-rendered) of a tenant with 5,000 scans in its history and the
// latest scans' full results: 50 requests at 5 concurrent, time to first byte and to the complete page, beside the
// no-I/O route that bench:api uses as Next.js's own ceiling, measured in the same run. The routes are measured in
// interleaved rounds (BENCH_ROUNDS, default 5: ceiling, overview, shell, page floor, then again) and each route's samples
// pooled, so a burst of load from elsewhere on the machine falls on every route alike instead of on one of them;
// BENCH_ROUNDS=1 is the single 50-request run.
// Database: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the embedded PGlite. Needs `npm run build:test`.
import { existsSync } from "node:fs";
import pg from "pg";
import { createSession, generateSessionToken } from "@/lib/auth/sessions";
import { newId } from "@/lib/ids";
import { checksFor } from "@/lib/scans/checks/registry";
import { createTenant } from "@/lib/tenants/service";
import { startTestApp } from "../scripts/test-app";
import { percentile, withBenchDatabase, type BenchDatabase } from "./setup";

const SCANS = Number(process.env.BENCH_SCANS ?? 5_000);
const REQUESTS = 50;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

type Timing = { ttfb: number; total: number };

async function timeRequest(url: string, cookie: string): Promise<Timing> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { cookie }, redirect: "manual" });
  const reader = res.body!.getReader();
  await reader.read();
  const ttfb = performance.now() - t0;
  while (!(await reader.read()).done);
  return { ttfb, total: performance.now() - t0 };
}

const p95 = (t: Timing[], key: keyof Timing) => percentile(t.map((x) => x[key]), 95);

async function measure(url: string, cookie: string): Promise<Timing[]> {
  const timings: Timing[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        next++;
        timings.push(await timeRequest(url, cookie));
      }
    }),
  );
  return timings;
}

async function run({ url: databaseUrl, schema, prisma, label }: BenchDatabase) {
  const tenant = await createTenant({ name: "Bench", plan: "enterprise", connected: true }, { type: "system", id: "bench" });
  const user = await prisma.user.create({ data: { id: newId("user"), email: "bench@example.com", msTenantId: crypto.randomUUID(), msObjectId: crypto.randomUUID() } });
  await prisma.membership.create({ data: { id: newId("membership"), tenantId: tenant.id, userId: user.id, role: "owner" } });
  const token = generateSessionToken();
  await createSession(user.id, token);
  const cookie = `a365.session=${token}`;

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(
    `INSERT INTO "${schema}".scans (id, tenant_id, scan_type, status, trigger, started_at, completed_at, pass_count, fail_count, skip_count, score)
     SELECT 'scan_bench' || lpad(g::text, 12, '0'), $1, (CASE WHEN g % 2 = 0 THEN 'compliance' ELSE 'exposure' END)::"${schema}"."ScanType",
            'completed', 'schedule', now() - g * interval '1 hour', now() - g * interval '1 hour' + interval '40 seconds', 7, 3, 0, 70 + (g % 20)
     FROM generate_series(1, $2::int) AS g`,
    [tenant.id, SCANS],
  );
  // The latest scan of each type (g = 1, 2) with a full set of results, as a real scan leaves them.
  for (const [g, type] of [[2, "compliance"], [1, "exposure"]] as const) {
    const scanId = `scan_bench${String(g).padStart(12, "0")}`;
    for (const [i, check] of checksFor(type).entries()) {
      await client.query(
        `INSERT INTO "${schema}".check_results (id, scan_id, tenant_id, check_id, status, severity, message, evidence) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [newId("checkResult"), scanId, tenant.id, check.id, i % 3 === 0 ? "fail" : "pass", check.severity, `${check.title}: bench result`, JSON.stringify({ items: [{ id: "x", displayName: "y" }] })],
      );
    }
  }
  await client.query(`ANALYZE "${schema}".scans; ANALYZE "${schema}".check_results`);
  await client.end();

  const app = await startTestApp({ database: { url: databaseUrl, schema }, env: { LOG_LEVEL: "error" } });
  try {
    const page = await fetch(`${app.url}/dashboard`, { headers: { cookie } });
    const html = await page.text();
    if (page.status !== 200 || !html.includes("Compliance score") || !html.includes("compliance-chart")) throw new Error(`the overview did not render: ${page.status}`);
    const pageKb = (Buffer.byteLength(html) / 1024).toFixed(0);
    if (process.env.BENCH_DUMP) (await import("node:fs")).writeFileSync(process.env.BENCH_DUMP, html);
    await measure(`${app.url}/dashboard`, cookie); // warm-up
    await measure(`${app.url}/api/ceiling`, cookie);
    const routes = {
      overview: `${app.url}/dashboard`,
      ceiling: `${app.url}/api/ceiling`,
      // For reading the result: the signed-in shell around a page that queries nothing of its own, and the cheapest
      // page Next serves (its 404 page through the root layout and proxy.ts, no I/O).
      shell: `${app.url}/dashboard/no-tenant`,
      floor: `${app.url}/bench-page-floor`,
    };
    const samples: Record<keyof typeof routes, Timing[]> = { overview: [], ceiling: [], shell: [], floor: [] };
    const roundRatios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const order = (round % 2 === 0 ? ["ceiling", "overview", "shell", "floor"] : ["overview", "ceiling", "floor", "shell"]) as (keyof typeof routes)[];
      const got = {} as Record<keyof typeof routes, Timing[]>;
      for (const name of order) {
        got[name] = await measure(routes[name], cookie);
        samples[name].push(...got[name]);
      }
      roundRatios.push(p95(got.overview, "ttfb") / p95(got.ceiling, "ttfb"));
    }
    const { overview, ceiling, shell, floor } = samples;
    const row = (name: string, t: Timing[]) =>
      `${name.padEnd(34)} TTFB p50 ${percentile(t.map((x) => x.ttfb), 50).toFixed(1).padStart(6)} ms  p95 ${p95(t, "ttfb").toFixed(1).padStart(6)} ms   complete p50 ${percentile(t.map((x) => x.total), 50).toFixed(1).padStart(6)} ms  p95 ${p95(t, "total").toFixed(1).padStart(6)} ms`;
    const ratio = p95(overview, "ttfb") / p95(ceiling, "ttfb");
    const ratioComplete = p95(overview, "total") / p95(ceiling, "total");
    console.log(
      [
        `bench:dashboard — ${new Date().toISOString()}`,
        `database: ${label}; ${SCANS} scans, latest scans with full results; ${REQUESTS} requests, ${CONCURRENCY} concurrent, ${ROUNDS} interleaved round(s) pooled; overview HTML ${pageKb} KiB`,
        row("overview GET /dashboard", overview),
        row("ceiling (no-I/O route)", ceiling),
        row("shell only (/dashboard/no-tenant)", shell),
        row("page floor (Next's 404 page)", floor),
        `per round, overview/ceiling TTFB p95: ${roundRatios.map((r) => `${r.toFixed(2)}×`).join(" ")}`,
        `overview/ceiling p95: TTFB ${ratio.toFixed(2)}×  (target ≤ 3×: ${ratio <= 3 ? "met" : "NOT met"})   complete page ${ratioComplete.toFixed(2)}×   (page floor/ceiling TTFB ${(p95(floor, "ttfb") / p95(ceiling, "ttfb")).toFixed(2)}×)`,
      ].join("\n"),
    );
  } finally {
    await app.stop();
  }
}

if (!existsSync(".next-test/BUILD_ID")) throw new Error("Run `npm run build:test` first.");
await withBenchDatabase("benchdash", run);
