import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { Browser } from "../browser-session";
import { api, makeToken, setupAppDb } from "../helpers";
import { registerSimulatedTenant } from "../simulator-client";

// Tenant isolation over real HTTP (issue 10 item 3): every route of the OpenAPI document and every route and page of
// app/ is called with tenant A's credentials (API token and/or A's owner's session) on tenant B's ids, and must
// answer 404 — never B's data, never 403 (which would confirm the id exists). The tables below are checked against
// the OpenAPI document and against the files in app/, so a route added without an entry here fails this test.
const db = setupAppDb();
const appUrl = () => inject("appUrl");

/** Tenant B's ids (and A's own, for `me` + B's child id), filled in beforeAll. */
type Ids = { tenantId: string; scanId: string; scheduledScanId: string; exceptionId: string; membershipId: string; invitationId: string; tokenId: string };
let A: Ids & { name: string };
let B: Ids & { name: string };
let aToken: string;
let aOwner: Browser;

type Caller = "token" | "session";
/** One call: the callers to try, the body to send, and how the template's params are filled (all of B's, or `me` + B's child ids). */
type Case = { as: Caller[]; body?: unknown };
type RouteEntry = Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", Case>> | { exempt: string };

const both: Caller[] = ["token", "session"];
const member: Caller[] = ["session"];

/**
 * Every API route (by template): which methods to call on B's ids. Routes whose answer is not about one tenant's
 * resources say why in `exempt`, and are checked separately below where they can still leak.
 */
const ROUTES: Record<string, RouteEntry> = {
  "/tenants": { exempt: "lists the caller's own tenants: checked below not to include B" },
  "/tenants/{tenantId}": { GET: { as: both } },
  "/tenants/{tenantId}/scans": { GET: { as: both }, POST: { as: both, body: { scan_type: "compliance" } } },
  "/scans/{scanId}": { GET: { as: both } },
  "/scans/{scanId}/results": { GET: { as: both } },
  "/scans/{scanId}/results.csv": { GET: { as: both } },
  "/scans/{scanId}/results.json": { GET: { as: both } },
  "/scans/{scanId}/drift": { GET: { as: both } },
  "/tenants/{tenantId}/scheduled-scans": {
    GET: { as: both },
    POST: { as: both, body: { name: "x", frequency: "daily", hour: 1, minute: 0, timezone: "UTC", scanType: "compliance" } },
  },
  "/tenants/{tenantId}/scheduled-scans/preview": { POST: { as: both, body: { frequency: "daily", hour: 1, minute: 0, timezone: "UTC" } } },
  "/tenants/{tenantId}/scheduled-scans/{scheduledScanId}": { GET: { as: both }, PATCH: { as: both, body: { enabled: false } }, DELETE: { as: both } },
  "/tenants/{tenantId}/scheduled-scans/{scheduledScanId}/runs": { GET: { as: both } },
  "/tenants/{tenantId}/exceptions": { GET: { as: both }, POST: { as: both, body: { check_id: "C01", reason: "isolation test" } } },
  "/tenants/{tenantId}/exceptions/{exceptionId}": { DELETE: { as: both } },
  "/tenants/{tenantId}/break-glass": { GET: { as: both }, PUT: { as: both, body: { user_ids: [], group_ids: [] } } },
  "/tenants/{tenantId}/connection": { DELETE: { as: member } },
  "/tenants/{tenantId}/connection/verify": { POST: { as: member } },
  "/tenants/{tenantId}/members": { GET: { as: member } },
  "/tenants/{tenantId}/members/{membershipId}": { PATCH: { as: member, body: { role: "viewer" } }, DELETE: { as: member } },
  "/tenants/{tenantId}/invitations": { GET: { as: member }, POST: { as: member, body: { email: "someone@fabrikam.com", role: "viewer" } } },
  "/tenants/{tenantId}/invitations/{invitationId}": { DELETE: { as: member } },
  "/tenants/{tenantId}/api-tokens": { GET: { as: member }, POST: { as: member, body: { name: "x", scopes: ["scans:read"] } } },
  "/tenants/{tenantId}/api-tokens/{tokenId}": { DELETE: { as: member } },
  "/tenants/{tenantId}/audit-events": { GET: { as: member } },
  "/api/session/tenant": { PUT: { as: member, body: { tenant_id: "{tenantId}" } } },
  "/checks": { exempt: "the check catalog: global, no tenant data" },
  "/checks/permissions": { exempt: "the Graph permissions the catalog needs: global, no tenant data" },
  "/openapi.json": { exempt: "the API document: public, no tenant data" },
  "/api/session/sign-out-everywhere": { exempt: "ends the caller's own sessions; takes no id" },
  "/api/admin-consent/start": { exempt: "a form post that redirects; B's tenant_id is checked below to be refused without a consent request" },
  "/api/admin-consent/callback": { exempt: "the tenant comes from the server-signed state (forged states: consent.test.ts)" },
  "/api/auth/{...nextauth}": { exempt: "next-auth's sign-in routes: no tenant id" },
  "/api/inngest": { exempt: "Inngest's signed serve() endpoint, not a tenant API" },
};

