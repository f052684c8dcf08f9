import { describe, expect, it } from "vitest";
import { authenticateToken, createApiToken, generateToken, hashToken, revokeApiToken } from "@/lib/auth/tokens";
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
    const created = await createApiToken(tenant.id, { name: "ci", scopes: ["scans:read"] }, system);
    const row = await db().apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(hashToken(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);
    const auth = await authenticateToken(created.token);
    expect(auth).toMatchObject({ id: created.id, scopes: ["scans:read"], tenantId: tenant.id });
  });

  it("rejects unknown, malformed and revoked tokens", async () => {
    const tenant = await makeTenant();
    const created = await createApiToken(tenant.id, { name: "ci", scopes: ["scans:read"] }, system);
    expect(await authenticateToken(generateToken())).toBeNull();
    expect(await authenticateToken("not-a-token")).toBeNull();
    expect(await authenticateToken(created.token + "x")).toBeNull();
    await revokeApiToken(created.id, system);
    expect(await authenticateToken(created.token)).toBeNull();
    // revoking again is harmless; an unknown id is NOT_FOUND
    await expect(revokeApiToken(created.id, system)).resolves.toMatchObject({ id: created.id });
    await expect(revokeApiToken("tok_doesnotexist000000", system)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("records last use and audit events", async () => {
    const tenant = await makeTenant();
    const created = await createApiToken(tenant.id, { name: "ci", scopes: ["scans:read"] }, system);
    await authenticateToken(created.token);
    await expect.poll(async () => (await db().apiToken.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt).not.toBeNull();
    const actions = (await db().auditEvent.findMany({ where: { tenantId: tenant.id } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["tenant.created", "api_token.created"]));
  });

  it("refuses to create a token for a tenant that does not exist", async () => {
    await expect(createApiToken("t_doesnotexist00000000", { name: "x", scopes: ["scans:read"] }, system)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
