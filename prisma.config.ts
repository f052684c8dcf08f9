import { defineConfig } from "prisma/config";

// `prisma generate` does not need the schema engine, but the CLI insists on locating one and tries to
// download it (impossible offline). Any existing file satisfies the lookup; migrations are applied by
// our own engine-free applier (scripts/migrate.ts), so the real engine is never executed here.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= new URL("./package.json", import.meta.url).pathname;

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  // env("DATABASE_URL") would throw during `generate` when unset; generate never connects.
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/placeholder" },
});
