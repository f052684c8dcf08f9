// Shared by the benchmarks: a migrated schema of its own on the bench database, removed again afterwards.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createPrisma, setDb, type Db } from "@/lib/db";
import { createMigratedSchema, dropSchema, newSchemaName, startTestDatabase } from "../tests/test-db";

export type BenchDatabase = { url: string; schema: string; prisma: Db; label: string };

/**
 * BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the embedded PGlite (whose numbers say little: it runs one query at
 * a time). The services in this process use the schema through getDb().
 */
export async function withBenchDatabase<T>(
  prefix: string,
  run: (db: BenchDatabase) => Promise<T>,
  options: { embedded?: "in-process" | "own-process" } = {},
): Promise<T> {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const database = url ? { url, stop: async () => {} } : options.embedded === "own-process" ? await startEmbeddedDatabaseProcess() : await startTestDatabase();
  const schema = newSchemaName(prefix);
  await createMigratedSchema(database.url, schema);
  const prisma = createPrisma(database.url, { schema });
  setDb(prisma);
  try {
    return await run({ url: database.url, schema, prisma, label: url ? "PostgreSQL (BENCH_DATABASE_URL/TEST_DATABASE_URL)" : options.embedded === "own-process" ? "embedded PGlite (its own process)" : "embedded PGlite" });
  } finally {
    setDb(undefined);
    await prisma.$disconnect();
    await dropSchema(database.url, schema);
    await database.stop();
  }
}

/** The p-th percentile of the values (nearest rank). */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * The embedded database (PGlite) in a process of its own, as `npm run dev` runs it: its memory is not a measured
 * process's RSS (bench:scan), and its single thread is not shared with a load generator (bench:api).
 */
export async function startEmbeddedDatabaseProcess(): Promise<{ url: string; stop: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), "bench-pglite-"));
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/pglite-server.ts"], {
    env: { ...process.env, PGLITE_DATA_DIR: path.join(dir, "db"), PGLITE_PORT: String(port) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  for await (const chunk of child.stdout!) {
    const match = /listening: (\S+)/.exec(String(chunk));
    if (match) {
      return {
        url: match[1]!,
        stop: async () => {
          child.kill("SIGTERM");
          await once(child, "exit");
          await rm(dir, { recursive: true, force: true });
        },
      };
    }
  }
  throw new Error("the embedded database did not start");
}
