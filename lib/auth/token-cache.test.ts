import { afterEach, describe, expect, inject, it } from "vitest";
import pg from "pg";
import { runningTokenCache, TokenCache, type CachedToken } from "@/lib/auth/token-cache";
import { authenticateToken, createApiToken, hashToken, whileChangingTenantAccess } from "@/lib/auth/tokens";
import { rawName } from "@/lib/db";
import { makeTenant, setupIsolatedDb } from "../../tests/helpers";

// The cache against the real database of the run (PGlite through our socket server, or PostgreSQL): real LISTEN/NOTIFY.
const db = setupIsolatedDb();
const system = { type: "system" as const, id: "test" };
const caches: TokenCache[] = [];

afterEach(async () => {
  await Promise.all(caches.splice(0).map((c) => c.stop()));
});

async function listeningCache(options: Partial<ConstructorParameters<typeof TokenCache>[0]> = {}): Promise<TokenCache> {
  const cache = new TokenCache({ connectionString: inject("databaseUrl"), schema: db.schema, ...options }).start();
  caches.push(cache);
  await expect.poll(() => cache.status, { timeout: 10_000 }).toBe("listening");
  return cache;
}

function entry(id: string, tenantId = "t_a"): CachedToken {
  return { id, tenantId, scopes: ["scans:read"], expiresAt: null, lastUsedAt: null };
}

describe("token cache", () => {
  it("caches nothing until its listener is proven to receive notifications", async () => {
    const cache = new TokenCache({ connectionString: inject("databaseUrl"), schema: db.schema });
    caches.push(cache);
    expect(cache.status).toBe("disconnected");
    expect(cache.set("h1", entry("tok_1"), cache.currentGeneration())).toBe(false);
    expect(cache.get("h1")).toBeUndefined();
    cache.start();
    await expect.poll(() => cache.status, { timeout: 10_000 }).toBe("listening");
    expect(cache.set("h1", entry("tok_1"), cache.currentGeneration())).toBe(true);
    expect(cache.get("h1")).toMatchObject({ id: "tok_1" });
  });

  it("never caches without a working listener (an unreachable database)", async () => {
    const cache = new TokenCache({ connectionString: "postgresql://postgres@127.0.0.1:1/none", schema: db.schema, reconnectMinMs: 50 }).start();
    caches.push(cache);
    await new Promise((r) => setTimeout(r, 300));
    expect(cache.status).not.toBe("listening");
    expect(cache.set("h1", entry("tok_1"), cache.currentGeneration())).toBe(false);
  });

  it("refuses a lookup's result when an invalidation happened while it ran (generation counter)", async () => {
    const cache = await listeningCache();
    const before = cache.currentGeneration();
    cache.invalidateToken("tok_unrelated");
    expect(cache.set("h1", entry("tok_1"), before)).toBe(false);
    expect(cache.set("h1", entry("tok_1"), cache.currentGeneration())).toBe(true);
  });

  it("drops a token when its row changes in another connection's committed transaction, not before", async () => {
    const tenant = await makeTenant();
    const { token, record } = await createApiToken(tenant.id, { name: "ci", scopes: ["scans:read"] }, system);
    const cache = await listeningCache();
    const hash = hashToken(token);
    cache.set(hash, entry(record.id, tenant.id), cache.currentGeneration());

    const other = new pg.Client({ connectionString: inject("databaseUrl") });
    await other.connect();
    try {
      await other.query("BEGIN");
      await other.query(`UPDATE ${rawName("api_tokens", db())} SET revoked_at = now() WHERE id = $1`, [record.id]);
      await new Promise((r) => setTimeout(r, 100));
      expect(cache.get(hash)).toBeDefined(); // not committed: nothing is sent yet
      await other.query("COMMIT");
    } finally {
      await other.end();
    }
    await expect.poll(() => cache.get(hash), { timeout: 1_000, interval: 10 }).toBeUndefined();
  });

  it("ignores last_used_at bookkeeping and other schemas' notifications", async () => {
    const tenant = await makeTenant();
    const { token, record } = await createApiToken(tenant.id, { name: "ci", scopes: ["scans:read"] }, system);
    const cache = await listeningCache();
    const hash = hashToken(token);
    cache.set(hash, entry(record.id, tenant.id), cache.currentGeneration());
    const generation = cache.currentGeneration();
    await db().apiToken.update({ where: { id: record.id }, data: { lastUsedAt: new Date(), name: "renamed" } });
    await db().$executeRawUnsafe(`SELECT pg_notify('aether_auth', 'some_other_schema token ${record.id} ${tenant.id}')`);
    await new Promise((r) => setTimeout(r, 200));
    expect(cache.currentGeneration()).toBe(generation);
    expect(cache.get(hash)).toBeDefined();
  });

  it("drops a tenant's tokens on a membership change, and on the tenant's deletion", async () => {
    const tenant = await makeTenant();
    const user = await db().user.create({ data: { id: `usr_${Date.now()}`, email: `m${Date.now()}@example.com`, msTenantId: "00000000-0000-0000-0000-000000000001", msObjectId: `oid-${Date.now()}` } });
    const membership = await db().membership.create({ data: { id: `mem_${Date.now()}`, tenantId: tenant.id, userId: user.id, role: "admin" } });
    const { token, record } = await createApiToken(tenant.id, { name: "ci", scopes: ["scans:read"] }, system);
    const cache = await listeningCache();
    const hash = hashToken(token);
    cache.set(hash, entry(record.id, tenant.id), cache.currentGeneration());
    cache.set("other", entry("tok_other", "t_other"), cache.currentGeneration());
    await db().membership.update({ where: { id: membership.id }, data: { role: "viewer" } });
    await expect.poll(() => cache.get(hash), { timeout: 1_000, interval: 10 }).toBeUndefined();
    expect(cache.get("other")).toBeDefined();

    cache.set(hash, entry(record.id, tenant.id), cache.currentGeneration());
    await db().tenant.delete({ where: { id: tenant.id } }); // cascades to the token's row
    await expect.poll(() => cache.get(hash), { timeout: 1_000, interval: 10 }).toBeUndefined();
  });

  it("flushes everything and stops caching when the listener connection drops, and resumes once it is back", async () => {
    const cache = await listeningCache({ reconnectMinMs: 50 });
    cache.set("h1", entry("tok_1"), cache.currentGeneration());
    const connectsBefore = cache.stats.connects;
    // Kill the listener's socket, as a network failure or a database restart would.
    (cache as unknown as { client: { connection: { stream: { destroy: () => void } } } }).client.connection.stream.destroy();
    await expect.poll(() => cache.status, { timeout: 2_000, interval: 5 }).not.toBe("listening");
    expect(cache.get("h1")).toBeUndefined();
    expect(cache.set("h1", entry("tok_1"), cache.currentGeneration())).toBe(false);
    await expect.poll(() => cache.status, { timeout: 10_000 }).toBe("listening");
    expect(cache.stats.connects).toBe(connectsBefore + 1);
    expect(cache.get("h1")).toBeUndefined(); // nothing from before the drop survives
  });

  it("is bounded (least recently used out) and expires entries after its TTL", async () => {
    const cache = await listeningCache({ maxEntries: 3, ttlMs: 1_000 });
    const now = Date.now();
    for (const id of ["a", "b", "c"]) cache.set(id, entry(id), cache.currentGeneration(), now);
    cache.get("a", now); // a is now the most recently used
    cache.set("d", entry("d"), cache.currentGeneration(), now);
    expect(cache.size).toBe(3);
    expect(cache.get("b", now)).toBeUndefined();
    expect(cache.get("a", now)).toBeDefined();
    expect(cache.get("a", now + 1_001)).toBeUndefined();
  });

  it("neither serves nor stores a held token or tenant, and drops it on release", async () => {
    const cache = await listeningCache();
    cache.set("h1", entry("tok_1", "t_a"), cache.currentGeneration());
    cache.set("h2", entry("tok_2", "t_b"), cache.currentGeneration());
    const release = cache.hold({ tokenId: "tok_1" });
    expect(cache.get("h1")).toBeUndefined();
    const generation = cache.currentGeneration();
    expect(cache.set("h1", entry("tok_1", "t_a"), generation)).toBe(false);
    release();
    expect(cache.set("h1", entry("tok_1", "t_a"), generation)).toBe(false); // the lookup began before the release
    expect(cache.set("h1", entry("tok_1", "t_a"), cache.currentGeneration())).toBe(true);

    const releaseTenant = cache.hold({ tenantId: "t_b" });
    expect(cache.get("h2")).toBeUndefined();
    expect(cache.get("h1")).toBeDefined();
    releaseTenant();
  });
});

