import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectedColumnType, parsePrismaSchema } from "@/lib/db/prisma-schema";
import { createMigratedSchema, dropSchema, newSchemaName } from "../../tests/test-db";

// Fails when prisma/schema.prisma and the database produced by prisma/migrations disagree on tables, columns,
// nullability, types or enum values — i.e. when someone edits one without the other.
const url = inject("databaseUrl");
const schema = newSchemaName("drift");
let client: pg.Client;

beforeAll(async () => {
  await createMigratedSchema(url, schema);
  client = new pg.Client({ connectionString: url });
  await client.connect();
});
afterAll(async () => {
  await client.end();
  await dropSchema(url, schema);
});

type Column = { table_name: string; column_name: string; is_nullable: "YES" | "NO"; data_type: string; udt_name: string };

describe("schema.prisma ↔ migrated database", () => {
  const parsed = parsePrismaSchema();

  it("parses every model of the schema", () => {
    expect(parsed.models.map((m) => m.name)).toEqual(
      expect.arrayContaining(["Tenant", "User", "Membership", "ApiToken", "Scan", "CheckResult", "ScheduledScan", "ScheduleRun", "AuditEvent"]),
    );
  });

  it("has exactly the schema's tables", async () => {
    const { rows } = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'",
      [schema],
    );
    expect(rows.map((r) => r.table_name).sort()).toEqual(parsed.models.map((m) => m.table).sort());
  });

  it("has exactly the schema's columns, with matching types and nullability", async () => {
    const { rows } = await client.query<Column>(
      "SELECT table_name, column_name, is_nullable, data_type, udt_name FROM information_schema.columns WHERE table_schema = $1 AND table_name <> '_prisma_migrations'",
      [schema],
    );
    const actual = rows.map((c) => `${c.table_name}.${c.column_name} ${c.data_type}/${c.udt_name} ${c.is_nullable === "YES" ? "NULL" : "NOT NULL"}`).sort();
    const expected = parsed.models
      .flatMap((m) =>
        m.fields.map((f) => {
          const t = expectedColumnType(f, parsed.enums);
          // Prisma creates scalar lists as nullable columns and treats them as required in the client.
          const nullable = f.optional || f.list;
          return `${m.table}.${f.column} ${t.dataType}/${t.udtName} ${nullable ? "NULL" : "NOT NULL"}`;
        }),
      )
      .sort();
    expect(actual).toEqual(expected);
  });

  it("has the schema's enums with the same values in the same order", async () => {
    const { rows } = await client.query<{ typname: string; labels: string[] }>(
      `SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
       WHERE n.nspname = $1 GROUP BY t.typname`,
      [schema],
    );
    expect(Object.fromEntries(rows.map((r) => [r.typname, r.labels]))).toEqual(Object.fromEntries(parsed.enums));
  });

  it("has the race-critical partial unique indexes the schema cannot express", async () => {
    const { rows } = await client.query<{ indexname: string; indexdef: string }>("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1", [schema]);
    const defs = Object.fromEntries(rows.map((r) => [r.indexname, r.indexdef]));
    expect(defs.scans_one_in_progress_per_type).toMatch(/UNIQUE INDEX .* \(tenant_id, scan_type\) WHERE \(status = 'in_progress'/);
    expect(defs.schedule_runs_scheduled_scan_id_slot_key).toMatch(/UNIQUE INDEX .* \(scheduled_scan_id, slot\)/);
  });
});

describe("the drift check itself", () => {
  it("notices a column whose nullability differs from the schema", () => {
    const parsed = parsePrismaSchema(`model A {\n  id String @id\n  note String?\n  @@map("a")\n}`);
    expect(parsed.models[0]!.fields.map((f) => [f.column, f.optional])).toEqual([
      ["id", false],
      ["note", true],
    ]);
  });
});
