import { createHash, randomBytes } from "node:crypto";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type Simulator } from "./index";
import { escapeHtml } from "./oidc";

// The simulator as an OpenID Connect provider and admin-consent endpoint, checked against Microsoft's protocol.
const REDIRECT = "http://127.0.0.1:4999/api/auth/callback/microsoft-entra-id";
let sim: Simulator;
let tenant: string;

beforeAll(async () => {
  sim = await startSimulator();
  tenant = sim.registerTenant("well-configured", undefined, { consented: false });
});
afterAll(() => sim.stop());

const form = (fields: Record<string, string>) => ({ method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields), redirect: "manual" as const });

/** GET authorize → pick the tenant's user → the redirect back with the code. */
async function authorize(params: Record<string, string>, upn = "megan.bowen@contoso.com"): Promise<URL> {
  const query = new URLSearchParams({ client_id: sim.clientId, response_type: "code", redirect_uri: REDIRECT, scope: "openid profile email", state: "st-1", nonce: "no-1", ...params });
  const page = await fetch(`${sim.authorityUrl}/organizations/oauth2/v2.0/authorize?${query}`);
  expect(page.status).toBe(200);
  const html = await page.text();
  const flow = /name="flow" value="([^"]+)"/.exec(html)![1]!;
  const user = new RegExp(`value="(${tenant}/[^"]+)" data-upn="${upn}"`).exec(html)![1]!;
  const back = await fetch(`${sim.authorityUrl}/organizations/oauth2/v2.0/authorize`, form({ flow, user }));
  expect(back.status).toBe(302);
  return new URL(back.headers.get("location")!);
}

function redeem(code: string, extra: Record<string, string> = {}) {
  return fetch(`${sim.authorityUrl}/organizations/oauth2/v2.0/token`, {
    ...form({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, ...extra }),
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${sim.clientId}:${sim.clientSecret}`).toString("base64")}` },
  });
}

