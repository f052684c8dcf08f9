import { cp, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { listMigrations, migrate } from "@/lib/db/migrate";
import { dropSchema, newSchemaName } from "../../tests/test-db";

const url = inject("databaseUrl");
const schemas: string[] = [];
afterAll(async () => {
  for (const s of schemas) await dropSchema(url, s);
});

function freshSchema() {
  const s = newSchemaName("mig");
  schemas.push(s);
  return s;
}

async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

describe("migration applier", () => {
  it("applies every migration once and records it like Prisma does", async () => {
    const schema = freshSchema();
    const all = await listMigrations();
    const first = await migrate({ connectionString: url, schema });
    expect(first.applied).toEqual(all.map((m) => m.name));
    const second = await migrate({ connectionString: url, schema });
    expect(second).toEqual({ applied: [], alreadyApplied: all.map((m) => m.name) });
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "${schema}"."_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(all.map((m) => [m.name, m.checksum]));
    expect(rows.every((r) => r.finished_at instanceof Date && r.applied_steps_count === 1)).toBe(true);
  });

  it("is safe when several appliers race on one schema", async () => {
    const schema = freshSchema();
    const results = await Promise.all(Array.from({ length: 4 }, () => migrate({ connectionString: url, schema })));
    expect(results.flatMap((r) => r.applied).length).toBe((await listMigrations()).length);
  });

  it("refuses a migration edited after it was applied", async () => {
    const schema = freshSchema();
    const dir = await mkdtemp(path.join(tmpdir(), "migrations-"));
    await cp(path.join(process.cwd(), "prisma", "migrations"), dir, { recursive: true });
    await migrate({ connectionString: url, schema, migrationsDir: dir });
    const [first] = await listMigrations(dir);
    await writeFile(path.join(dir, first!.name, "migration.sql"), `${first!.sql}\n-- edited\n`);
    await expect(migrate({ connectionString: url, schema, migrationsDir: dir })).rejects.toThrow(/checksum mismatch/);
  });

  it("rolls a failing migration back whole and records nothing", async () => {
    const schema = freshSchema();
    const dir = await mkdtemp(path.join(tmpdir(), "migrations-"));
    await cp(path.join(process.cwd(), "prisma", "migrations"), dir, { recursive: true });
    const { mkdir } = await import("node:fs/promises");
    await mkdir(path.join(dir, "29991231000000_broken"));
    await writeFile(path.join(dir, "29991231000000_broken", "migration.sql"), `CREATE TABLE "half_done" (id int);\nSELECT no_such_function();\n`);
    await expect(migrate({ connectionString: url, schema, migrationsDir: dir })).rejects.toThrow();
    const tables = await query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'half_done'", [schema]);
    expect(tables).toEqual([]);
    const recorded = await query<{ migration_name: string }>(`SELECT migration_name FROM "${schema}"."_prisma_migrations"`);
    expect(recorded.map((r) => r.migration_name)).not.toContain("29991231000000_broken");
  });
});
