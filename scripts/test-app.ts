import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { createMigratedSchema, newSchemaName, startTestDatabase } from "../tests/test-db";

/**
 * Starts the production build (`.next-test`, from `npm run build:test`) against a fresh migrated schema, for
 * HTTP integration tests (vitest globalSetup) and browser tests (Playwright webServer).
 */
export const TEST_DIST_DIR = ".next-test";

export type TestApp = { url: string; databaseUrl: string; schema: string; stop: (signal?: NodeJS.Signals) => Promise<void> };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with code ${child.exitCode} while starting`);
    try {
      const res = await fetch(`${url}/openapi.json`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the app did not answer at ${url} within ${timeoutMs} ms`);
}

export async function startTestApp(
  options: { port?: number; env?: Record<string, string>; database?: { url: string; schema: string } } = {},
): Promise<TestApp> {
  if (!existsSync(path.join(TEST_DIST_DIR, "BUILD_ID"))) {
    throw new Error(`No test build found in ${TEST_DIST_DIR}/. Run \`npm run build:test\` first (npm test does it for you).`);
  }
  const db = options.database ? { url: options.database.url, stop: async () => {} } : await startTestDatabase();
  const schema = options.database?.schema ?? newSchemaName("app");
  if (!options.database) await createMigratedSchema(db.url, schema);
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "--port", String(port), "--hostname", "127.0.0.1"], {
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_DIST_DIR: TEST_DIST_DIR,
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: db.url,
      DATABASE_SCHEMA: schema,
      DATABASE_POOL_MAX: "20",
      LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
      NEXTAUTH_URL: url,
      NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
      ...options.env,
    },
  });
  const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
      await new Promise((r) => child.once("exit", r));
    }
    await db.stop();
  };
  try {
    await waitForReady(url, child, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, databaseUrl: db.url, schema, stop };
}