describe("OpenID Connect sign-in", () => {
  it("publishes a multi-tenant discovery document and an RS256 JWKS", async () => {
    const doc = await (await fetch(`${sim.authorityUrl}/organizations/v2.0/.well-known/openid-configuration`)).json();
    expect(doc.issuer).toBe(`${sim.authorityUrl}/{tenantid}/v2.0`);
    expect(doc.authorization_endpoint).toBe(`${sim.authorityUrl}/organizations/oauth2/v2.0/authorize`);
    expect(doc.id_token_signing_alg_values_supported).toEqual(["RS256"]);
    const single = await (await fetch(`${sim.authorityUrl}/${tenant}/v2.0/.well-known/openid-configuration`)).json();
    expect(single.issuer).toBe(`${sim.authorityUrl}/${tenant}/v2.0`);
    const jwks = await (await fetch(doc.jwks_uri)).json();
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA", use: "sig", e: "AQAB" });
    expect(jwks.keys[0].kid).toBeTruthy();
  });

  it("issues a code for PKCE S256 and redeems it once for an id token of the user's tenant", async () => {
    const verifier = randomBytes(32).toString("base64url");
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const back = await authorize({ code_challenge: challenge, code_challenge_method: "S256" });
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(back.searchParams.get("state")).toBe("st-1");
    const code = back.searchParams.get("code")!;

    expect((await (await redeem(code, { code_verifier: "wrong" })).json()).error_codes).toEqual([50148]);
    // A failed redemption uses the code up, as Entra does.
    expect((await (await redeem(code, { code_verifier: verifier })).json()).error_codes).toEqual([54005]);

    const fresh = (await authorize({ code_challenge: challenge, code_challenge_method: "S256" })).searchParams.get("code")!;
    const res = await redeem(fresh, { code_verifier: verifier });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    const { payload, protectedHeader } = await jwtVerify(body.id_token, createRemoteJWKSet(new URL(`${sim.authorityUrl}/organizations/discovery/v2.0/keys`)), {
      audience: sim.clientId,
      issuer: `${sim.authorityUrl}/${tenant}/v2.0`,
    });
    expect(protectedHeader.alg).toBe("RS256");
    expect(payload).toMatchObject({ tid: tenant, preferred_username: "megan.bowen@contoso.com", name: "Megan Bowen", nonce: "no-1", ver: "2.0" });
    expect(payload.oid).toMatch(/^[0-9a-f-]{36}$/);
    expect((await redeem(fresh, { code_verifier: verifier })).status).toBe(400); // single use
  });

  it("refuses unknown clients, unregistered redirect URIs, missing PKCE verifiers and wrong client secrets", async () => {
    const bad = await fetch(`${sim.authorityUrl}/organizations/oauth2/v2.0/authorize?client_id=someone-else&response_type=code&redirect_uri=${encodeURIComponent(REDIRECT)}&scope=openid`);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("AADSTS700016");
    const elsewhere = await fetch(`${sim.authorityUrl}/organizations/oauth2/v2.0/authorize?client_id=${sim.clientId}&response_type=code&redirect_uri=${encodeURIComponent("https://evil.example/cb")}&scope=openid`);
    expect(await elsewhere.text()).toContain("AADSTS50011");
    const noOpenId = await fetch(`${sim.authorityUrl}/organizations/oauth2/v2.0/authorize?client_id=${sim.clientId}&response_type=code&redirect_uri=${encodeURIComponent(REDIRECT)}&scope=profile&state=s`, { redirect: "manual" });
    expect(new URL(noOpenId.headers.get("location")!).searchParams.get("error")).toBe("invalid_request");

    const code = (await authorize({ code_challenge: "abc", code_challenge_method: "plain" })).searchParams.get("code")!;
    expect((await (await redeem(code)).json()).error_codes).toEqual([50148]);
    const other = (await authorize({})).searchParams.get("code")!;
    const wrongSecret = await fetch(`${sim.authorityUrl}/organizations/oauth2/v2.0/token`, form({ grant_type: "authorization_code", code: other, redirect_uri: REDIRECT, client_id: sim.clientId, client_secret: "nope" }));
    expect(wrongSecret.status).toBe(401);
  });

  it("escapes everything it puts on its pages", () => {
    expect(escapeHtml(`<img src=x onerror="a('1')">&`)).toBe("&lt;img src=x onerror=&quot;a(&#39;1&#39;)&quot;&gt;&amp;");
  });
});

describe("admin consent", () => {
  async function consent(decision: "accept" | "cancel", target = tenant): Promise<URL> {
    const query = new URLSearchParams({ client_id: sim.clientId, scope: "https://graph.microsoft.com/.default", redirect_uri: "http://127.0.0.1:4999/api/admin-consent/callback", state: "cs-1" });
    const html = await (await fetch(`${sim.authorityUrl}/${target}/v2.0/adminconsent?${query}`)).text();
    const flow = /name="flow" value="([^"]+)"/.exec(html)![1]!;
    const res = await fetch(`${sim.authorityUrl}/${target}/v2.0/adminconsent`, form({ flow, decision, tenant: target }));
    return new URL(res.headers.get("location")!);
  }
  const appToken = () =>
    fetch(`${sim.authorityUrl}/${tenant}/oauth2/v2.0/token`, form({ grant_type: "client_credentials", client_id: sim.clientId, client_secret: sim.clientSecret, scope: "https://graph.microsoft.com/.default" }));

  it("issues no app token before consent, answers a cancel with access_denied, and a grant with admin_consent=True", async () => {
    const before = await appToken();
    expect(before.status).toBe(400);
    expect((await before.json()).error).toBe("unauthorized_client");

    const cancelled = await consent("cancel");
    expect(Object.fromEntries(cancelled.searchParams)).toMatchObject({ error: "access_denied", state: "cs-1" });
    expect(cancelled.searchParams.get("error_description")).toContain("AADSTS65004");
    expect(sim.isConsented(tenant)).toBe(false);

    const granted = await consent("accept");
    expect(Object.fromEntries(granted.searchParams)).toEqual({ admin_consent: "True", tenant, scope: "https://graph.microsoft.com/.default", state: "cs-1" });
    expect(sim.isConsented(tenant)).toBe(true);
    expect((await appToken()).status).toBe(200);
  });
});