/** Catch-alls that answer the envelope 404 for every path: nothing to isolate. */
const CATCH_ALLS = new Set(["/api/{...path}", "/checks/{...rest}", "/openapi.json/{...rest}", "/scans", "/scans/{scanId}/{...rest}", "/tenants/{tenantId}/{...rest}"]);

/** Every dashboard page: its path on B's ids (must be 404), or why it has no id and what is checked instead. */
const PAGES: Record<string, { path: () => string } | { noId: string }> = {
  "/dashboard/scans/{scanId}": { path: () => `/dashboard/scans/${B.scanId}` },
  "/dashboard/scans/{scanId}/compare": { path: () => `/dashboard/scans/${B.scanId}/compare` },
  "/dashboard/scans/{scanId}/compare?against": { path: () => `/dashboard/scans/${A.scanId}/compare?against=${B.scanId}` },
  "/dashboard": { noId: "the active tenant's overview" },
  "/dashboard/fleet": { noId: "the member's own tenants" },
  "/dashboard/no-tenant": { noId: "a signed-in person without a tenant" },
  "/dashboard/onboarding": { noId: "the active tenant's consent" },
  "/dashboard/scans": { noId: "the active tenant's scans" },
  "/dashboard/schedules": { noId: "the active tenant's schedules" },
  "/dashboard/settings": { noId: "redirects into the active tenant's settings" },
  "/dashboard/settings/audit": { noId: "the active tenant's audit log" },
  "/dashboard/settings/connection": { noId: "the active tenant's connection" },
  "/dashboard/settings/break-glass": { noId: "the active tenant's break-glass declaration" },
  "/dashboard/settings/exceptions": { noId: "the active tenant's exceptions" },
  "/dashboard/settings/members": { noId: "the active tenant's members" },
  "/dashboard/settings/tokens": { noId: "the active tenant's API tokens" },
  "/": { noId: "the landing page" },
  "/sign-in": { noId: "the sign-in page" },
  "/docs/api": { noId: "the public API reference" },
};

/** `app/…/route.ts` and `app/…/page.tsx` as URL templates: `[x]` → `{x}`, `[...x]` → `{...x}`, route groups dropped. */
function appFiles(kind: "route.ts" | "page.tsx"): string[] {
  const root = path.resolve(import.meta.dirname, "../../app");
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name === kind) {
        const segments = path.relative(root, dir).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s));
        found.push(`/${segments.map((s) => s.replace(/^\[(\.\.\.)?(\w+)\]$/, (_, dots, n) => `{${dots ?? ""}${n}}`)).join("/")}`);
      }
    }
  };
  walk(root);
  return found.sort();
}

