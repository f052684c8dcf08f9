// npm run dev — embedded database (unless DATABASE_URL is set), migrations, demo tenant, then `next dev`.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getDb } from "@/lib/db";
import { migrate } from "@/lib/db/migrate";
import { resetEnvCache } from "@/lib/env";
import { verifyConnection } from "@/lib/tenants/connection";
import { DEMO_MS_TENANT_ID, DEMO_OWNER, ONBOARDING_MS_TENANT_ID, seedDemoTenant } from "./demo";
import { DATA_DIR, openLocalDatabase } from "./local-db";
import { startLocalSimulator } from "./local-simulator";

const port = process.env.PORT ?? "3000";

/** A sign-in secret made once per checkout (.data/auth-secret), unless NEXTAUTH_SECRET is set. */
function localAuthSecret(): string {
  const file = path.join(DATA_DIR, "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(DATA_DIR, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}
const auth = { NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`, NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? localAuthSecret() };
const local = await openLocalDatabase();
process.env.DATABASE_URL = local.url;
const { applied } = await migrate({ connectionString: local.url, schema: process.env.DATABASE_SCHEMA });
const demo = await seedDemoTenant();
// Without real Entra app credentials, Microsoft is played by the local simulator; the demo tenant is its
// "misconfigured" fixture, so a first scan has findings to show.
const simulator = process.env.ENTRA_CLIENT_ID ? null : await startLocalSimulator();
simulator?.registerTenant("misconfigured", DEMO_MS_TENANT_ID);
// Contoso signs in but has not consented: its first user creates a pending tenant and walks through onboarding.
if (simulator && !simulator.hasTenant(ONBOARDING_MS_TENANT_ID)) simulator.registerTenant("well-configured", ONBOARDING_MS_TENANT_ID, { consented: false });
if (simulator && !demo.msDisplayName) {
  // Read the demo tenant's organization once, as the consent callback would, so Settings shows its domains.
  Object.assign(process.env, simulator.env);
  resetEnvCache();
  await verifyConnection(demo.id, { type: "system", id: "seed" });
}
await getDb().$disconnect();

console.log(
  [
    "",
    `  database   ${local.embedded ? "embedded PGlite (.data/pglite)" : "DATABASE_URL"}; ${applied.length} migration(s) applied`,
    `  microsoft  ${simulator ? `Microsoft 365 simulator at ${simulator.env.GRAPH_BASE_URL} (no ENTRA_CLIENT_ID set)` : "Entra app ENTRA_CLIENT_ID"}`,
    `  demo       tenant ${demo.id} (${demo.name})`,
    simulator ? `  sign in    as ${DEMO_OWNER.upn} (owner of the demo tenant), or a contoso.com user to try onboarding` : `  sign in    with Microsoft (Entra app ${process.env.ENTRA_CLIENT_ID})`,
    `  api token  npm run -s cli -- tokens:create --tenant demo`,
    `  app        ${auth.NEXTAUTH_URL}`,
    "",
  ].join("\n"),
);

const next = spawn(process.execPath, ["node_modules/next/dist/bin/next", "dev", "--port", port], {
  stdio: "inherit",
  env: { ...process.env, ...simulator?.env, ...auth, NEXT_TELEMETRY_DISABLED: "1" },
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
