import { describe, expect, inject, it } from "vitest";
import { Browser } from "../browser-session";
import { api, makeTenant, makeToken, setupAppDb } from "../helpers";
import { registerSimulatedTenant } from "../simulator-client";

// Sign-in, sessions, roles and CSRF over real HTTP: next-auth's routes, the simulator's Entra pages, our API.
const db = setupAppDb();
const appUrl = () => inject("appUrl");

async function signedIn(upn: string, tenant: string): Promise<Browser> {
  const browser = new Browser(appUrl());
  const landed = await browser.signIn(upn, { tenant });
  expect(landed.status).toBe(302);
  expect(landed.location).toBe(`${appUrl()}/dashboard`);
  expect(browser.sessionToken()).toBeTruthy();
  return browser;
}

/** A connected Microsoft tenant (simulator consented) whose first signed-in user owns it. */
async function connectedTenantWithOwner() {
  const guid = await registerSimulatedTenant("well-configured");
  const owner = await signedIn("megan.bowen@contoso.com", guid);
  const me = await owner.request("/tenants/me");
  const tenantId = me.json.data.id as string;
  await db().tenant.update({ where: { id: tenantId }, data: { connectionStatus: "connected", consentedAt: new Date() } });
  return { guid, owner, tenantId };
}

describe("sign-in with Microsoft (OIDC code flow + PKCE against the simulator)", () => {
  it("sends PKCE S256, state and nonce, and keeps only a hash of the session token", async () => {
    const guid = await registerSimulatedTenant("well-configured", { consented: false });
    const browser = new Browser(appUrl());
    const csrf = await browser.request("/api/auth/csrf");
    const start = await browser.request("/api/auth/signin/microsoft-entra-id", { method: "POST", form: { csrfToken: csrf.json.csrfToken, callbackUrl: "/dashboard" } });
    const authorize = new URL(start.location!);
    expect(authorize.pathname).toBe("/organizations/oauth2/v2.0/authorize");
    expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
    for (const p of ["state", "nonce", "code_challenge"]) expect(authorize.searchParams.get(p)?.length).toBeGreaterThan(20);
    expect(authorize.searchParams.get("scope")).toBe("openid profile email");

    const fresh = new Browser(appUrl());
    await fresh.signIn("megan.bowen@contoso.com", { tenant: guid });
    const token = fresh.sessionToken()!;
    const rows = await db().session.findMany({ where: { user: { msTenantId: guid } } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it("creates the first user's tenant (free, pending) with them as owner; later users join as viewers", async () => {
    const guid = await registerSimulatedTenant("well-configured", { consented: false });
    const owner = await signedIn("megan.bowen@contoso.com", guid);
    const mine = await owner.request("/tenants/me");
    expect(mine.status).toBe(200);
    expect(mine.json.data).toMatchObject({ plan: "free", role: "owner", connection: { status: "pending", ms_tenant_id: guid } });

    const viewer = await signedIn("adele.vance@contoso.com", guid);
    const theirs = await viewer.request("/tenants/me");
    expect(theirs.json.data).toMatchObject({ id: mine.json.data.id, role: "viewer" });

    const users = await db().user.findMany({ where: { msTenantId: guid }, orderBy: { email: "asc" } });
    expect(users.map((u) => u.email)).toEqual(["adele.vance@contoso.com", "megan.bowen@contoso.com"]);
    // keyed by (tid, oid): signing in again finds the same user, not a new one
    await signedIn("megan.bowen@contoso.com", guid);
    expect(await db().user.count({ where: { msTenantId: guid } })).toBe(2);
    const actions = (await db().auditEvent.findMany({ where: { tenantId: mine.json.data.id } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["tenant.created", "member.joined", "user.signed_in"]));
  });

  it("sends a signed-in visitor of /sign-in only to paths of this app (no open redirect)", async () => {
    const guid = await registerSimulatedTenant("well-configured", { consented: false });
    const browser = await signedIn("megan.bowen@contoso.com", guid);
    for (const hostile of ["//evil.example/x", "/\\evil.example", "/\tevil.example", "https://evil.example/", "/%2F%2Fevil.example"]) {
      const page = await browser.request(`/sign-in?callbackUrl=${encodeURIComponent(hostile)}`);
      const href = /href="([^"]*)"[^>]*>Continue to the dashboard/.exec(page.text)?.[1];
      // Resolved the way a browser resolves a link on our page, it must stay on our origin.
      const lands = href ? new URL(href.replace(/&amp;/g, "&"), appUrl()).origin : null;
      expect({ hostile, lands }).toEqual({ hostile, lands: new URL(appUrl()).origin });
    }
    const fine = await browser.request(`/sign-in?callbackUrl=${encodeURIComponent("/dashboard/scans?type=exposure")}`);
    expect(fine.text).toContain('href="/dashboard/scans?type=exposure"');
  });

  it("refuses personal Microsoft accounts and shows a fixed message, never the query text", async () => {
    const page = await new Browser(appUrl()).request("/sign-in?error=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    expect(page.status).toBe(200);
    expect(page.text).not.toContain("<script>alert(1)");
    expect(page.text).toContain("Something went wrong while signing in");
    const personal = await new Browser(appUrl()).request("/sign-in?error=PersonalAccount");
    expect(personal.text).toContain("Personal Microsoft accounts");
  });

  it("ends the session on sign-out, on sign-out everywhere, after the idle timeout and at the absolute limit", async () => {
    const guid = await registerSimulatedTenant("well-configured", { consented: false });
    const a = await signedIn("megan.bowen@contoso.com", guid);
    const b = await signedIn("megan.bowen@contoso.com", guid);
    expect((await b.request("/tenants/me")).status).toBe(200);

    const everywhere = await a.request("/api/session/sign-out-everywhere", { method: "POST" });
    expect(everywhere.status).toBe(200);
    expect(everywhere.json.data.sessions_ended).toBe(2);
    expect((await a.request("/tenants/me")).status).toBe(401);
    expect((await b.request("/tenants/me")).json).toMatchObject({ success: false, error: { code: "UNAUTHORIZED" } });

    const idle = await signedIn("megan.bowen@contoso.com", guid);
    await db().session.updateMany({ where: { user: { msTenantId: guid } }, data: { lastSeenAt: new Date(Date.now() - 9 * 3_600_000) } });
    expect((await idle.request("/tenants/me")).status).toBe(401);

    const old = await signedIn("megan.bowen@contoso.com", guid);
    await db().session.updateMany({ where: { user: { msTenantId: guid } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await old.request("/tenants/me")).status).toBe(401);

    const plain = await signedIn("megan.bowen@contoso.com", guid);
    const csrf = await plain.request("/api/auth/csrf");
    const out = await plain.request("/api/auth/signout", { method: "POST", form: { csrfToken: csrf.json.csrfToken, callbackUrl: "/" } });
    expect(out.status).toBe(302);
    expect((await plain.request("/tenants/me")).status).toBe(401);
    expect(await db().session.count({ where: { user: { msTenantId: guid } } })).toBe(0);
  });
});

describe("roles: the same API for the dashboard and integrations", () => {
  it("gives viewers read access only; an owner's promotion gives them the admin's writes", async () => {
    const { guid, owner, tenantId } = await connectedTenantWithOwner();
    const viewer = await signedIn("adele.vance@contoso.com", guid);
    expect((await viewer.request("/tenants/me/scans")).status).toBe(200);
    expect((await viewer.request("/tenants/me/scheduled-scans")).status).toBe(200);
    const refused = await viewer.request("/tenants/me/scans", { method: "POST", body: { scan_type: "exposure" } });
    expect(refused.status).toBe(403);
    expect(refused.json.error).toMatchObject({ code: "FORBIDDEN", details: { required_scope: "scans:write" } });
    expect((await viewer.request("/tenants/me/scheduled-scans/plan", { method: "PATCH", body: { enabled: false } })).status).toBe(403);
    expect((await viewer.request("/tenants/me/api-tokens", { method: "POST", body: { name: "x", scopes: ["scans:read"] } })).status).toBe(403);
    expect((await viewer.request("/tenants/me/audit-events")).status).toBe(403);
    expect(await db().scan.count({ where: { tenantId } })).toBe(0);

    const members = await owner.request("/tenants/me/members");
    const adele = members.json.data.find((m: { email: string }) => m.email === "adele.vance@contoso.com");
    const promoted = await owner.request(`/tenants/me/members/${adele.id}`, { method: "PATCH", body: { role: "admin" } });
    expect(promoted.json.data).toMatchObject({ role: "admin" });

    const started = await viewer.request("/tenants/me/scans", { method: "POST", body: { scan_type: "exposure" } });
    expect(started.status).toBe(201);
    expect(started.json.data.trigger).toBe("dashboard");
    expect((await viewer.request("/tenants/me/members/" + adele.id, { method: "PATCH", body: { role: "owner" } })).status).toBe(403);
  });

  it("keeps the last owner: cannot be demoted or removed", async () => {
    const { owner } = await connectedTenantWithOwner();
    const [self] = (await owner.request("/tenants/me/members")).json.data;
    const demote = await owner.request(`/tenants/me/members/${self.id}`, { method: "PATCH", body: { role: "viewer" } });
    expect(demote.status).toBe(409);
    expect(demote.json.error.details).toEqual({ reason: "last_owner" });
    expect((await owner.request(`/tenants/me/members/${self.id}`, { method: "DELETE" })).status).toBe(409);
    expect((await owner.request("/tenants/me")).json.data.role).toBe("owner");
  });

  it("lets an owner's API token work with curl-style requests until it is revoked", async () => {
    const { owner } = await connectedTenantWithOwner();
    const created = await owner.request("/tenants/me/api-tokens", { method: "POST", body: { name: "SIEM", scopes: ["scans:read", "scans:write"] } });
    expect(created.status).toBe(201);
    expect(created.json.data).toMatchObject({ name: "SIEM", status: "active", created_by: { email: "megan.bowen@contoso.com" } });
    const token = created.json.data.token as string;
    expect(token).toMatch(/^a365_/);
    expect((await owner.request("/tenants/me/api-tokens")).text).not.toContain(token);

    expect((await api("/tenants/me/scans", { token })).status).toBe(200);
    const triggered = await api("/tenants/me/scans", { token, method: "POST", body: { scan_type: "compliance" } });
    expect(triggered.status).toBe(201);
    expect(triggered.body.data.trigger).toBe("api");
    // A token never manages the tenant, whatever its scopes.
    expect((await api("/tenants/me/members", { token })).status).toBe(403);

    expect((await owner.request(`/tenants/me/api-tokens/${created.json.data.id}`, { method: "DELETE" })).status).toBe(200);
    expect((await api("/tenants/me/scans", { token })).status).toBe(401);
  });

  it("switches the active tenant only to a tenant the member belongs to", async () => {
    const { owner, tenantId } = await connectedTenantWithOwner();
    const other = await makeTenant({ name: "Someone else" });
    const refused = await owner.request("/api/session/tenant", { method: "PUT", body: { tenant_id: other.id } });
    expect(refused.status).toBe(404);
    const same = await owner.request("/api/session/tenant", { method: "PUT", body: { tenant_id: tenantId } });
    expect(same.json.data).toMatchObject({ tenant_id: tenantId, role: "owner" });
  });
});

describe("CSRF on cookie-authenticated changes", () => {
  it("refuses cross-site and origin-less cookie changes while the same request with a Bearer token works", async () => {
    const { owner, tenantId } = await connectedTenantWithOwner();
    const cross = await owner.request("/tenants/me/scans", { method: "POST", body: { scan_type: "compliance" }, crossSite: true });
    expect(cross.status).toBe(403);
    expect(cross.json.error.code).toBe("FORBIDDEN");
    const otherOrigin = await owner.request("/tenants/me/scans", { method: "POST", body: { scan_type: "compliance" }, headers: { origin: "https://evil.example", "sec-fetch-site": "same-origin" } });
    expect(otherOrigin.status).toBe(403);
    const bare = await fetch(`${appUrl()}/tenants/me/scans`, {
      method: "POST",
      headers: { cookie: owner.jar.header(), "content-type": "application/json" },
      body: JSON.stringify({ scan_type: "compliance" }),
    });
    expect(bare.status).toBe(403);
    expect(await db().scan.count({ where: { tenantId } })).toBe(0);

    const token = await makeToken(tenantId);
    const withBearer = await fetch(`${appUrl()}/tenants/me/scans`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, origin: "https://evil.example", "sec-fetch-site": "cross-site", "content-type": "application/json" },
      body: JSON.stringify({ scan_type: "compliance" }),
    });
    expect(withBearer.status).toBe(201);
  });

  it("sets the session cookie HttpOnly and SameSite=Lax", async () => {
    const guid = await registerSimulatedTenant("well-configured", { consented: false });
    const browser = new Browser(appUrl());
    const csrf = await browser.request("/api/auth/csrf");
    const start = await browser.request("/api/auth/signin/microsoft-entra-id", { method: "POST", form: { csrfToken: csrf.json.csrfToken, callbackUrl: "/dashboard" } });
    const picker = await browser.request(start.location!);
    const flow = /name="flow" value="([^"]+)"/.exec(picker.text)![1]!;
    const value = new RegExp(`value="(${guid}/[^"]+)" data-upn="megan.bowen@contoso.com"`).exec(picker.text)![1]!;
    const back = await fetch(new URL("/organizations/oauth2/v2.0/authorize", start.location!), {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ flow, user: value }),
    });
    const callback = await fetch(back.headers.get("location")!, { redirect: "manual", headers: { cookie: browser.jar.header() } });
    const cookie = callback.headers.getSetCookie().find((c) => c.startsWith("a365.session="));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
  });
});

