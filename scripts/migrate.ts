// npm run db:migrate — apply prisma/migrations to DATABASE_URL (or the embedded database) without Prisma's engine.
import { migrate } from "@/lib/db/migrate";
import { openLocalDatabase } from "./local-db";

const db = await openLocalDatabase();
try {
  const result = await migrate({ connectionString: db.url, schema: process.env.DATABASE_SCHEMA, log: (l) => console.log(l) });
  console.log(`migrations: ${result.applied.length} applied, ${result.alreadyApplied.length} already applied`);
} catch (error) {
  console.error(`migration failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.stop();
}
