import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";

/**
 * Engine-free migration applier. Prisma's schema engine cannot be downloaded here, so migrations are plain
 * SQL in Prisma's layout (prisma/migrations/<timestamp>_<name>/migration.sql) and this applies them,
 * recording each in a `_prisma_migrations` table with Prisma's columns and sha256 checksums — a team with
 * network access can switch to `prisma migrate deploy` at any time and it will see them as applied.
 *
 * Each migration runs in one transaction: an advisory lock serialises concurrent appliers, the search_path
 * is set with SET LOCAL (never a session SET: PGlite shares one session between connections), the
 * migration is re-checked under the lock, then its SQL runs over the simple query protocol.
 */
export type MigrateOptions = { connectionString: string; schema?: string; migrationsDir?: string; log?: (line: string) => void };
export type MigrateResult = { applied: string[]; alreadyApplied: string[] };

const DEFAULT_DIR = path.join(process.cwd(), "prisma", "migrations");
const LOCK_KEY = 72_707_365; // arbitrary constant shared by every applier of this project

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export async function listMigrations(dir = DEFAULT_DIR): Promise<{ name: string; sql: string; checksum: string }[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const schema = options.schema ?? "public";
  const log = options.log ?? (() => {});
  const migrations = await listMigrations(options.migrationsDir);
  const client = new pg.Client({ connectionString: options.connectionString });
  await client.connect();
  const result: MigrateResult = { applied: [], alreadyApplied: [] };
  const table = `${quoteIdent(schema)}."_prisma_migrations"`;
  try {
    for (const m of migrations) {
      await client.query("BEGIN");
      try {
        await client.query(`SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
        await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
        await client.query(`SET LOCAL search_path TO ${quoteIdent(schema)}`);
        await client.query(`CREATE TABLE IF NOT EXISTS ${table} (
          "id" VARCHAR(36) PRIMARY KEY NOT NULL,
          "checksum" VARCHAR(64) NOT NULL,
          "finished_at" TIMESTAMPTZ,
          "migration_name" VARCHAR(255) NOT NULL,
          "logs" TEXT,
          "rolled_back_at" TIMESTAMPTZ,
          "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
          "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
        const existing = await client.query<{ checksum: string }>(
          `SELECT checksum FROM ${table} WHERE migration_name = $1 AND finished_at IS NOT NULL AND rolled_back_at IS NULL`,
          [m.name],
        );
        if (existing.rows.length > 0) {
          if (existing.rows[0]!.checksum !== m.checksum) {
            throw new Error(`Migration ${m.name} was edited after it was applied (checksum mismatch). Add a new migration instead.`);
          }
          await client.query("COMMIT");
          result.alreadyApplied.push(m.name);
          continue;
        }
        const startedAt = new Date();
        await client.query(m.sql); // no parameters → simple protocol, multi-statement allowed
        await client.query(
          `INSERT INTO ${table} (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, $4, 1)`,
          [randomUUID(), m.checksum, m.name, startedAt],
        );
        await client.query("COMMIT");
        result.applied.push(m.name);
        log(`applied ${m.name}`);
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      }
    }
  } finally {
    await client.end();
  }
  return result;
}
