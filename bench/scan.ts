// npm run bench:scan — a compliance (and an exposure) scan of a generated tenant (10k users, 500 apps, 1k guests)
// at 50 ms simulated Graph latency: wall time, Graph requests, peak RSS, and the critical-path lower bound
// (longest chain of dependent requests × latency) measured in the same run, with the ratio.
// The simulator runs in a child process so the RSS is the scanner's own.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createPrisma, setDb } from "@/lib/db";
import { appEnvironmentFor } from "../scripts/m365-simulator/app-env";
import { resetEnvCache } from "@/lib/env";
import { newId } from "@/lib/ids";
import { getMicrosoftConfig } from "@/lib/microsoft/config";
import { GraphClient } from "@/lib/microsoft/graph";
import { clearTokenCache } from "@/lib/microsoft/token";
import { collectAndEvaluate, saveResults } from "@/lib/scans/run";
import { createTenant } from "@/lib/tenants/service";
import { createMigratedSchema, dropSchema, newSchemaName } from "../tests/test-db";
import { startEmbeddedDatabaseProcess } from "./setup";

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const SPEC = { users: 10_000, guests: 1_000, apps: 500, groups: 200 };

type SimInfo = { authorityUrl: string; graphUrl: string; dnsServer: string; clientId: string; clientSecret: string };

async function startSimulatorProcess(): Promise<{ info: SimInfo; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/m365-simulator/main.ts"], {
    env: { ...process.env, M365_SIM_LATENCY_MS: String(LATENCY_MS) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  for await (const chunk of child.stdout!) {
    out += chunk;
    const line = out.split("\n").find((l) => l.trim().startsWith("{"));
    if (line) {
      return {
        info: JSON.parse(line) as SimInfo,
        stop: async () => {
          child.kill("SIGTERM");
          await once(child, "exit");
        },
      };
    }
  }
  throw new Error(`the simulator did not start: ${out}`);
}

async function admin<T>(sim: SimInfo, path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(`${sim.graphUrl}/_simulator${path}`, { ...init, headers: { "content-type": "application/json" } });
  if (!res.ok) throw new Error(`simulator ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);

async function main() {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const database = url ? { url, stop: async () => {} } : await startEmbeddedDatabaseProcess();
  const schema = newSchemaName("benchscan");
  await createMigratedSchema(database.url, schema);
  const prisma = createPrisma(database.url, { schema });
  setDb(prisma);
  const sim = await startSimulatorProcess();  Object.assign(process.env, appEnvironmentFor(sim.info), { LOG_LEVEL: "error" });
  resetEnvCache();
  const lines = [`bench:scan — ${new Date().toISOString()}`, `database: ${url ? "PostgreSQL" : "embedded PGlite"}; generated tenant ${JSON.stringify(SPEC)}; Graph latency ${LATENCY_MS} ms`];
  try {
    const { tenantId: guid } = await admin<{ tenantId: string }>(sim.info, "/tenants", { method: "POST", body: JSON.stringify({ generated: SPEC }) });
    const tenant = await createTenant({ name: "Bench", plan: "enterprise", msTenantId: guid, connected: true }, { type: "system", id: "bench" });
    // Warm-up (untimed): the simulator builds a generated tenant's data on its first request, and the first
    // run in this process loads and JIT-compiles the pipeline. Neither is the scanner's steady-state cost.
    for (const scanType of ["compliance", "exposure"] as const) {
      const warm = await prisma.scan.create({ data: { id: newId("scan"), tenantId: tenant.id, scanType, trigger: "api" } });
      const job = { scanId: warm.id, tenantId: tenant.id, scanType };
      const u0 = process.memoryUsage(); console.log("before warm", scanType, JSON.stringify(Object.fromEntries(Object.entries(u0).map(([k,v])=>[k,mb(v)]))));
      let pk = 0; const smp = setInterval(() => { const u = process.memoryUsage(); if (u.rss > pk) { pk = u.rss; console.log("  peak", JSON.stringify(Object.fromEntries(Object.entries(u).map(([k,v])=>[k,mb(v)])))); } }, 5);
      const r = await collectAndEvaluate(job, guid);
      const u1 = process.memoryUsage(); console.log("after collect", JSON.stringify(Object.fromEntries(Object.entries(u1).map(([k,v])=>[k,mb(v)]))));
      await saveResults(job, r);
      clearInterval(smp);
      const u2 = process.memoryUsage(); console.log("after save", JSON.stringify(Object.fromEntries(Object.entries(u2).map(([k,v])=>[k,mb(v)]))));
    }
    for (const scanType of ["compliance", "exposure"] as const) {
      const scan = await prisma.scan.create({ data: { id: newId("scan"), tenantId: tenant.id, scanType, trigger: "api" } });
      const job = { scanId: scan.id, tenantId: tenant.id, scanType };
      clearTokenCache(); // cold: the token request is part of the chain
      const before = await admin<{ requests: number }>(sim.info, "/stats");
      const client = new GraphClient(getMicrosoftConfig(), guid);
      const startRss = process.memoryUsage().rss;
      let peakRss = startRss;
      let peakHeap = process.memoryUsage().heapUsed;
      const sample = () => {
        const usage = process.memoryUsage();
        peakRss = Math.max(peakRss, usage.rss);
        peakHeap = Math.max(peakHeap, usage.heapUsed);
      };
      const sampler = setInterval(sample, 5);
      const t0 = performance.now();
      const results = await collectAndEvaluate(job, guid, { client });
      const outcome = await saveResults(job, results);
      const wall = performance.now() - t0;
      clearInterval(sampler);
      sample();
      const after = await admin<{ requests: number }>(sim.info, "/stats");
      // Dependent chain: token → $batch → the longest run of nextLink pages (each page needs the previous one).
      const chain = 2 + client.stats.longestPageChain;
      const bound = chain * LATENCY_MS;
      const ratio = wall / bound;
      lines.push(
        `${scanType.padEnd(10)} ${outcome.status}: wall ${wall.toFixed(0)} ms; Graph requests ${after.requests - before.requests} (${client.stats.batches} $batch); ` +
          `critical path ${chain} requests × ${LATENCY_MS} ms = ${bound} ms; ratio ${ratio.toFixed(2)}${scanType === "compliance" ? " (target ≤ 1.50)" : ""}; ` +
          `peak RSS ${mb(peakRss)} MB (target < 300 MB; ${mb(startRss)} MB at the start, peak JS heap ${mb(peakHeap)} MB)`,
      );
    }
    // The kernel's high-water mark covers the whole process, warm-up and setup included.
    lines.push(`process peak RSS (high-water mark, warm-up included) ${mb(process.resourceUsage().maxRSS * 1024)} MB`);
    console.log(lines.join("\n"));
  } finally {
    await sim.stop();
    setDb(undefined);
    await prisma.$disconnect();
    await dropSchema(database.url, schema);
    await database.stop();
  }
}

await main();
