import { existsSync, readFileSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/db/pglite-server";

/**
 * How dev tooling finds its database: DATABASE_URL when set; otherwise the embedded PGlite under .data/.
 * The process that owns the embedded server writes its URL to .data/pglite.url, so the CLI can connect to
 * a running `npm run dev` instead of opening the same data directory (which would corrupt it).
 */
export const DATA_DIR = path.join(process.cwd(), ".data");
const PGLITE_DIR = path.join(DATA_DIR, "pglite");
const URL_FILE = path.join(DATA_DIR, "pglite.url");

export type LocalDatabase = { url: string; embedded: EmbeddedPostgres | null; stop: () => Promise<void> };

function runningEmbeddedUrl(): string | null {
  if (!existsSync(URL_FILE)) return null;
  const [url, pid] = readFileSync(URL_FILE, "utf8").trim().split("\n");
  try {
    if (url && pid) {
      process.kill(Number(pid), 0);
      return url;
    }
  } catch {
    // the owner is gone: fall through and start our own
  }
  return null;
}

export async function openLocalDatabase(options: { port?: number } = {}): Promise<LocalDatabase> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: null, stop: async () => {} };
  const running = runningEmbeddedUrl();
  if (running) return { url: running, embedded: null, stop: async () => {} };
  const embedded = await startEmbeddedPostgres({ dataDir: PGLITE_DIR, port: options.port ?? 0 });
  await writeFile(URL_FILE, `${embedded.url}\n${process.pid}\n`);
  return {
    url: embedded.url,
    embedded,
    stop: async () => {
      await rm(URL_FILE, { force: true });
      await embedded.stop();
    },
  };
}
