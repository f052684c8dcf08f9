// npm run db:pglite — serve the embedded database on a fixed port (PGLITE_PORT, default 5433) for external tools.
import path from "node:path";
import { startEmbeddedPostgres } from "@/lib/db/pglite-server";

const server = await startEmbeddedPostgres({
  dataDir: process.env.PGLITE_DATA_DIR ?? path.join(process.cwd(), ".data", "pglite"),
  port: Number(process.env.PGLITE_PORT ?? 5433),
});
console.log(`embedded PostgreSQL listening: ${server.url}`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void server.stop().then(() => process.exit(0)));
}
