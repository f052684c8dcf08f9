// npm run dev — embedded database (unless DATABASE_URL is set), migrations, demo tenant, then `next dev`.
import { spawn } from "node:child_process";
import { getDb } from "@/lib/db";
import { migrate } from "@/lib/db/migrate";
import { DEMO_MS_TENANT_ID, seedDemoTenant } from "./demo";
import { openLocalDatabase } from "./local-db";
import { startLocalSimulator } from "./local-simulator";

const port = process.env.PORT ?? "3000";
const local = await openLocalDatabase();
process.env.DATABASE_URL = local.url;
const { applied } = await migrate({ connectionString: local.url, schema: process.env.DATABASE_SCHEMA });
const demo = await seedDemoTenant();
await getDb().$disconnect();
// Without real Entra app credentials, Microsoft is played by the local simulator; the demo tenant is its
// "misconfigured" fixture, so a first scan has findings to show.
const simulator = process.env.ENTRA_CLIENT_ID ? null : await startLocalSimulator();
simulator?.registerTenant("misconfigured", DEMO_MS_TENANT_ID);

console.log(
  [
    "",
    `  database   ${local.embedded ? "embedded PGlite (.data/pglite)" : "DATABASE_URL"}; ${applied.length} migration(s) applied`,
    `  microsoft  ${simulator ? `Microsoft 365 simulator at ${simulator.env.GRAPH_BASE_URL} (no ENTRA_CLIENT_ID set)` : "Entra app ENTRA_CLIENT_ID"}`,
    `  demo       tenant ${demo.id} (${demo.name})`,
    `  api token  npm run -s cli -- tokens:create --tenant demo`,
    `  app        http://localhost:${port}`,
    "",
  ].join("\n"),
);

const next = spawn(process.execPath, ["node_modules/next/dist/bin/next", "dev", "--port", port], {
  stdio: "inherit",
  env: { ...process.env, ...simulator?.env, NEXT_TELEMETRY_DISABLED: "1" },
});

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  next.kill("SIGTERM");
  await simulator?.stop();
  await local.stop();
  process.exit(code);
}
next.on("exit", (code) => void shutdown(code ?? 0));
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void shutdown(0));