describe("tenant isolation and anonymous access", () => {
  it("gives a session of tenant A 404 for tenant B's resources", async () => {
    const { owner } = await connectedTenantWithOwner();
    const b = await makeTenant({ name: "Tenant B" });
    const bScan = await db().scan.create({ data: { id: `scan_${"b".repeat(20)}${Date.now()}`, tenantId: b.id, scanType: "compliance", trigger: "api" } });
    const bToken = await makeToken(b.id);
    const bTokenRow = await db().apiToken.findFirstOrThrow({ where: { tenantId: b.id } });
    const bMember = await db().membership.findFirst({ where: { tenantId: b.id } });
    const paths: [string, string][] = [
      ["GET", `/tenants/${b.id}`],
      ["GET", `/tenants/${b.id}/scans`],
      ["GET", `/scans/${bScan.id}`],
      ["GET", `/tenants/${b.id}/scheduled-scans`],
      ["GET", `/tenants/${b.id}/members`],
      ["GET", `/tenants/${b.id}/invitations`],
      ["GET", `/tenants/${b.id}/api-tokens`],
      ["DELETE", `/tenants/me/api-tokens/${bTokenRow.id}`],
      ["PATCH", `/tenants/me/members/${bMember?.id ?? "mem_none00000000000000000"}`],
      ["POST", `/tenants/${b.id}/scans`],
      ["DELETE", `/tenants/${b.id}/connection`],
    ];
    for (const [method, path] of paths) {
      const body = method === "POST" ? { scan_type: "compliance" } : method === "PATCH" ? { role: "owner" } : undefined;
      const res = await owner.request(path, { method, body });
      expect({ path, status: res.status, code: res.json?.error?.code }).toEqual({ path, status: 404, code: "NOT_FOUND" });
    }
    expect((await api(`/tenants/me/scans`, { token: bToken })).status).toBe(200); // B's own token still works
    expect(await db().apiToken.count({ where: { tenantId: b.id, revokedAt: { not: null } } })).toBe(0);
  });

  it("redirects every dashboard page without a session to sign-in and answers every API route with 401", async () => {
    for (const page of ["/dashboard", "/dashboard/scans", "/dashboard/schedules", "/dashboard/onboarding", "/dashboard/settings/connection", "/dashboard/settings/members", "/dashboard/settings/tokens", "/dashboard/settings/audit"]) {
      const res = await fetch(`${appUrl()}${page}`, { redirect: "manual" });
      expect({ page, status: res.status }).toEqual({ page, status: 307 });
      expect(new URL(res.headers.get("location")!, appUrl()).pathname).toBe("/sign-in");
    }
    // A stale cookie reaches the layout's own check (the proxy only looks at the cookie's presence).
    const stale = await fetch(`${appUrl()}/dashboard/settings/members`, { redirect: "manual", headers: { cookie: "a365.session=not-a-real-session-token-value" } });
    expect(stale.status).toBe(307);
    expect(stale.headers.get("location")).toContain("/sign-in");
    const routes: [string, string][] = [
      ["GET", "/tenants"],
      ["GET", "/tenants/me"],
      ["GET", "/tenants/me/members"],
      ["POST", "/tenants/me/invitations"],
      ["GET", "/tenants/me/api-tokens"],
      ["GET", "/tenants/me/audit-events"],
      ["DELETE", "/tenants/me/connection"],
      ["POST", "/tenants/me/connection/verify"],
      ["PUT", "/api/session/tenant"],
      ["POST", "/api/session/sign-out-everywhere"],
    ];
    for (const [method, path] of routes) {
      const res = await api(path, { method, body: method === "GET" || method === "DELETE" ? undefined : {} });
      expect({ path, status: res.status, code: res.body?.error?.code }).toEqual({ path, status: 401, code: "UNAUTHORIZED" });
    }
  });
});

describe("security headers", () => {
  it("serves pages with a nonce CSP (no unsafe-inline scripts, no framing) and the API with nosniff", async () => {
    const page = await fetch(`${appUrl()}/sign-in`);
    const csp = page.headers.get("content-security-policy") ?? "";
    const scriptSrc = /script-src ([^;]+)/.exec(csp)?.[1] ?? "";
    expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
    expect(scriptSrc).not.toContain("unsafe-inline");
    expect(scriptSrc).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    const nonce = /'nonce-([^']+)'/.exec(scriptSrc)![1]!;
    const html = await page.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(page.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    const second = await fetch(`${appUrl()}/sign-in`);
    expect(second.headers.get("content-security-policy")).not.toBe(csp); // a fresh nonce per request

    const apiRes = await fetch(`${appUrl()}/openapi.json`);
    expect(apiRes.headers.get("x-content-type-options")).toBe("nosniff");
    expect(apiRes.headers.get("content-security-policy")).toBeNull();
  });
});
