// Shared by the benchmarks: a migrated schema of its own on the bench database, removed again afterwards.
import { createPrisma, setDb, type Db } from "@/lib/db";
import { createMigratedSchema, dropSchema, newSchemaName, startTestDatabase } from "../tests/test-db";

export type BenchDatabase = { url: string; schema: string; prisma: Db; label: string };

/**
 * BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the embedded PGlite (whose numbers say little: it runs one query at
 * a time). The services in this process use the schema through getDb().
 */
export async function withBenchDatabase<T>(prefix: string, run: (db: BenchDatabase) => Promise<T>): Promise<T> {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const database = url ? { url, stop: async () => {} } : await startTestDatabase();
  const schema = newSchemaName(prefix);
  await createMigratedSchema(database.url, schema);
  const prisma = createPrisma(database.url, { schema });
  setDb(prisma);
  try {
    return await run({ url: database.url, schema, prisma, label: url ? "PostgreSQL (BENCH_DATABASE_URL/TEST_DATABASE_URL)" : "embedded PGlite" });
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
