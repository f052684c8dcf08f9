import { randomBytes } from "node:crypto";
import pg from "pg";
import { migrate } from "@/lib/db/migrate";
import type { EmbeddedPostgres } from "@/lib/db/pglite-server";

/**
 * The database tests run against: TEST_DATABASE_URL when set (CI points it at PostgreSQL 15), otherwise an
 * in-memory PGlite. Isolation is by schema (PGlite ignores the database name), one per test file.
 */
export async function startTestDatabase(): Promise<{ url: string; embedded: EmbeddedPostgres | null; stop: () => Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) return { url, embedded: null, stop: async () => {} };
  // Loaded only when used: PGlite's WASM is ~30 MB of a process's RSS, which bench:scan measures.
  const { startEmbeddedPostgres } = await import("@/lib/db/pglite-server");
  const embedded = await startEmbeddedPostgres();
  return { url: embedded.url, embedded, stop: () => embedded.stop() };
}

export function newSchemaName(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString("hex")}`;
}

export async function createMigratedSchema(url: string, schema: string): Promise<void> {
  await migrate({ connectionString: url, schema });
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