function fill(template: string, ids: Partial<Ids>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: keyof Ids) => ids[name] ?? `missing_${name}`);
}

async function call(as: Caller, method: string, url: string, body: unknown) {
  if (as === "token") return api(url, { method, token: aToken, body });
  const res = await aOwner.request(url, { method, body });
  return { status: res.status, body: res.json ?? res.text, headers: res.headers };
}

/** A connected tenant whose owner is signed in (a simulated Microsoft tenant), renamed so pages can be searched for it. */
async function tenantWithOwner(name: string) {
  const guid = await registerSimulatedTenant("well-configured");
  const owner = new Browser(appUrl());
  await owner.signIn("megan.bowen@contoso.com", { tenant: guid });
  const tenantId = (await owner.request("/tenants/me")).json.data.id as string;
  await db().tenant.update({ where: { id: tenantId }, data: { name, connectionStatus: "connected", consentedAt: new Date(), plan: "enterprise" } });
  return { owner, tenantId };
}

/** B's (or A's) resources of every kind, made through the tenant's own API like an integration would. */
async function resourcesOf(tenantId: string, owner: Browser, name: string): Promise<Ids & { name: string }> {
  const token = await makeToken(tenantId);
  const now = Date.now();
  const scan = await db().scan.create({
    data: { id: `scan_iso${now}${Math.random().toString(36).slice(2, 8)}`, tenantId, scanType: "compliance", trigger: "api", status: "completed", completedAt: new Date(), passCount: 1, failCount: 0, skipCount: 0, score: 100 },
  });
  const schedule = await api("/tenants/me/scheduled-scans", { method: "POST", token, body: { name: "Iso", frequency: "daily", hour: 3, minute: 0, timezone: "UTC", scanType: "exposure" } });
  const exception = await api("/tenants/me/exceptions", { method: "POST", token, body: { check_id: "C01", reason: "isolation fixture" } });
  const invitation = await owner.request("/tenants/me/invitations", { method: "POST", body: { email: `invitee-${now}@fabrikam.com`, role: "viewer" } });
  const members = await owner.request("/tenants/me/members");
  const tokenRow = await db().apiToken.findFirstOrThrow({ where: { tenantId } });
  for (const [what, res] of [["schedule", schedule], ["exception", exception]] as const) expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(201);
  expect(invitation.status, JSON.stringify(invitation.json)).toBe(201);
  return {
    name,
    tenantId,
    scanId: scan.id,
    scheduledScanId: schedule.body.data.id,
    exceptionId: exception.body.data.id,
    invitationId: invitation.json.data.id,
    membershipId: members.json.data[0].id,
    tokenId: tokenRow.id,
  };
}

/** Everything of B that a leaking request could change. */
async function fingerprintOfB(): Promise<string> {
  const d = db();
  const where = { tenantId: B.tenantId };
  const rows = await Promise.all([
    d.tenant.findUniqueOrThrow({ where: { id: B.tenantId }, select: { name: true, connectionStatus: true, plan: true } }),
    d.scan.count({ where }),
    d.scheduledScan.findMany({ where, select: { id: true, enabled: true, hour: true }, orderBy: { id: "asc" } }),
    d.riskException.count({ where }),
    d.membership.findMany({ where, select: { id: true, role: true }, orderBy: { id: "asc" } }),
    d.invitation.findMany({ where, select: { id: true, revokedAt: true }, orderBy: { id: "asc" } }),
    d.apiToken.findMany({ where, select: { id: true, revokedAt: true }, orderBy: { id: "asc" } }),
    d.consentRequest.count({ where }),
  ]);
  return JSON.stringify(rows);
}

