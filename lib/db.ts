import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";
import { getEnv } from "@/lib/env";

export type Db = PrismaClient;

// On globalThis like the client itself: each Next bundle (route, page) has its own copy of this module, and a client
// created by one must still answer rawName() in another.
const registry = globalThis as unknown as { __aetherSchemas?: WeakMap<PrismaClient, string> };
const schemas = (registry.__aetherSchemas ??= new WeakMap<PrismaClient, string>());
const connections = ((registry as { __aetherConnections?: WeakMap<PrismaClient, string> }).__aetherConnections ??= new WeakMap<PrismaClient, string>());
const pools = ((registry as { __aetherPools?: WeakMap<PrismaClient, pg.Pool> }).__aetherPools ??= new WeakMap<PrismaClient, pg.Pool>());

export type CreatePrismaOptions = {
  schema?: string;
  max?: number;
  logQueries?: boolean;
  /** Opening a connection, or waiting for a free one in the pool (default 5 s); never unbounded. */
  connectTimeoutMs?: number;
  /** Client-side bound on one query (default: none — benchmarks' bulk seeding; the app sets one). */
  queryTimeoutMs?: number;
};

/**
 * A Prisma client on its own pg pool. Waiting for the database is always bounded (a database that has gone away
 * must turn into a 503, lib/db/unavailable.ts, not a request that hangs): `connectionTimeoutMillis` covers
 * connecting and waiting for a pool slot, `query_timeout` one query, TCP keep-alive notices a peer that vanished
 * silently. A connection that failed is discarded by the pool, and the next request opens a fresh one, so
 * service resumes by itself when the database is back.
 */
export function createPrisma(connectionString: string, options: CreatePrismaOptions = {}): PrismaClient {
  // The pool is ours (handed to the adapter, which ends it on $disconnect) so that the API's hot reads can send a
  // hand-written statement on the same connections (poolOf) without a second pool.
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    ...(options.queryTimeoutMs ? { query_timeout: options.queryTimeoutMs } : {}),
    keepAlive: true,
  });
  const adapter = new PrismaPg(pool, { disposeExternalPool: true, ...(options.schema ? { schema: options.schema } : {}) });
  // logQueries: emit a "query" event per statement (tests count queries with it).
  const client = new PrismaClient(options.logQueries ? { adapter, log: [{ emit: "event", level: "query" }] } : { adapter });
  schemas.set(client, options.schema ?? "public");
  connections.set(client, connectionString);
  pools.set(client, pool);
  return client;
}

/**
 * Where a client created by createPrisma() connects, for the few parts that need a connection of their own beside
 * its pool (the API-token cache's LISTEN connection must watch the very database and schema the client reads).
 */
export function connectionOf(client: PrismaClient): { connectionString: string; schema: string } | undefined {
  const connectionString = connections.get(client);
  return connectionString === undefined ? undefined : { connectionString, schema: schemas.get(client) ?? "public" };
}

/**
 * The pg pool under a client created by createPrisma(), for the few hot-path statements that are worth writing by
 * hand (lib/scans/hot-path.ts): Prisma's query compiler and result mapping cost more CPU than the query itself
 * there. Same connections, same timeouts; raw SQL must qualify its tables with rawName().
 */
export function poolOf(client: PrismaClient = getDb()): pg.Pool {
  const pool = pools.get(client);
  if (!pool) throw new Error("not a client created by createPrisma()");
  return pool;
}

/**
 * The quoted, schema-qualified name of a table or enum type for raw SQL. Prisma qualifies its own queries with the
 * adapter's schema, but never rewrites raw SQL; schema names come from validated configuration or tests, never
 * from users.
 */
export function rawName(name: string, client: PrismaClient = getDb()): string {
  const schema = schemas.get(client) ?? "public";
  if (!/^[a-z_][a-z0-9_]*$/.test(schema) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error("unsafe identifier");
  return `"${schema}"."${name}"`;
}

const cache = globalThis as unknown as { __aetherPrisma?: PrismaClient };

/**
 * The app's one Prisma client, created on first use. Cached on globalThis so dev-mode module reloads (and
 * separate route bundles) share one pool instead of leaking a pool per reload.
 */
export function getDb(): PrismaClient {
  if (!cache.__aetherPrisma) {
    const env = getEnv();
    if (!env.DATABASE_URL) {
      throw new Error("DATABASE_URL is not set. Use `npm run dev`, which starts the embedded database for you.");
    }
    cache.__aetherPrisma = createPrisma(env.DATABASE_URL, {
      schema: env.DATABASE_SCHEMA,
      max: env.DATABASE_POOL_MAX,
      connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
      queryTimeoutMs: env.DATABASE_QUERY_TIMEOUT_MS,
    });
  }
  return cache.__aetherPrisma;
}

/** Points getDb() at another client (tests: one schema per file). */
export function setDb(client: PrismaClient | undefined): void {
  cache.__aetherPrisma = client;
}

/**
 * Serialises a critical section across app instances for the rest of the caller's transaction: a transaction-scoped
 * advisory lock on a text key (e.g. `members:${tenantId}`). Released at commit or rollback.
 */
export async function lockForTransaction(tx: Prisma.TransactionClient, key: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
}
