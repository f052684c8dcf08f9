import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

/**
 * Embedded PostgreSQL (PGlite) served over the Postgres wire protocol, so the app talks to it through the
 * same Prisma adapter as production. PGlite serialises all connections through one session: fine for
 * development and most tests, useless for race tests (those run on real PostgreSQL in CI).
 */
export type EmbeddedPostgres = { url: string; port: number; stop: () => Promise<void> };

export async function startEmbeddedPostgres(options: { dataDir?: string; port?: number; host?: string } = {}): Promise<EmbeddedPostgres> {
  const host = options.host ?? "127.0.0.1";
  const release = options.dataDir ? await lockDataDir(options.dataDir) : async () => {};
  try {
    const db = await PGlite.create(options.dataDir ?? "memory://");
    // The default maxConnections is 1, which drops every concurrent connection; stay above all pools.
    const server = new PGLiteSocketServer({ db, host, port: options.port ?? 0, maxConnections: 500 });
    await server.start();
    const address = server.getServerConn();
    const port = Number(address.split(":").pop());
    let stopped = false;
    return {
      url: `postgresql://postgres:postgres@${host}:${port}/postgres?sslmode=disable`,
      port,
      async stop() {
        if (stopped) return;
        stopped = true;
        await server.stop();
        await db.close();
        await release();
      },
    };
  } catch (error) {
    await release();
    throw error;
  }
}

/**
 * Two processes on one PGlite data directory corrupt it silently, so the directory is locked with a pid
 * file. A lock left by a process that no longer runs is taken over.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const lockFile = path.join(path.dirname(path.resolve(dataDir)), `${path.basename(dataDir)}.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lockFile, String(process.pid), { flag: "wx" }); // atomic: fails if the file exists
      return async () => {
        await rm(lockFile, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number((await readFile(lockFile, "utf8").catch(() => "")).trim());
      if (holder && isAlive(holder)) {
        throw new Error(
          `The embedded database at ${dataDir} is in use by process ${holder}. Stop it first (two processes on one data directory corrupt it).`,
        );
      }
      await rm(lockFile, { force: true }); // stale lock of a process that is gone
    }
  }
  throw new Error(`Could not lock the embedded database directory ${dataDir}.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
