import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import pg from "pg";
import { createPrisma, rawName, setDb, type Db } from "@/lib/db";
import { startTestApp, type TestApp } from "../../scripts/test-app";
import { Browser } from "../browser-session";
import { registerSimulatedTenant } from "../simulator-client";
import { createMigratedSchema, dropSchema, newSchemaName } from "../test-db";

// API-token revocation with the per-process token cache (lib/auth/token-cache.ts), over real HTTP against TWO app
// processes sharing one database and schema, as two instances behind a load balancer would: a revocation made
// through one is refused by the other within 1 s (LISTEN/NOTIFY), and by the one that made it at once.
const url = inject("databaseUrl");
const schema = newSchemaName("revoke");
let one: TestApp;
let two: TestApp;
let db: Db;

beforeAll(async () => {
  await createMigratedSchema(url, schema);
  db = createPrisma(url, { schema, max: 4 });
  setDb(db);
  const options = { database: { url, schema }, env: { ...inject("simulatorEnv"), TICK_INTERVAL_SECONDS: "3600" } };
  [one, two] = await Promise.all([startTestApp(options), startTestApp(options)]);
}, 120_000);

afterAll(async () => {
  await Promise.all([one?.stop(), two?.stop()]);
  setDb(undefined);
  await db?.$disconnect();
  await dropSchema(url, schema);
});

async function statusOf(app: TestApp, token: string): Promise<number> {
  const res = await fetch(`${app.url}/tenants/me/scans?limit=1`, { headers: { authorization: `Bearer ${token}` } });
  await res.arrayBuffer();
  return res.status;
}

async function ownerOn(app: TestApp) {
  const guid = await registerSimulatedTenant("well-configured");
  const owner = new Browser(app.url);
  expect((await owner.signIn("megan.bowen@contoso.com", { tenant: guid })).status).toBe(302);
  return { owner, guid };
}

async function newToken(owner: Browser): Promise<{ id: string; token: string }> {
  const created = await owner.request("/tenants/me/api-tokens", { method: "POST", body: { name: "integration", scopes: ["scans:read"] } });
  expect(created.status).toBe(201);
  return { id: created.json.data.id, token: created.json.data.token };
}

/** Sets revoked_at with triggers off (no NOTIFY): what a cache without invalidation would never hear about. */
async function setRevokedSilently(tokenId: string, revoked: boolean): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query("SET LOCAL session_replication_role = replica");
    await client.query(`UPDATE ${rawName("api_tokens", db)} SET revoked_at = ${revoked ? "now()" : "NULL"} WHERE id = $1`, [tokenId]);
    await client.query("COMMIT");
  } finally {
    await client.end();
  }
}

/**
 * Proves the app serves this token from its cache (so the tests below can fail): a silent revocation is not seen.
 * The cache starts after its listener's probe succeeds, so retry until it is in use, then undo the silent change.
 */
async function expectServedFromCache(app: TestApp, token: { id: string; token: string }): Promise<void> {
  await expect
    .poll(
      async () => {
        expect(await statusOf(app, token.token)).toBe(200);
        await setRevokedSilently(token.id, true);
        const status = await statusOf(app, token.token);
        await setRevokedSilently(token.id, false);
        return status;
      },
      { timeout: 15_000, interval: 200 },
    )
    .toBe(200);
}

/** Polls until the app refuses the token; returns how long that took. */
async function msUntilRefused(app: TestApp, token: string, since: number): Promise<number> {
  while (performance.now() - since < 5_000) {
    if ((await statusOf(app, token)) === 401) return performance.now() - since;
    await new Promise((r) => setTimeout(r, 10));
  }
  return Infinity;
}

describe("token revocation with a per-process token cache", () => {
  it("refuses a token revoked through process 1 on process 2 within 1 s, and on process 1 at once", async () => {
    const { owner } = await ownerOn(one);
    const token = await newToken(owner);
    await expectServedFromCache(two, token);
    await expectServedFromCache(one, token);

    const revoked = await owner.request(`/tenants/me/api-tokens/${token.id}`, { method: "DELETE" });
    expect(revoked.status).toBe(200);
    const at = performance.now();
    expect(await statusOf(one, token.token)).toBe(401);
    expect(await msUntilRefused(two, token.token, at)).toBeLessThan(1_000);
    expect(await statusOf(two, token.token)).toBe(401);
  });

  it("never serves a token after its revocation returned on the same process, even under concurrent use", async () => {
    const { owner } = await ownerOn(one);
    for (let round = 0; round < 5; round++) {
      const token = await newToken(owner);
      await expectServedFromCache(one, token);
      let stop = false;
      const after: number[] = [];
      let revokedAt = Infinity;
      // Eight clients keep using the token (and re-filling the cache) while it is revoked.
      const clients = Array.from({ length: 8 }, async () => {
        while (!stop) {
          const sent = performance.now();
          const status = await statusOf(one, token.token);
          if (sent > revokedAt) after.push(status);
        }
      });
      await new Promise((r) => setTimeout(r, 50));
      expect((await owner.request(`/tenants/me/api-tokens/${token.id}`, { method: "DELETE" })).status).toBe(200);
      revokedAt = performance.now();
      await new Promise((r) => setTimeout(r, 150));
      stop = true;
      await Promise.all(clients);
      expect(after.length).toBeGreaterThan(0);
      expect(after.filter((s) => s !== 401)).toEqual([]);
    }
  });

  it("refuses a removed member's tokens at once on the removing process and within 1 s on the other", async () => {
    const { owner, guid } = await ownerOn(one);
    const adele = new Browser(one.url);
    expect((await adele.signIn("adele.vance@contoso.com", { tenant: guid })).status).toBe(302);
    const members = (await owner.request("/tenants/me/members")).json.data as { id: string; email: string }[];
    const membership = members.find((m) => m.email === "adele.vance@contoso.com")!;
    expect((await owner.request(`/tenants/me/members/${membership.id}`, { method: "PATCH", body: { role: "owner" } })).status).toBe(200);
    const token = await newToken(adele);
    await expectServedFromCache(one, token);
    await expectServedFromCache(two, token);

    expect((await owner.request(`/tenants/me/members/${membership.id}`, { method: "DELETE" })).status).toBe(200);
    const at = performance.now();
    expect(await statusOf(one, token.token)).toBe(401);
    expect(await msUntilRefused(two, token.token, at)).toBeLessThan(1_000);
  });
});