describe("tenant isolation: A's credentials on B's ids", () => {
  beforeAll(async () => {
    const a = await tenantWithOwner(`Isolation A ${Date.now()}`);
    const b = await tenantWithOwner(`Isolation B ${Date.now()}`);
    aOwner = a.owner;
    aToken = await makeToken(a.tenantId);
    A = await resourcesOf(a.tenantId, a.owner, `Isolation A`);
    B = await resourcesOf(b.tenantId, b.owner, (await db().tenant.findUniqueOrThrow({ where: { id: b.tenantId } })).name);
  }, 60_000);

  it("has a table entry for every route of the OpenAPI document and of app/ (a new route without one fails here)", async () => {
    const doc = (await (await fetch(`${appUrl()}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const missing: string[] = [];
    for (const [template, item] of Object.entries(doc.paths)) {
      const entry = ROUTES[template];
      for (const method of Object.keys(item).filter((m) => ["get", "post", "put", "patch", "delete"].includes(m))) {
        if (!entry || (!("exempt" in entry) && !entry[method.toUpperCase() as keyof typeof entry])) missing.push(`${method.toUpperCase()} ${template}`);
      }
    }
    for (const template of appFiles("route.ts")) if (!ROUTES[template] && !CATCH_ALLS.has(template)) missing.push(`app route ${template}`);
    for (const template of appFiles("page.tsx")) if (!PAGES[template]) missing.push(`app page ${template}`);
    expect(missing, "routes without an entry in tests/http/isolation.test.ts").toEqual([]);
  });

  it("answers 404 NOT_FOUND to every API route on B's ids, and changes nothing of B", async () => {
    const before = await fingerprintOfB();
    const results: string[] = [];
    for (const [template, entry] of Object.entries(ROUTES)) {
      if ("exempt" in entry) continue;
      for (const [method, c] of Object.entries(entry) as [string, Case][]) {
        // All of B's ids, and (where there are child ids) A's own tenant (`me`) with B's child ids.
        const params = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        const variants = [fill(template, B), ...(params.includes("tenantId") && params.length > 1 ? [fill(template, { ...B, tenantId: "me" })] : [])];
        for (const url of variants) {
          for (const as of c.as) {
            const body = c.body === undefined ? undefined : JSON.parse(fill(JSON.stringify(c.body), B));
            const res = await call(as, method, url, body);
            const ok = res.status === 404 && res.body?.error?.code === "NOT_FOUND" && !JSON.stringify(res.body).includes(B.name);
            if (!ok) results.push(`${as} ${method} ${url} → ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
          }
        }
      }
    }
    expect(results, "cross-tenant calls that did not answer 404").toEqual([]);
    expect(await fingerprintOfB()).toBe(before);
  });

  it("answers 404 (status, not a soft 404) to dashboard pages on B's ids; id-less pages show only A", async () => {
    const wrong: string[] = [];
    for (const [template, page] of Object.entries(PAGES)) {
      if ("noId" in page) {
        const res = await aOwner.follow(await aOwner.request(template.replace(/\?.*$/, "")));
        if (res.status >= 500 || res.text.includes(B.name) || res.text.includes(B.tenantId)) wrong.push(`${template} → ${res.status}${res.text.includes(B.name) ? " shows B" : ""}`);
        continue;
      }
      const res = await aOwner.request(page.path());
      if (res.status !== 404 || res.text.includes(B.name)) wrong.push(`${page.path()} → ${res.status}`);
    }
    // Sanity: A's own scan page is there, so the 404s above are about B.
    expect((await aOwner.request(`/dashboard/scans/${A.scanId}`)).status).toBe(200);
    expect(wrong).toEqual([]);
  });

  it("keeps B out of A's lists, out of the tenant switcher and out of admin consent", async () => {
    for (const res of [await api("/tenants", { token: aToken }), await call("session", "GET", "/tenants", undefined)]) {
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).not.toContain(B.tenantId);
    }
    const before = await fingerprintOfB();
    const consent = await aOwner.request("/api/admin-consent/start", { method: "POST", form: { tenant_id: B.tenantId } });
    expect(consent.status).toBe(303);
    expect(consent.location).toContain("consent=forbidden");
    expect(await fingerprintOfB()).toBe(before);
  });
});
