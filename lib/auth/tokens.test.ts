import { describe, expect, it } from "vitest";
import { authenticateToken, createApiToken, generateToken, hashToken, listApiTokens, revokeApiToken, revokeTenantToken } from "@/lib/auth/tokens";
import { makeTenant, setupIsolatedDb } from "../../tests/helpers";

const db = setupIsolatedDb();
const system = { type: "system" as const, id: "test" };

describe("token format and hashing", () => {
  it("generates a5 prefixed, 40-character random tokens", () => {
    const a = generateToken();
    expect(a).toMatch(/^a365_[0-9A-Za-z]{40}$/);
    expect(generateToken()).not.toBe(a);
  });

  it("hashes deterministically with sha256 and never returns the token", () => {
    const token = generateToken();
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).not.toContain(token.slice(5));
    expect(hashToken(token)).not.toBe(hashToken(generateToken()));
  });
});

describe("token service", () => {
  it("stores only the hash and authenticates the token to its tenant and scopes", async () => {
    const tenant = await makeTenant();
    const { token, record } = await createApiToken(tenant.id, { name: "ci", scopes: ["scans:read"] }, system);
    const row = await db().apiToken.findUniqueOrThrow({ where: { id: record.id } });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    const auth = await authenticateToken(token);
    expect(auth).toMatchObject({ id: record.id, scopes: ["scans:read"], tenantId: tenant.id });
  });

  it("rejects unknown, malformed and revoked tokens", async () => {
    const tenant = await makeTenant();
    const { token, record } = await createApiToken(tenant.id, { name: "ci", scopes: ["scans:read"] }, system);
    expect(await authenticateToken(generateToken())).toBeNull();
    expect(await authenticateToken("not-a-token")).toBeNull();
    expect(await authenticateToken(token + "x")).toBeNull();
    await revokeApiToken(record.id, system);
    expect(await authenticateToken(token)).toBeNull();
    // revoking again is harmless; an unknown id is NOT_FOUND
    await expect(revokeApiToken(record.id, system)).resolves.toMatchObject({ id: record.id });
    await expect(revokeApiToken("tok_doesnotexist000000", system)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("records last use and audit events", async () => {
    const tenant = await makeTenant();
    const { token, record } = await createApiToken(tenant.id, { name: "ci", scopes: ["scans:read"] }, system);
    await authenticateToken(token);
    await expect.poll(async () => (await db().apiToken.findUniqueOrThrow({ where: { id: record.id } })).lastUsedAt).not.toBeNull();
    const actions = (await db().auditEvent.findMany({ where: { tenantId: tenant.id } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["tenant.created", "api_token.created"]));
  });

  it("stops authenticating a token at its expiry and revokes only within its own tenant", async () => {
    const tenant = await makeTenant();
    const other = await makeTenant();
    const { token, record } = await createApiToken(tenant.id, { name: "short", scopes: ["scans:read"], expiresAt: new Date(Date.now() + 60_000) }, system);
    expect(await authenticateToken(token)).not.toBeNull();
    // A write straight to the table (not through the service) reaches the token cache by NOTIFY, i.e. asynchronously.
    await db().apiToken.update({ where: { id: record.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect.poll(() => authenticateToken(token), { timeout: 1_000, interval: 10 }).toBeNull();

    const live = await createApiToken(tenant.id, { name: "live", scopes: ["scans:read"] }, system);
    await expect(revokeTenantToken(other.id, live.record.id, system)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await authenticateToken(live.token)).not.toBeNull();
    await revokeTenantToken(tenant.id, live.record.id, system);
    expect(await authenticateToken(live.token)).toBeNull();
    const listed = await listApiTokens(tenant.id, 1, 10);
    expect(listed.total).toBe(2);
    expect(listed.tokens.map((t) => t.name)).toEqual(["live", "short"]);
  });

  it("refuses to create a token for a tenant that does not exist", async () => {
    await expect(createApiToken("t_doesnotexist00000000", { name: "x", scopes: ["scans:read"] }, system)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
