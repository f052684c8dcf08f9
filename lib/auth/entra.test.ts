import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONSUMER_TENANT_ID, identityFromClaims, isPersonalAccount, verifyEntraIdToken } from "@/lib/auth/entra";
import { resetEnvCache } from "@/lib/env";

// Id-token validation for a multi-tenant app, against a JWKS served over real HTTP.
const AUTHORITY = "https://login.example.test";
const CLIENT = "11111111-2222-3333-4444-555555555555";
const TID = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
const OID = "12345678-1234-4234-8234-123456789abc";

let server: Server;
let jwksUri: string;
let key: CryptoKey;
let otherKey: CryptoKey;

beforeAll(async () => {
  Object.assign(process.env, { ENTRA_AUTHORITY_HOST: AUTHORITY, ENTRA_CLIENT_ID: CLIENT, ENTRA_CLIENT_SECRET: "s", ENTRA_CLOCK_TOLERANCE_SECONDS: "300" });
  resetEnvCache();
  const pair = await generateKeyPair("RS256");
  key = pair.privateKey;
  otherKey = (await generateKeyPair("RS256")).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: "k1", use: "sig" };
  server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  jwksUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/keys`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function token(claims: Record<string, unknown> = {}, options: { signWith?: CryptoKey; iat?: number; exp?: number } = {}) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ tid: TID, oid: OID, preferred_username: "Megan@Contoso.com", name: "Megan", nonce: "n-1", ...claims })
    .setProtectedHeader({ alg: "RS256", kid: "k1" })
    .setIssuer(typeof claims.iss === "string" ? claims.iss : `${AUTHORITY}/${TID}/v2.0`)
    .setAudience(typeof claims.aud === "string" ? claims.aud : CLIENT)
    .setSubject("sub-1")
    .setIssuedAt(options.iat ?? now)
    .setExpirationTime(options.exp ?? now + 3600)
    .sign(options.signWith ?? key);
}

describe("verifyEntraIdToken", () => {
  it("accepts a token of its own tenant's issuer with our audience and the nonce we sent", async () => {
    const claims = await verifyEntraIdToken(await token(), { jwksUri, nonce: "n-1" });
    expect(claims).toMatchObject({ tid: TID, oid: OID });
  });

  it.each([
    ["another tenant's issuer", { iss: `${AUTHORITY}/ffffffff-bbbb-4ccc-8ddd-eeeeeeeeeeee/v2.0` }],
    ["the multi-tenant template issuer", { iss: `${AUTHORITY}/{tenantid}/v2.0` }],
    ["another host", { iss: `https://evil.example/${TID}/v2.0` }],
    ["another audience", { aud: "99999999-2222-3333-4444-555555555555" }],
    ["a tid that is not a GUID", { tid: "contoso" }],
    ["another nonce", { nonce: "n-2" }],
  ])("refuses %s", async (_name, claims) => {
    const iss = (claims as { iss?: string }).iss ?? `${AUTHORITY}/${(claims as { tid?: string }).tid ?? TID}/v2.0`;
    await expect(verifyEntraIdToken(await token({ ...claims, iss }), { jwksUri, nonce: "n-1" })).rejects.toThrow(/id token/i);
  });

  it("refuses a token signed by another key, an expired one, and one whose nonce was not checked", async () => {
    await expect(verifyEntraIdToken(await token({}, { signWith: otherKey }), { jwksUri, nonce: "n-1" })).rejects.toThrow(/rejected/);
    const now = Math.floor(Date.now() / 1000);
    await expect(verifyEntraIdToken(await token({}, { iat: now - 7200, exp: now - 600 }), { jwksUri, nonce: "n-1" })).rejects.toThrow(/rejected/);
    // within the five-minute clock tolerance
    await expect(verifyEntraIdToken(await token({}, { iat: now - 3600, exp: now - 120 }), { jwksUri, nonce: "n-1" })).resolves.toBeTruthy();
    await expect(verifyEntraIdToken(await token(), { jwksUri })).rejects.toThrow(/nonce/);
  });
});

describe("identityFromClaims", () => {
  it("lowercases the sign-in name and trusts the email claim only when Entra vouches for its domain", () => {
    const base = { tid: TID.toUpperCase(), oid: OID, preferred_username: "Megan@Contoso.com", email: "megan@contoso.com", name: " Megan " };
    expect(identityFromClaims(base)).toEqual({ tid: TID, oid: OID, username: "megan@contoso.com", name: "Megan", verifiedEmail: null });
    expect(identityFromClaims({ ...base, xms_edov: true }).verifiedEmail).toBe("megan@contoso.com");
    // Without preferred_username, an unverified email never becomes the sign-in name (invitations match on it).
    const noUpn = { ...base, preferred_username: undefined };
    expect(identityFromClaims(noUpn).username).toBe(`${OID}@${TID}`);
    expect(identityFromClaims({ ...noUpn, xms_edov: true }).username).toBe("megan@contoso.com");
    expect(isPersonalAccount({ tid: CONSUMER_TENANT_ID })).toBe(true);
    expect(isPersonalAccount({ tid: TID })).toBe(false);
  });
});
