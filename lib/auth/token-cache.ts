import "server-only";
import pg from "pg";
import { connectionOf, type Db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { log } from "@/lib/log";

/**
 * Per-process cache of authenticated API tokens, so the hot path of every API request is not a database round
 * trip. A revocation must still take effect on every instance at once, so the cache only ever serves what it
 * can prove it would hear about:
 *
 * - **Invalidation through PostgreSQL LISTEN/NOTIFY.** Triggers on `api_tokens` and `memberships` (migration
 *   `…_auth_change_notify`) send a NOTIFY on channel `aether_auth` for every change that matters, delivered by
 *   PostgreSQL to every listening instance after the change commits. A notification drops the token (or all of
 *   a tenant's tokens).
 * - **No listener, no cache.** Entries are served and stored only while the listener connection is up and has
 *   shown, with a probe NOTIFY sent from another connection, that notifications reach it. When the connection
 *   drops (or a heartbeat fails) the whole cache is flushed and lookups go to the database until it is back;
 *   on reconnect it is flushed again.
 * - **Generation counter.** A lookup notes the generation before it reads the database and may only store its
 *   result if no invalidation happened meanwhile: a read that began before a revocation's NOTIFY cannot put the
 *   pre-revocation row back after it.
 * - **Holds for this process's own changes.** NOTIFY is asynchronous, so a revocation made by this process
 *   would otherwise be served from cache until its own notification comes back. `hold()` is taken inside the
 *   revoking transaction and released after commit: meanwhile nothing of that token (or tenant) is served from
 *   or stored in the cache, and the release drops it. Once a revoke call has returned, this process refuses
 *   the token.
 * - **Bounded and short-lived.** Keyed by the token's sha256 (never the token), tenant-scoped entries, at most
 *   `maxEntries` (least recently used evicted) and `ttlMs` old — the backstop for a notification lost in a way
 *   neither TCP nor the heartbeat noticed.
 */
export const AUTH_CHANNEL = "aether_auth";

export type CachedToken = {
  readonly id: string;
  readonly tenantId: string;
  readonly scopes: readonly string[];
  readonly expiresAt: number | null;
  /** When last_used_at was last written (by anyone, as far as this process knows), ms since the epoch. */
  lastUsedAt: number | null;
};

type Entry = { token: CachedToken; cachedAt: number };

export type TokenCacheOptions = {
  connectionString: string;
  /** The app's schema: notifications of other schemas on the same database are ignored. */
  schema: string;
  maxEntries?: number;
  ttlMs?: number;
  heartbeatMs?: number;
  /** How long the probe NOTIFY may take to arrive before the listener is considered not to work. */
  probeTimeoutMs?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
};

export type TokenCacheState = "connecting" | "listening" | "disconnected" | "stopped";

export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly heldTokens = new Map<string, number>();
  private readonly heldTenants = new Map<string, number>();
  private generation = 0;
  private state: TokenCacheState = "disconnected";
  private client: pg.Client | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private reconnect: NodeJS.Timeout | null = null;
  private reconnectDelay: number;
  private probes = new Map<string, () => void>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;
  /** Counters for tests and benchmarks. */
  readonly stats = { hits: 0, misses: 0, invalidations: 0, flushes: 0, connects: 0 };

  constructor(private readonly options: TokenCacheOptions) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.ttlMs = options.ttlMs ?? 10_000;
    this.reconnectDelay = options.reconnectMinMs ?? 500;
  }

  get status(): TokenCacheState {
    return this.state;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Starts listening (in the background); until the listener is proven to work, nothing is cached. */
  start(): this {
    if (this.state === "disconnected" && !this.reconnect) void this.connect();
    return this;
  }

  /** A cached token, if it may be served: listening, not held, not older than the TTL. */
  get(hash: string, now = Date.now()): CachedToken | undefined {
    if (this.state !== "listening") return undefined;
    const entry = this.entries.get(hash);
    if (!entry) {
      this.stats.misses++;
      return undefined;
    }
    if (now - entry.cachedAt > this.ttlMs || this.isHeld(entry.token)) {
      this.entries.delete(hash);
      this.stats.misses++;
      return undefined;
    }
    // Least-recently-used order is the Map's insertion order: move the hit to the end.
    this.entries.delete(hash);
    this.entries.set(hash, entry);
    this.stats.hits++;
    return entry.token;
  }

  /** To be read before the database lookup whose result may be stored with set(). */
  currentGeneration(): number {
    return this.generation;
  }

  /** Stores a lookup's result unless anything was invalidated since `generation` was read (or caching is off). */
  set(hash: string, token: CachedToken, generation: number, now = Date.now()): boolean {
    if (this.state !== "listening" || generation !== this.generation || this.isHeld(token)) return false;
    this.entries.delete(hash);
    this.entries.set(hash, { token, cachedAt: now });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return true;
  }

  invalidateToken(tokenId: string): void {
    this.generation++;
    this.stats.invalidations++;
    for (const [hash, entry] of this.entries) if (entry.token.id === tokenId) this.entries.delete(hash);
  }

  invalidateTenant(tenantId: string): void {
    this.generation++;
    this.stats.invalidations++;
    for (const [hash, entry] of this.entries) if (entry.token.tenantId === tenantId) this.entries.delete(hash);
  }

  flush(): void {
    this.generation++;
    this.stats.flushes++;
    this.entries.clear();
  }

  /**
   * While a change to a token (or to a tenant's access) is being committed by this process: nothing about it is
   * served from or stored in the cache. The returned release (call it after the commit, also on failure)
   * invalidates it and lifts the hold. Holds nest.
   */
  hold(target: { tokenId: string } | { tenantId: string }): () => void {
    const [map, key] = "tokenId" in target ? [this.heldTokens, target.tokenId] : [this.heldTenants, target.tenantId];
    map.set(key, (map.get(key) ?? 0) + 1);
    if ("tokenId" in target) this.invalidateToken(target.tokenId);
    else this.invalidateTenant(target.tenantId);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if ("tokenId" in target) this.invalidateToken(target.tokenId);
      else this.invalidateTenant(target.tenantId);
      const left = (map.get(key) ?? 1) - 1;
      if (left > 0) map.set(key, left);
      else map.delete(key);
    };
  }

  async stop(): Promise<void> {
    this.state = "stopped";
    this.flush();
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.reconnect) clearTimeout(this.reconnect);
    this.heartbeat = this.reconnect = null;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  private isHeld(token: CachedToken): boolean {
    return this.heldTokens.has(token.id) || this.heldTenants.has(token.tenantId);
  }

  private async connect(): Promise<void> {
    if (this.state === "stopped") return;
    this.reconnect = null;
    this.state = "connecting";
    const client = new pg.Client({
      connectionString: this.options.connectionString,
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
      query_timeout: 5_000,
      application_name: "aether365 token cache",
    });
    this.client = client;
    const lost = () => this.onLost(client);
    client.on("error", lost);
    client.on("end", lost);
    client.on("notification", (n) => this.onNotification(n.channel, n.payload ?? ""));
    try {
      await client.connect();
      await client.query(`LISTEN "${AUTH_CHANNEL}"`);
      await this.probe();
      if (this.client !== client || this.state !== "connecting") return;
      // Anything cached or looked up before this point was not covered by the listener.
      this.flush();
      this.state = "listening";
      this.stats.connects++;
      this.reconnectDelay = this.options.reconnectMinMs ?? 500;
      this.heartbeat = setInterval(() => {
        client.query("SELECT 1").catch(() => this.onLost(client));
      }, this.options.heartbeatMs ?? 5_000);
      this.heartbeat.unref();
    } catch (error) {
      log.warn("api token cache: listener unavailable, tokens are checked against the database on every request", {
        error: error instanceof Error ? error.message : String(error),
      });
      this.onLost(client);
    }
  }

  /** Proves end to end that a NOTIFY committed by another connection reaches the listener. */
  private async probe(): Promise<void> {
    const nonce = `${process.pid}.${Math.random().toString(36).slice(2)}`;
    const arrived = new Promise<void>((resolve) => this.probes.set(nonce, resolve));
    const sender = new pg.Client({ connectionString: this.options.connectionString, connectionTimeoutMillis: 5_000, query_timeout: 5_000 });
    let timer: NodeJS.Timeout | undefined;
    try {
      await sender.connect();
      await sender.query("SELECT pg_notify($1, $2)", [AUTH_CHANNEL, `${this.options.schema} probe ${nonce}`]);
      await Promise.race([
        arrived,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error("the probe notification did not arrive")), this.options.probeTimeoutMs ?? 3_000);
        }),
      ]);
    } finally {
      clearTimeout(timer);
      this.probes.delete(nonce);
      await sender.end().catch(() => {});
    }
  }

  private onNotification(channel: string, payload: string): void {
    if (channel !== AUTH_CHANNEL) return;
    const [schema, kind, id] = payload.split(" ");
    if (schema !== this.options.schema) return;
    if (kind === "probe") this.probes.get(id ?? "")?.();
    else if (kind === "token" && id) this.invalidateToken(id);
    else if (kind === "tenant" && id) this.invalidateTenant(id);
    else this.flush(); // unknown message: be safe
  }

  private onLost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.flush();
    void client.end().catch(() => {});
    if (this.state === "stopped") return;
    if (this.state === "listening") log.warn("api token cache: listener connection lost; caching is off until it is back");
    this.state = "disconnected";
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(delay * 2, this.options.reconnectMaxMs ?? 30_000);
    this.reconnect = setTimeout(() => void this.connect(), delay);
    this.reconnect.unref();
  }
}

// One cache per process, on globalThis: every Next route bundle has its own copy of this module, and a revocation
// handled by one route must reach the cache the others read.
const registry = globalThis as unknown as { __aetherTokenCache?: { db: Db; cache: TokenCache | null } };

/**
 * The process's token cache for the given client (the app's getDb()), started on first use; null when caching is
 * off (API_TOKEN_CACHE_SIZE=0, or a client whose connection is unknown). A different client (tests repoint getDb())
 * gets a fresh cache listening to its own database.
 */
export function tokenCacheFor(db: Db): TokenCache | null {
  const current = registry.__aetherTokenCache;
  if (current?.db === db) return current.cache;
  if (current?.cache) void current.cache.stop();
  const connection = connectionOf(db);
  const size = getEnv().API_TOKEN_CACHE_SIZE;
  const cache = connection && size > 0 ? new TokenCache({ ...connection, maxEntries: size }).start() : null;
  registry.__aetherTokenCache = { db, cache };
  return cache;
}

/** The running cache, if any — for holds: a process that never authenticated a token has nothing to invalidate. */
export function runningTokenCache(): TokenCache | null {
  return registry.__aetherTokenCache?.cache ?? null;
}
