import { beforeAll, describe, expect, inject, it } from "vitest";
import { hashToken } from "@/lib/auth/tokens";
import { resetEnvCache } from "@/lib/env";
import { newId } from "@/lib/ids";
import { signConsentState } from "@/lib/tenants/consent-state";
import { Browser } from "../browser-session";
import { api, makeTenant, makeToken, setupAppDb } from "../helpers";
import { addSimulatorFault, answerAdminConsent, clearSimulatorFaults, registerSimulatedTenant } from "../simulator-client";

// Admin-consent onboarding over real HTTP: the app's start and callback routes and the simulator's consent page.
const db = setupAppDb();
const appUrl = () => inject("appUrl");

beforeAll(() => {
  // This process signs states with the app's secret to build the expired / other-user cases.
  process.env.NEXTAUTH_SECRET = inject("authSecret");
  resetEnvCache();
});

async function newPendingTenant(upn = "megan.bowen@contoso.com") {
  const guid = await registerSimulatedTenant("well-configured", { consented: false });
  const owner = new Browser(appUrl());
  await owner.signIn(upn, { tenant: guid });
  const tenantId = (await owner.request("/tenants/me")).json.data.id as string;
  return { guid, owner, tenantId };
}

/** POST "Connect Microsoft 365" → the consent URL at the simulator. */
async function startConsent(browser: Browser): Promise<URL> {
  const start = await browser.request("/api/admin-consent/start", { method: "POST", form: {} });
  expect(start.status).toBe(303);
  return new URL(start.location!);
}

async function callback(browser: Browser, query: Record<string, string>) {
  const res = await browser.request(`/api/admin-consent/callback?${new URLSearchParams(query)}`);
  expect(res.status).toBe(303);
  return new URL(res.location!);
}