describe("authenticateToken with the process's cache", () => {
  it("serves repeated authentications from the cache and writes last_used_at once, not per request", async () => {
    const tenant = await makeTenant();
    const { token, record } = await createApiToken(tenant.id, { name: "ci", scopes: ["scans:read"] }, system);
    await expect.poll(async () => (await authenticateToken(token), runningTokenCache()?.status), { timeout: 10_000 }).toBe("listening");
    const cache = runningTokenCache()!;
    await authenticateToken(token);
    await expect.poll(async () => (await db().apiToken.findUniqueOrThrow({ where: { id: record.id } })).lastUsedAt).not.toBeNull();
    // Pretend the last write was long ago in the database: a process that wrote it a moment ago must not write again.
    const old = new Date(Date.now() - 3_600_000);
    await db().apiToken.update({ where: { id: record.id }, data: { lastUsedAt: old } });
    const hits = cache.stats.hits;
    for (let i = 0; i < 50; i++) expect(await authenticateToken(token)).toMatchObject({ id: record.id, tenantId: tenant.id });
    expect(cache.stats.hits - hits).toBe(50);
    await new Promise((r) => setTimeout(r, 100));
    expect((await db().apiToken.findUniqueOrThrow({ where: { id: record.id } })).lastUsedAt).toEqual(old);
  });

  it("refuses a token revoked by a member-removal-style change from the moment it commits (hold)", async () => {
    const tenant = await makeTenant();
    const { token, record } = await createApiToken(tenant.id, { name: "ci", scopes: ["scans:read"] }, system);
    await expect.poll(async () => (await authenticateToken(token), runningTokenCache()?.status), { timeout: 10_000 }).toBe("listening");
    expect(await authenticateToken(token)).not.toBeNull();
    await whileChangingTenantAccess(tenant.id, () => db().apiToken.update({ where: { id: record.id }, data: { revokedAt: new Date() } }));
    expect(await authenticateToken(token)).toBeNull();
  });
});