describe("admin consent", () => {
  it("redirects to Microsoft's adminconsent endpoint with a signed, single-use state", async () => {
    const { guid, owner, tenantId } = await newPendingTenant();
    const url = await startConsent(owner);
    expect(url.pathname).toBe(`/${guid}/v2.0/adminconsent`);
    expect(url.searchParams.get("client_id")).toBe(inject("simulatorEnv").ENTRA_CLIENT_ID);
    expect(url.searchParams.get("scope")).toBe("https://graph.microsoft.com/.default");
    expect(url.searchParams.get("redirect_uri")).toBe(`${appUrl()}/api/admin-consent/callback`);
    const state = url.searchParams.get("state")!;
    const row = await db().consentRequest.findFirstOrThrow({ where: { tenantId } });
    expect(row.state).toBe(hashToken(state)); // the state itself is never stored
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(10 * 60_000);
  });

  it("connects on approval after verifying: organization name and verified domains; TENANT_NOT_CONNECTED lifts", async () => {
    const { owner, tenantId } = await newPendingTenant();
    const token = await makeToken(tenantId);
    expect((await api("/tenants/me/scans", { token, method: "POST", body: { scan_type: "compliance" } })).body.error.code).toBe("TENANT_NOT_CONNECTED");

    const back = await answerAdminConsent((await startConsent(owner)).toString(), "accept");
    const landed = await owner.request(back);
    expect(landed.location).toBe(`${appUrl()}/dashboard/settings/connection?consent=connected`);
    const tenant = (await owner.request("/tenants/me")).json.data;
    expect(tenant.name).toBe("Contoso"); // the placeholder (the user's domain) gives way to the organization's name
    expect(tenant.connection).toMatchObject({ status: "connected", display_name: "Contoso", error: null });
    expect(tenant.connection.verified_domains).toEqual(
      expect.arrayContaining([
        { name: "contoso.com", is_default: true, is_initial: false },
        { name: "contoso.onmicrosoft.com", is_default: false, is_initial: true },
      ]),
    );
    expect((await api("/tenants/me/scans", { token, method: "POST", body: { scan_type: "compliance" } })).status).toBe(201);

    const page = await owner.request("/dashboard/settings/connection?consent=connected");
    expect(page.text).toContain("Microsoft 365 is connected");
    expect(page.text).toContain("contoso.onmicrosoft.com");

    // Replaying the same callback is refused and changes nothing.
    const replay = await callback(owner, Object.fromEntries(new URL(back).searchParams));
    expect(replay.searchParams.get("consent")).toBe("used_state");

    // Disconnect: scans stop, history stays; then the onboarding flow connects it again.
    const disconnected = await owner.request("/tenants/me/connection", { method: "DELETE" });
    expect(disconnected.json.data.connection.status).toBe("disconnected");
    expect((await api("/tenants/me/scans", { token, method: "POST", body: { scan_type: "exposure" } })).body.error.code).toBe("TENANT_NOT_CONNECTED");
    expect(await db().scan.count({ where: { tenantId } })).toBe(1);
    const again = await owner.request(await answerAdminConsent((await startConsent(owner)).toString(), "accept"));
    expect(again.location).toContain("consent=connected");
  });

  it("keeps the tenant pending with Microsoft's reason when consent is declined, and never reflects the text", async () => {
    const { owner, tenantId } = await newPendingTenant();
    const back = await answerAdminConsent((await startConsent(owner)).toString(), "cancel");
    expect(new URL(back).searchParams.get("error")).toBe("access_denied");
    const landed = await owner.request(back);
    expect(new URL(landed.location!).search).toBe("?consent=denied");
    const tenant = await db().tenant.findUniqueOrThrow({ where: { id: tenantId } });
    expect(tenant.connectionStatus).toBe("pending");
    expect(tenant.connectionError).toContain("AADSTS65004");
    const page = await owner.request("/dashboard/onboarding?consent=denied");
    expect(page.text).toContain("Admin consent was not granted");

    // Hostile markup in the query never reaches a page: the callback redirects with a fixed code.
    const state = new URL((await startConsent(owner)).toString()).searchParams.get("state")!;
    const hostile = await callback(owner, { state, error: "server_error<script>", error_description: "<script>alert(1)</script>" });
    expect(hostile.search).toBe("?consent=consent_error");
    const shown = await owner.request(`/dashboard/onboarding${hostile.search}`);
    expect(shown.text).not.toContain("<script>alert(1)");
    expect(shown.text).toContain("Microsoft could not complete the consent");
  });

  it("rejects tampered, expired, replayed, other-user and missing state, and consent for another tenant", async () => {
    const { owner, tenantId, guid } = await newPendingTenant();
    const granted = (state: string) => ({ admin_consent: "True", tenant: guid, state });

    const good = (await startConsent(owner)).searchParams.get("state")!;
    const [data, signature] = good.split(".");
    const flipped = `${data!.slice(0, -2)}${data!.slice(-2) === "AA" ? "AB" : "AA"}.${signature}`;
    expect((await callback(owner, granted(flipped))).searchParams.get("consent")).toBe("invalid_state");
    expect((await callback(owner, granted(`${data}.${signature!.slice(0, -1)}x`))).searchParams.get("consent")).toBe("invalid_state");
    expect((await callback(owner, { admin_consent: "True", tenant: guid })).searchParams.get("consent")).toBe("invalid_state");

    // Expired: a real request row, but the signed expiry has passed.
    const user = await db().user.findFirstOrThrow({ where: { msTenantId: guid } });
    const expiredId = newId("consentRequest");
    const expiredAt = new Date(Date.now() - 1000);
    const expired = signConsentState({ consentId: expiredId, tenantId, userId: user.id, expiresAt: expiredAt });
    await db().consentRequest.create({ data: { id: expiredId, state: hashToken(expired), tenantId, userId: user.id, createdAt: new Date(Date.now() - 11 * 60_000), expiresAt: expiredAt } });
    expect((await callback(owner, granted(expired))).searchParams.get("consent")).toBe("expired_state");

    // Another user of the same Microsoft tenant (even a promoted owner) cannot finish this user's consent.
    const other = new Browser(appUrl());
    await other.signIn("nestor.wilke@contoso.com", { tenant: guid });
    const otherMembership = await db().membership.findFirstOrThrow({ where: { tenantId, user: { email: "nestor.wilke@contoso.com" } } });
    await db().membership.update({ where: { id: otherMembership.id }, data: { role: "owner" } });
    expect((await callback(other, granted(good))).searchParams.get("consent")).toBe("wrong_user");

    // Consent granted for a different Microsoft tenant than the one this tenant belongs to.
    const elsewhere = await registerSimulatedTenant("well-configured", { consented: false });
    expect((await callback(owner, { admin_consent: "True", tenant: elsewhere, state: good })).searchParams.get("consent")).toBe("wrong_tenant");
    // ... which used the state up: replaying it is refused too.
    expect((await callback(owner, granted(good))).searchParams.get("consent")).toBe("used_state");

    const tenant = await db().tenant.findUniqueOrThrow({ where: { id: tenantId } });
    expect(tenant.connectionStatus).toBe("pending");
    expect(tenant.msTenantId).toBe(guid);
  });

  it("stays pending with the reason when the connection cannot be verified, and connects on a later check", async () => {
    const { owner, tenantId, guid } = await newPendingTenant();
    await addSimulatorFault(guid, { kind: "forbidden", path: "/organization" });
    const landed = await owner.request(await answerAdminConsent((await startConsent(owner)).toString(), "accept"));
    expect(new URL(landed.location!).search).toBe("?consent=verify_failed");
    let tenant = (await owner.request("/tenants/me")).json.data;
    expect(tenant.connection.status).toBe("pending");
    expect(tenant.connection.error).toContain("Organization.Read.All");

    await clearSimulatorFaults(guid);
    const checked = await owner.request("/tenants/me/connection/verify", { method: "POST" });
    expect(checked.json.data.connection).toMatchObject({ status: "connected", error: null });
    tenant = await db().tenant.findUniqueOrThrow({ where: { id: tenantId } });
    expect(tenant.connectionStatus).toBe("connected");
  });

  it("connects an operator-made tenant without a Microsoft tenant only to the consenting person's own tenant", async () => {
    const { owner, guid } = await newPendingTenant();
    const bare = await makeTenant({ name: "Made by the operator" });
    await db().tenant.update({ where: { id: bare.id }, data: { msTenantId: null, connectionStatus: "pending", consentedAt: null } });
    const user = await db().user.findFirstOrThrow({ where: { msTenantId: guid } });
    await db().membership.create({ data: { id: newId("membership"), tenantId: bare.id, userId: user.id, role: "owner" } });
    expect((await owner.request("/api/session/tenant", { method: "PUT", body: { tenant_id: bare.id } })).status).toBe(200);
    const url = await startConsent(owner);
    expect(url.pathname).toBe("/organizations/v2.0/adminconsent");
    const someoneElses = await registerSimulatedTenant("misconfigured");
    const forged = await callback(owner, { admin_consent: "True", tenant: someoneElses, state: url.searchParams.get("state")! });
    expect(forged.searchParams.get("consent")).toBe("wrong_tenant");
    expect((await db().tenant.findUniqueOrThrow({ where: { id: bare.id } })).msTenantId).toBeNull();
  });

  it("lets only owners start consent; a viewer's form post lands on an explanation", async () => {
    const { guid, tenantId } = await newPendingTenant();
    const viewer = new Browser(appUrl());
    await viewer.signIn("adele.vance@contoso.com", { tenant: guid });
    const start = await viewer.request("/api/admin-consent/start", { method: "POST", form: {} });
    expect(start.status).toBe(303);
    expect(new URL(start.location!).search).toBe("?consent=forbidden");
    expect(await db().consentRequest.count({ where: { tenantId } })).toBe(0);
    const cross = await viewer.request("/api/admin-consent/start", { method: "POST", form: {}, crossSite: true });
    expect(new URL(cross.location!).search).toBe("?consent=forbidden");
  });
});
