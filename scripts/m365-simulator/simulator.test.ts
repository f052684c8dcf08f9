import { promises as dnsPromises } from "node:dns";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  Application,
  AuthenticationMethodsPolicy,
  AuthorizationPolicy,
  ConditionalAccessPolicy,
  Domain,
  GraphCollection,
  GraphErrorBody,
  GuestUser,
  IdentitySecurityDefaultsEnforcementPolicy,
  SubscribedSku,
  UnifiedRoleAssignment,
  UserRegistrationDetails,
} from "@/lib/microsoft/graph-types";
import { GRANTED_APP_ROLES, PRIVILEGED_ROLES, ROLE } from "./catalog";
import { FIXTURE_FACTS, startSimulator, type Simulator } from "./index";

const GA = ROLE.globalAdministrator;
const DAY = 86_400_000;

let sim: Simulator;
let wellConfigured: string;
let misconfigured: string;
let unlicensed: string;
let generated: string;
const tokens = new Map<string, string>();

function tokenRequest(tenant: string, fields: Record<string, string> = {}, headers: Record<string, string> = {}) {
  return fetch(`${sim.authorityUrl}/${tenant}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: sim.clientId,
      client_secret: sim.clientSecret,
      scope: "https://graph.microsoft.com/.default",
      ...fields,
    }),
  });
}

async function token(tenant: string): Promise<string> {
  const cached = tokens.get(tenant);
  if (cached) return cached;
  const res = await tokenRequest(tenant);
  expect(res.status).toBe(200);
  const fresh = ((await res.json()) as { access_token: string }).access_token;
  tokens.set(tenant, fresh);
  return fresh;
}

async function graph<T = unknown>(tenant: string, pathAndQuery: string, init: RequestInit & { version?: string } = {}) {
  const { version = "v1.0", ...rest } = init;
  const url = pathAndQuery.startsWith("http") ? pathAndQuery : `${sim.graphUrl}/${version}${pathAndQuery}`;
  const res = await fetch(url, { ...rest, headers: { authorization: `Bearer ${await token(tenant)}`, ...rest.headers } });
  return { status: res.status, headers: res.headers, body: (await res.json()) as T };
}

async function list<T>(tenant: string, pathAndQuery: string): Promise<T[]> {
  const res = await graph<GraphCollection<T>>(tenant, pathAndQuery);
  expect(res.status).toBe(200);
  return res.body.value;
}

function expectGraphError(body: unknown, code: string) {
  const error = (body as GraphErrorBody).error;
  expect(error.code).toBe(code);
  expect(typeof error.message).toBe("string");
  expect(error.innerError).toMatchObject({ date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/), "request-id": expect.any(String), "client-request-id": expect.any(String) });
}

function expectEntraError(body: Record<string, unknown>, error: string, code: number) {
  expect(body.error).toBe(error);
  expect(body.error_codes).toEqual([code]);
  expect(body.error_description).toMatch(new RegExp(`^AADSTS${code}: .+ Trace ID: [0-9a-f-]{36} Correlation ID: [0-9a-f-]{36} Timestamp: \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}Z$`));
  expect(body).toMatchObject({ timestamp: expect.any(String), trace_id: expect.any(String), correlation_id: expect.any(String) });
}

/** CA*(p) from the check catalog, with the break-glass accounts as BG. */
function coversEveryone(p: ConditionalAccessPolicy, breakGlass: string[]) {
  const { users, applications } = p.conditions;
  return (
    p.state === "enabled" &&
    users.includeUsers.includes("All") &&
    applications.includeApplications.includes("All") &&
    users.excludeRoles.length === 0 &&
    users.excludeGuestsOrExternalUsers === null &&
    applications.excludeApplications.length === 0 &&
    [...users.excludeUsers, ...users.excludeGroups].every((id) => breakGlass.includes(id)) &&
    p.conditions.locations === null &&
    p.conditions.platforms === null &&
    p.conditions.devices === null
  );
}

beforeAll(async () => {
  sim = await startSimulator();
  wellConfigured = sim.registerTenant("well-configured");
  misconfigured = sim.registerTenant("misconfigured");
  unlicensed = sim.registerTenant("unlicensed");
  generated = sim.registerTenant({ users: 300, guests: 2500, apps: 40, groups: 12 });
});

afterAll(async () => {
  await sim?.stop();
});

describe("Entra token endpoint", () => {
  it("issues a client-credentials token shaped like Entra's", async () => {
    const res = await tokenRequest(wellConfigured);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["access_token", "expires_in", "ext_expires_in", "token_type"]);
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599 });
    const [header, payload, signature] = (body.access_token as string).split(".");
    expect(signature).toBeTruthy();
    expect(JSON.parse(Buffer.from(header as string, "base64url").toString())).toMatchObject({ alg: "HS256", typ: "JWT" });
    const claims = JSON.parse(Buffer.from(payload as string, "base64url").toString());
    expect(claims).toMatchObject({ tid: wellConfigured, aud: "https://graph.microsoft.com", appid: sim.clientId, idtyp: "app" });
    expect(claims.exp - claims.iat).toBe(3599);
  });

  it("accepts the client secret through HTTP Basic authentication too", async () => {
    const basic = Buffer.from(`${sim.clientId}:${sim.clientSecret}`).toString("base64");
    const res = await fetch(`${sim.authorityUrl}/${wellConfigured}/oauth2/v2.0/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${basic}` },
      body: new URLSearchParams({ grant_type: "client_credentials", scope: "https://graph.microsoft.com/.default" }),
    });
    expect(res.status).toBe(200);
  });

  it("refuses the common and organizations authorities", async () => {
    for (const tenant of ["common", "organizations"]) {
      const res = await tokenRequest(tenant);
      expect(res.status).toBe(400);
      expectEntraError((await res.json()) as Record<string, unknown>, "invalid_request", 50059);
    }
  });

  it("refuses tenants that are not GUIDs", async () => {
    const domainRes = await tokenRequest("contoso.onmicrosoft.com");
    expect(domainRes.status).toBe(400);
    expectEntraError((await domainRes.json()) as Record<string, unknown>, "invalid_request", 90002);
    const garbage = await tokenRequest("not_a_tenant");
    expect(garbage.status).toBe(400);
    expectEntraError((await garbage.json()) as Record<string, unknown>, "invalid_request", 900023);
  });

  it("refuses a tenant that has not consented (AADSTS700016)", async () => {
    const stranger = "0f0e0d0c-0b0a-4909-8807-060504030201";
    const res = await tokenRequest(stranger);
    expect(res.status).toBe(400);
    const body = (await res.json()) as Record<string, unknown>;
    expectEntraError(body, "unauthorized_client", 700016);
    expect(body.error_description).toContain(`Application with identifier '${sim.clientId}' was not found in the directory '${stranger}'`);
  });

  it("refuses an unknown client id the same way", async () => {
    const res = await tokenRequest(wellConfigured, { client_id: "11111111-2222-4333-8444-555555555555" });
    expect(res.status).toBe(400);
    expectEntraError((await res.json()) as Record<string, unknown>, "unauthorized_client", 700016);
  });

  it("answers a wrong client secret with 401 invalid_client (AADSTS7000215)", async () => {
    const res = await tokenRequest(wellConfigured, { client_secret: "wrong" });
    expect(res.status).toBe(401);
    expectEntraError((await res.json()) as Record<string, unknown>, "invalid_client", 7000215);
  });

  it("refuses other grant types and scopes without /.default", async () => {
    const grant = await tokenRequest(wellConfigured, { grant_type: "password" });
    expect(grant.status).toBe(400);
    expectEntraError((await grant.json()) as Record<string, unknown>, "unsupported_grant_type", 70003);
    const scope = await tokenRequest(wellConfigured, { scope: "https://graph.microsoft.com/User.Read.All" });
    expect(scope.status).toBe(400);
    expectEntraError((await scope.json()) as Record<string, unknown>, "invalid_scope", 1002012);
  });
});

describe("Graph authentication and envelopes", () => {
  it("answers a missing token with 401 InvalidAuthenticationToken", async () => {
    const res = await fetch(`${sim.graphUrl}/v1.0/domains`);
    expect(res.status).toBe(401);
    const body = (await res.json()) as GraphErrorBody;
    expectGraphError(body, "InvalidAuthenticationToken");
    expect(body.error.message).toBe("Access token is empty.");
    expect(res.headers.get("request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
  });

  it("rejects a token whose signature does not verify", async () => {
    const good = await token(wellConfigured);
    const [header, payload] = good.split(".");
    const forged = `${header}.${payload}.AAAA`;
    const res = await fetch(`${sim.graphUrl}/v1.0/domains`, { headers: { authorization: `Bearer ${forged}` } });
    expect(res.status).toBe(401);
    expectGraphError(await res.json(), "InvalidAuthenticationToken");
  });

  it("serves the token's tenant, echoes client-request-id and sets @odata.context", async () => {
    const res = await graph<GraphCollection<Domain>>(wellConfigured, "/domains", { headers: { "client-request-id": "abc-123" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("client-request-id")).toBe("abc-123");
    expect(res.headers.get("request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.body["@odata.context"]).toBe("https://graph.microsoft.com/v1.0/$metadata#domains");
    const other = await list<Domain>(misconfigured, "/domains");
    expect(res.body.value.map((d) => d.id)).toContain("contoso.com");
    expect(other.map((d) => d.id)).toContain("fabrikam.com");
  });

  it("names the unknown segment with 400 BadRequest, and unknown ids with 404", async () => {
    const segment = await graph(wellConfigured, "/policies/noSuchPolicy");
    expect(segment.status).toBe(400);
    expectGraphError(segment.body, "BadRequest");
    expect((segment.body as GraphErrorBody).error.message).toBe("Resource not found for the segment 'noSuchPolicy'.");
    const missing = await graph(wellConfigured, "/users/00000000-1111-4222-8333-444444444444");
    expect(missing.status).toBe(404);
    expectGraphError(missing.body, "Request_ResourceNotFound");
  });

  it("refuses writes with Authorization_RequestDenied (the app is read-only)", async () => {
    const res = await graph(wellConfigured, "/users", { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect(res.status).toBe(403);
    expectGraphError(res.body, "Authorization_RequestDenied");
  });
});

describe("subscribedSkus", () => {
  const plans = async (tenant: string) => {
    const skus = await list<SubscribedSku>(tenant, "/subscribedSkus");
    for (const sku of skus) expect(sku).toMatchObject({ id: expect.any(String), skuId: expect.any(String), capabilityStatus: "Enabled", appliesTo: "User" });
    return new Set(skus.flatMap((s) => s.servicePlans.filter((p) => p.provisioningStatus === "Success").map((p) => p.servicePlanName)));
  };

  it("licenses each fixture as documented", async () => {
    const wc = await plans(wellConfigured);
    expect(wc.has("AAD_PREMIUM") && wc.has("AAD_PREMIUM_P2") && wc.has("INTUNE_A")).toBe(true);
    const mis = await plans(misconfigured);
    expect(mis.has("AAD_PREMIUM")).toBe(true);
    // Business Premium plus an Entra ID P2 add-on: PIM and access reviews are available, just never configured.
    expect(mis.has("AAD_PREMIUM_P2")).toBe(true);
    const unl = await plans(unlicensed);
    expect(unl.has("EXCHANGE_S_STANDARD")).toBe(true);
    expect([...unl].some((p) => p.startsWith("AAD_PREMIUM") || p === "INTUNE_A")).toBe(false);
    const gen = await plans(generated);
    expect(gen.has("AAD_PREMIUM_P2")).toBe(true);
  });
});

describe("security defaults and Conditional Access", () => {
  it("serves the security defaults singleton", async () => {
    const wc = await graph<IdentitySecurityDefaultsEnforcementPolicy & { "@odata.context": string }>(wellConfigured, "/policies/identitySecurityDefaultsEnforcementPolicy");
    expect(wc.body["@odata.context"]).toBe("https://graph.microsoft.com/v1.0/$metadata#policies/identitySecurityDefaultsEnforcementPolicy/$entity");
    expect(wc.body).toMatchObject({ id: "00000000-0000-0000-0000-000000000005", displayName: "Security Defaults", isEnabled: false });
    expect((await graph<IdentitySecurityDefaultsEnforcementPolicy>(unlicensed, "/policies/identitySecurityDefaultsEnforcementPolicy")).body.isEnabled).toBe(true);
    expect((await graph<IdentitySecurityDefaultsEnforcementPolicy>(misconfigured, "/policies/identitySecurityDefaultsEnforcementPolicy")).body.isEnabled).toBe(false);
  });

  it("gives the well-configured tenant policies that satisfy C01, C02 and C03", async () => {
    const policies = await list<ConditionalAccessPolicy>(wellConfigured, "/identity/conditionalAccess/policies");
    const bg = [...FIXTURE_FACTS["well-configured"].breakGlassUserIds, ...FIXTURE_FACTS["well-configured"].breakGlassGroupIds];
    const grantsMfa = (p: ConditionalAccessPolicy) => Boolean(p.grantControls?.builtInControls.includes("mfa") || p.grantControls?.authenticationStrength);
    expect(policies.some((p) => coversEveryone(p, bg) && p.conditions.clientAppTypes.join() === "all" && grantsMfa(p))).toBe(true);
    expect(
      policies.some(
        (p) => coversEveryone(p, bg) && ["exchangeActiveSync", "other"].every((t) => p.conditions.clientAppTypes.includes(t as "other")) && p.grantControls?.builtInControls.includes("block"),
      ),
    ).toBe(true);
    expect(
      policies.some(
        (p) =>
          p.state === "enabled" &&
          PRIVILEGED_ROLES.every((r) => p.conditions.users.includeRoles.includes(r)) &&
          p.conditions.applications.includeApplications.includes("All") &&
          p.conditions.users.excludeRoles.length === 0 &&
          grantsMfa(p),
      ),
    ).toBe(true);
    for (const p of policies) {
      expect(p.conditions.users.excludeUsers.every((id) => bg.includes(id))).toBe(true);
      expect(p.createdDateTime).toMatch(/Z$/);
    }
  });

  it("gives the misconfigured tenant one report-only policy and the unlicensed tenant none", async () => {
    const mis = await list<ConditionalAccessPolicy>(misconfigured, "/identity/conditionalAccess/policies");
    expect(mis.map((p) => p.state)).toEqual(["enabledForReportingButNotEnforced"]);
    expect(await list(unlicensed, "/identity/conditionalAccess/policies")).toEqual([]);
  });

  it("serves one policy by id", async () => {
    const [first] = await list<ConditionalAccessPolicy>(wellConfigured, "/identity/conditionalAccess/policies");
    const one = await graph<ConditionalAccessPolicy>(wellConfigured, `/identity/conditionalAccess/policies/${first?.id}`);
    expect(one.body.displayName).toBe(first?.displayName);
  });
});

describe("authentication methods", () => {
  const methodState = (policy: AuthenticationMethodsPolicy, id: string) => policy.authenticationMethodConfigurations.find((c) => c.id === id)?.state;

  it("serves the policy with its configurations inline and typed", async () => {
    const { body } = await graph<AuthenticationMethodsPolicy>(wellConfigured, "/policies/authenticationMethodsPolicy");
    expect(body.id).toBe("authenticationMethodsPolicy");
    expect(body.policyMigrationState).toBe("migrationComplete");
    expect(body.authenticationMethodConfigurations.find((c) => c.id === "Sms")?.["@odata.type"]).toBe("#microsoft.graph.smsAuthenticationMethodConfiguration");
    for (const c of body.authenticationMethodConfigurations) expect(c["@odata.type"]).toMatch(/^#microsoft\.graph\.[a-zA-Z0-9]+AuthenticationMethodConfiguration$/);
    for (const id of ["Sms", "Voice", "Email"]) expect(methodState(body, id)).toBe("disabled");
    expect(methodState(body, "Fido2")).toBe("enabled");
  });

  it("has SMS enabled and migration pending in the misconfigured tenant", async () => {
    const { body } = await graph<AuthenticationMethodsPolicy>(misconfigured, "/policies/authenticationMethodsPolicy");
    expect(body.policyMigrationState).toBe("preMigration");
    expect(methodState(body, "Sms")).toBe("enabled");
  });

  it("serves a single method configuration", async () => {
    const { status, body } = await graph<Record<string, unknown>>(misconfigured, "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/Sms");
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: "Sms", state: "enabled", "@odata.type": "#microsoft.graph.smsAuthenticationMethodConfiguration" });
  });

  it("reports admin registration, filtered by isAdmin", async () => {
    const wc = await list<UserRegistrationDetails>(wellConfigured, "/reports/authenticationMethods/userRegistrationDetails?$filter=isAdmin eq true");
    expect(wc.length).toBe(5);
    for (const admin of wc) {
      expect(admin.isAdmin).toBe(true);
      expect(admin.isMfaCapable).toBe(true);
      expect(admin.methodsRegistered.some((m) => ["fido2", "windowsHelloForBusiness"].includes(m))).toBe(true);
    }
    const mis = await list<UserRegistrationDetails>(misconfigured, "/reports/authenticationMethods/userRegistrationDetails?$filter=isAdmin eq true");
    expect(mis.some((a) => !a.isMfaCapable)).toBe(true);
    expect(mis.find((a) => a.userPrincipalName.includes("#EXT#"))?.userType).toBe("guest");
    const all = await list<UserRegistrationDetails>(misconfigured, "/reports/authenticationMethods/userRegistrationDetails");
    expect(all.length).toBeGreaterThan(mis.length);
  });

  it("refuses userRegistrationDetails without Entra ID P1", async () => {
    const res = await graph(unlicensed, "/reports/authenticationMethods/userRegistrationDetails?$filter=isAdmin eq true");
    expect(res.status).toBe(403);
    expectGraphError(res.body, "Authentication_RequestFromNonPremiumTenantOrB2CTenant");
    expect((res.body as GraphErrorBody).error.message).toBe("Neither tenant is B2C or tenant doesn't have premium license");
  });
});

describe("role assignments", () => {
  const gaPath = `/roleManagement/directory/roleAssignments?$filter=roleDefinitionId eq '${GA}'&$expand=principal`;

  it("lists Global Administrators with the principal expanded", async () => {
    const res = await graph<GraphCollection<UnifiedRoleAssignment>>(wellConfigured, gaPath);
    expect(res.body["@odata.context"]).toBe("https://graph.microsoft.com/v1.0/$metadata#roleManagement/directory/roleAssignments(principal())");
    const gas = res.body.value;
    // Three users and one role-assignable group (whose members count for C19).
    expect(gas).toHaveLength(4);
    for (const a of gas) expect(a).toMatchObject({ roleDefinitionId: GA, directoryScopeId: "/", principalId: a.principal?.id });
    const users = gas.filter((a) => a.principal?.["@odata.type"] === "#microsoft.graph.user");
    expect(users).toHaveLength(3);
    for (const a of users) expect(a.principal).toMatchObject({ displayName: expect.any(String), userPrincipalName: expect.any(String) });
    expect(gas.filter((a) => a.principal?.["@odata.type"] === "#microsoft.graph.group").map((a) => a.principal?.displayName)).toEqual(["Tier 0 Administrators"]);
  });

  it("has six Global Administrators in the misconfigured tenant, one a guest", async () => {
    const gas = await list<UnifiedRoleAssignment>(misconfigured, gaPath);
    expect(gas).toHaveLength(6);
    const guests = gas.filter((a) => a.principal?.userPrincipalName?.includes("#EXT#@fabrikam.onmicrosoft.com"));
    expect(guests).toHaveLength(1);
    expect(guests[0]?.principal?.userType).toBe("Guest");
    const all = await list<UnifiedRoleAssignment>(misconfigured, "/roleManagement/directory/roleAssignments?$expand=principal");
    expect(all.some((a) => a.principal?.["@odata.type"] === "#microsoft.graph.servicePrincipal")).toBe(true);
  });

  it("omits the principal unless expanded", async () => {
    const plain = await list<UnifiedRoleAssignment>(wellConfigured, `/roleManagement/directory/roleAssignments?$filter=roleDefinitionId eq '${GA}'`);
    expect(plain).toHaveLength(4);
    expect(plain.every((a) => a.principal === undefined)).toBe(true);
  });

  it("gates PIM eligibility on Entra ID P2", async () => {
    expect((await graph(wellConfigured, "/roleManagement/directory/roleEligibilitySchedules")).status).toBe(200);
    const res = await graph(unlicensed, "/roleManagement/directory/roleEligibilitySchedules");
    expect(res.status).toBe(400);
    expectGraphError(res.body, "AadPremiumLicenseRequired");
  });
});

describe("authorizationPolicy and domains", () => {
  it("serves the v1.0 singleton with each fixture's settings", async () => {
    const wc = await graph<AuthorizationPolicy & { "@odata.context": string }>(wellConfigured, "/policies/authorizationPolicy");
    expect(wc.body["@odata.context"]).toBe("https://graph.microsoft.com/v1.0/$metadata#policies/authorizationPolicy/$entity");
    expect(wc.body).toMatchObject({
      id: "authorizationPolicy",
      allowInvitesFrom: "adminsAndGuestInviters",
      guestUserRoleId: "2af84b1e-32c8-42b7-82bc-daa82404023b",
      defaultUserRolePermissions: { allowedToCreateApps: false, allowedToCreateTenants: false, permissionGrantPoliciesAssigned: [] },
    });
    const mis = await graph<AuthorizationPolicy>(misconfigured, "/policies/authorizationPolicy");
    expect(mis.body).toMatchObject({
      allowInvitesFrom: "everyone",
      guestUserRoleId: "a0b1b346-4d3e-4e8b-98f8-753987be4970",
      defaultUserRolePermissions: { allowedToCreateApps: true, permissionGrantPoliciesAssigned: ["ManagePermissionGrantsForSelf.microsoft-user-default-legacy"] },
    });
  });

  it("serves authorizationPolicy as a collection in beta", async () => {
    const beta = await graph<GraphCollection<AuthorizationPolicy>>(wellConfigured, "/policies/authorizationPolicy", { version: "beta" });
    expect(beta.body["@odata.context"]).toBe("https://graph.microsoft.com/beta/$metadata#policies/authorizationPolicy");
    expect(beta.body.value[0]?.id).toBe("authorizationPolicy");
  });

  it("lists verified custom and initial domains", async () => {
    const domains = await list<Domain>(wellConfigured, "/domains");
    expect(domains.find((d) => d.id === "contoso.com")).toMatchObject({ isVerified: true, authenticationType: "Managed", isDefault: true, supportedServices: ["Email", "OfficeCommunicationsOnline"] });
    expect(domains.find((d) => d.id === "contoso.onmicrosoft.com")).toMatchObject({ isInitial: true });
    expect((await list<Domain>(unlicensed, "/domains")).map((d) => d.id)).toContain("tailspintoys.com");
  });
});

describe("users", () => {
  const guestQuery = "/users?$filter=userType eq 'Guest'&$select=id,displayName,userPrincipalName,createdDateTime,externalUserState,externalUserStateChangeDateTime,signInActivity";

  it("returns only the selected properties (plus id)", async () => {
    const res = await graph<GraphCollection<Record<string, unknown>>>(wellConfigured, "/users?$select=displayName");
    expect(res.body["@odata.context"]).toBe("https://graph.microsoft.com/v1.0/$metadata#users(displayName)");
    for (const u of res.body.value) expect(Object.keys(u).sort()).toEqual(["displayName", "id"]);
    const plain = await list<Record<string, unknown>>(wellConfigured, "/users");
    expect(plain[0]).toHaveProperty("userPrincipalName");
    expect(plain[0]).not.toHaveProperty("signInActivity");
  });

  it("rejects an unknown $select property like Graph", async () => {
    const res = await graph(wellConfigured, "/users?$select=favouriteColour");
    expect(res.status).toBe(400);
    expectGraphError(res.body, "BadRequest");
  });

  it("has recently active guests in the well-configured tenant", async () => {
    const guests = await list<GuestUser>(wellConfigured, guestQuery);
    expect(guests.length).toBeGreaterThan(0);
    for (const g of guests) {
      expect(g.userType).toBeUndefined();
      expect(g.externalUserState).toBe("Accepted");
      expect(Date.now() - Date.parse(g.signInActivity?.lastSuccessfulSignInDateTime ?? "")).toBeLessThan(30 * DAY);
    }
  });

  it("has pending and stale guests in the misconfigured tenant", async () => {
    const guests = await list<GuestUser>(misconfigured, guestQuery);
    const now = Date.now();
    expect(guests.some((g) => g.externalUserState === "PendingAcceptance" && now - Date.parse(g.externalUserStateChangeDateTime ?? "") > 30 * DAY)).toBe(true);
    expect(guests.some((g) => g.signInActivity?.lastSuccessfulSignInDateTime && now - Date.parse(g.signInActivity.lastSuccessfulSignInDateTime) > 90 * DAY)).toBe(true);
    expect(guests.some((g) => g.signInActivity?.lastSuccessfulSignInDateTime === null && now - Date.parse(g.createdDateTime ?? "") > 90 * DAY)).toBe(true);
  });

  it("refuses signInActivity without Entra ID P1 but serves the other guest properties", async () => {
    const refused = await graph(unlicensed, guestQuery);
    expect(refused.status).toBe(403);
    expectGraphError(refused.body, "Authentication_RequestFromNonPremiumTenantOrB2CTenant");
    const guests = await list<GuestUser>(unlicensed, "/users?$filter=userType eq 'Guest'&$select=id,createdDateTime,externalUserState");
    expect(guests.length).toBe(2);
  });

  it("serves one user by id or userPrincipalName", async () => {
    const [first] = await list<GuestUser>(wellConfigured, "/users?$select=id,userPrincipalName&$top=1");
    const byId = await graph<GuestUser>(wellConfigured, `/users/${first?.id}?$select=onPremisesSyncEnabled`);
    expect(byId.status).toBe(200);
    expect(byId.body).toHaveProperty("onPremisesSyncEnabled");
    const byUpn = await graph<GuestUser>(wellConfigured, `/users/${encodeURIComponent(first?.userPrincipalName ?? "")}`);
    expect(byUpn.body.id).toBe(first?.id);
  });

  it("lists a group's transitive members as directory objects, nested groups included, paged with nextLinks", async () => {
    const [groupId] = FIXTURE_FACTS["well-configured"].breakGlassGroupIds;
    const all = await graph<GraphCollection<{ "@odata.type": string; id: string; userPrincipalName?: string }>>(wellConfigured, `/groups/${groupId}/transitiveMembers`);
    expect(all.status).toBe(200);
    expect(all.body["@odata.context"]).toMatch(/\$metadata#directoryObjects$/);
    const types = all.body.value.map((o) => o["@odata.type"]).sort();
    expect(types).toEqual(["#microsoft.graph.group", "#microsoft.graph.user", "#microsoft.graph.user"]);
    expect(all.body.value.map((o) => o.userPrincipalName).filter(Boolean).sort()).toEqual([
      "emergency-access-01@contoso.onmicrosoft.com",
      "emergency-access-02@contoso.onmicrosoft.com",
    ]);

    const first = await graph<GraphCollection<Record<string, unknown>>>(wellConfigured, `/groups/${groupId}/transitiveMembers?$select=id&$top=2`);
    expect(first.body.value).toHaveLength(2);
    expect(Object.keys(first.body.value[0]!).sort()).toEqual(["@odata.type", "id"]);
    const next = first.body["@odata.nextLink"] as string;
    expect(next.startsWith(`${sim.graphUrl}/v1.0/groups/${groupId}/transitiveMembers?`)).toBe(true);
    const second = await graph<GraphCollection<Record<string, unknown>>>(wellConfigured, next);
    expect(second.body.value).toHaveLength(1);
    expect(second.body["@odata.nextLink"]).toBeUndefined();

    const missing = await graph(wellConfigured, "/groups/00000000-0000-4000-8000-000000000000/transitiveMembers");
    expect(missing.status).toBe(404);
    expectGraphError(missing.body, "Request_ResourceNotFound");
  });

  it("serves PIM policy assignments filtered by role, with the policy and its rules expanded, to P2 tenants only", async () => {
    const ga = "62e90394-69f5-4237-9190-012177145e10";
    const path = `/policies/roleManagementPolicyAssignments?$filter=scopeId eq '/' and scopeType eq 'DirectoryRole' and roleDefinitionId eq '${ga}'`;
    type Assignment = { roleDefinitionId: string; policyId: string; policy?: { id: string; rules?: { id: string; setting?: { isApprovalRequired: boolean } }[] } };
    const bare = await graph<GraphCollection<Assignment>>(wellConfigured, path);
    expect(bare.status).toBe(200);
    expect(bare.body.value).toHaveLength(1);
    expect(bare.body.value[0]!.policy).toBeUndefined();
    const withPolicy = await graph<GraphCollection<Assignment>>(wellConfigured, `${path}&$expand=policy`);
    expect(withPolicy.body.value[0]!.policy).toMatchObject({ id: withPolicy.body.value[0]!.policyId });
    expect(withPolicy.body.value[0]!.policy!.rules).toBeUndefined();
    const withRules = await graph<GraphCollection<Assignment>>(wellConfigured, `${path}&$expand=policy($expand=rules)`);
    const approval = withRules.body.value[0]!.policy!.rules!.find((r) => r.id === "Approval_EndUser_Assignment");
    expect(approval?.setting?.isApprovalRequired).toBe(true);
    const misconfiguredRules = await graph<GraphCollection<Assignment>>(misconfigured, `${path}&$expand=policy($expand=rules)`);
    expect(misconfiguredRules.body.value[0]!.policy!.rules!.find((r) => r.id === "Approval_EndUser_Assignment")?.setting?.isApprovalRequired).toBe(false);

    for (const p of [path, "/roleManagement/directory/roleAssignmentSchedules", "/identityGovernance/accessReviews/definitions"]) {
      const res = await graph(unlicensed, p);
      expect(res.status, p).toBe(400);
      expectGraphError(res.body, "AadPremiumLicenseRequired");
    }
    const schedules = await list<{ assignmentType: string; principal?: { "@odata.type": string } }>(wellConfigured, "/roleManagement/directory/roleAssignmentSchedules?$expand=principal");
    expect(schedules.length).toBeGreaterThan(0);
    expect(schedules.every((s) => s.assignmentType === "Assigned" && ["#microsoft.graph.user", "#microsoft.graph.group"].includes(s.principal?.["@odata.type"] ?? ""))).toBe(true);
    const reviews = await list<{ scope: { query: string }; settings: { recurrence: unknown } }>(wellConfigured, "/identityGovernance/accessReviews/definitions");
    expect(reviews.map((r) => r.settings.recurrence !== null)).toEqual([true, true]);
  });

  it("pages through 2,500 guests with absolute nextLinks", async () => {
    let next: string | undefined = `${sim.graphUrl}/v1.0/users?$filter=userType eq 'Guest'&$select=id,userType&$top=999`;
    const ids = new Set<string>();
    let pages = 0;
    while (next) {
      const res: { status: number; body: GraphCollection<GuestUser> } = await graph<GraphCollection<GuestUser>>(generated, next);
      expect(res.status).toBe(200);
      pages++;
      for (const g of res.body.value) {
        expect(g.userType).toBe("Guest");
        ids.add(g.id);
      }
      next = res.body["@odata.nextLink"];
      if (next) {
        expect(next.startsWith(`${sim.graphUrl}/v1.0/users?`)).toBe(true);
        expect(next).toContain("$skiptoken=");
      }
    }
    expect(pages).toBe(3);
    expect(ids.size).toBe(2500);
  });

  it("pages 100 at a time by default and refuses $top above 999", async () => {
    const first = await graph<GraphCollection<GuestUser>>(generated, "/users");
    expect(first.body.value).toHaveLength(100);
    expect(first.body["@odata.nextLink"]).toBeDefined();
    const tooBig = await graph(generated, "/users?$top=1000");
    expect(tooBig.status).toBe(400);
  });
});

describe("applications", () => {
  const appQuery = "/applications?$select=id,appId,displayName,passwordCredentials,keyCredentials,web,spa,publicClient";
  const redirects = (a: Application) => [...(a.web?.redirectUris ?? []), ...(a.spa?.redirectUris ?? []), ...(a.publicClient?.redirectUris ?? [])];
  const lifetime = (c: { startDateTime: string | null; endDateTime: string | null }) => Date.parse(c.endDateTime ?? "") - Date.parse(c.startDateTime ?? "");

  it("has short-lived, healthy credentials and https redirect URIs in the well-configured tenant", async () => {
    const apps = await list<Application>(wellConfigured, appQuery);
    expect(apps.length).toBeGreaterThan(0);
    for (const app of apps) {
      expect(Object.keys(app).sort()).toEqual(["appId", "displayName", "id", "keyCredentials", "passwordCredentials", "publicClient", "spa", "web"]);
      for (const secret of app.passwordCredentials) {
        expect(lifetime(secret)).toBeLessThanOrEqual(180 * DAY);
        expect(Date.parse(secret.endDateTime ?? "")).toBeGreaterThan(Date.now() + 30 * DAY);
      }
      for (const cert of app.keyCredentials) expect(lifetime(cert)).toBeLessThanOrEqual(365 * DAY);
      for (const uri of redirects(app)) expect(uri.startsWith("https://") && !uri.includes("*")).toBe(true);
    }
  });

  it("has expired, long-lived and insecure configurations in the misconfigured tenant", async () => {
    const apps = await list<Application>(misconfigured, appQuery);
    const secrets = apps.flatMap((a) => a.passwordCredentials);
    expect(secrets.some((s) => Date.parse(s.endDateTime ?? "") < Date.now())).toBe(true);
    expect(secrets.some((s) => lifetime(s) >= 2 * 365 * DAY)).toBe(true);
    const uris = apps.flatMap(redirects);
    expect(uris).toContain("http://example.com/callback");
    expect(uris.some((u) => u.includes("*"))).toBe(true);
  });

  it("pages applications", async () => {
    const first = await graph<GraphCollection<Application>>(generated, "/applications?$top=25&$select=id,displayName");
    expect(first.body.value).toHaveLength(25);
    const second = await graph<GraphCollection<Application>>(generated, first.body["@odata.nextLink"] as string);
    expect(second.body.value).toHaveLength(15);
    expect(second.body["@odata.nextLink"]).toBeUndefined();
  });
});

describe("$batch", () => {
  type BatchResponse = { responses: { id: string; status: number; headers: Record<string, string>; body?: unknown }[] };
  const batch = (tenant: string, requests: unknown[]) =>
    graph<BatchResponse>(tenant, "/$batch", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ requests }) });

  it("runs the sub-requests and answers each with id, status, headers and body", async () => {
    const res = await batch(wellConfigured, [
      { id: "1", method: "GET", url: "/domains" },
      { id: "2", method: "GET", url: "/policies/authorizationPolicy" },
      { id: "3", method: "GET", url: "subscribedSkus" },
      { id: "4", method: "GET", url: `/roleManagement/directory/roleAssignments?$filter=roleDefinitionId eq '${GA}'&$expand=principal` },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.responses.map((r) => r.id)).toEqual(["1", "2", "3", "4"]);
    for (const r of res.body.responses) {
      expect(r.status).toBe(200);
      expect(r.headers["Content-Type"]).toContain("application/json");
    }
    expect((res.body.responses[1]?.body as AuthorizationPolicy).id).toBe("authorizationPolicy");
    expect((res.body.responses[3]?.body as GraphCollection<UnifiedRoleAssignment>).value).toHaveLength(4);
  });

  it("refuses more than 20 requests", async () => {
    const requests = Array.from({ length: 21 }, (_, i) => ({ id: String(i + 1), method: "GET", url: "/domains" }));
    const res = await batch(wellConfigured, requests);
    expect(res.status).toBe(400);
    expectGraphError(res.body, "BadRequest");
    expect((await batch(wellConfigured, requests.slice(0, 20))).status).toBe(200);
  });

  it("fails sub-requests independently (forbidden, throttled, unavailable, unlicensed)", async () => {
    const tenant = sim.registerTenant("unlicensed");
    sim.addFault(tenant, { kind: "forbidden", path: "/policies/authorizationPolicy" });
    sim.addFault(tenant, { kind: "throttle", path: "/domains", count: 1, retryAfterSeconds: 7 });
    sim.addFault(tenant, { kind: "unavailable", path: "/subscribedSkus", count: 1 });
    await token(tenant);
    const before = sim.requestCount();
    const res = await batch(tenant, [
      { id: "azp", method: "GET", url: "/policies/authorizationPolicy" },
      { id: "dom", method: "GET", url: "/domains" },
      { id: "sku", method: "GET", url: "/subscribedSkus" },
      { id: "ca", method: "GET", url: "/identity/conditionalAccess/policies" },
      { id: "urd", method: "GET", url: "/roleManagement/directory/roleEligibilitySchedules" },
    ]);
    expect(sim.requestCount() - before).toBe(1);
    const byId = Object.fromEntries(res.body.responses.map((r) => [r.id, r]));
    expect(byId.azp?.status).toBe(403);
    expectGraphError(byId.azp?.body, "Authorization_RequestDenied");
    expect(byId.dom?.status).toBe(429);
    expect(byId.dom?.headers["Retry-After"]).toBe("7");
    expectGraphError(byId.dom?.body, "TooManyRequests");
    expect(byId.sku?.status).toBe(503);
    expectGraphError(byId.sku?.body, "serviceNotAvailable");
    expect(byId.ca?.status).toBe(200);
    expect(byId.urd?.status).toBe(400);

    const again = await batch(tenant, [
      { id: "dom", method: "GET", url: "/domains" },
      { id: "sku", method: "GET", url: "/subscribedSkus" },
    ]);
    expect(again.body.responses.map((r) => r.status)).toEqual([200, 200]);
  });

  it("honours dependsOn and refuses duplicate ids", async () => {
    const res = await batch(wellConfigured, [
      { id: "a", method: "GET", url: "/nope" },
      { id: "b", method: "GET", url: "/domains", dependsOn: ["a"] },
    ]);
    expect(res.body.responses.map((r) => r.status)).toEqual([400, 424]);
    const dup = await batch(wellConfigured, [
      { id: "a", method: "GET", url: "/domains" },
      { id: "a", method: "GET", url: "/domains" },
    ]);
    expect(dup.status).toBe(400);
  });
});

describe("faults", () => {
  it("throttles the next requests with Retry-After, then succeeds", async () => {
    const tenant = sim.registerTenant("well-configured");
    sim.addFault(tenant, { kind: "throttle", path: "/policies/authorizationPolicy", count: 2, retryAfterSeconds: 3 });
    for (let i = 0; i < 2; i++) {
      const res = await graph(tenant, "/policies/authorizationPolicy");
      expect(res.status).toBe(429);
      expect(res.headers.get("retry-after")).toBe("3");
      expectGraphError(res.body, "TooManyRequests");
    }
    expect((await graph(tenant, "/policies/authorizationPolicy")).status).toBe(200);
  });

  it("forbids a path until the faults are cleared, in v1.0 and beta alike", async () => {
    const tenant = sim.registerTenant("well-configured");
    sim.addFault(tenant, { kind: "forbidden", path: "/identity/conditionalAccess/policies" });
    for (let i = 0; i < 3; i++) {
      const res = await graph(tenant, "/identity/conditionalAccess/policies");
      expect(res.status).toBe(403);
      expectGraphError(res.body, "Authorization_RequestDenied");
    }
    expect((await graph(tenant, "/identity/conditionalAccess/policies", { version: "beta" })).status).toBe(403);
    expect((await graph(tenant, "/domains")).status).toBe(200);
    sim.clearFaults(tenant);
    expect((await graph(tenant, "/identity/conditionalAccess/policies")).status).toBe(200);
  });

  it("answers 503 serviceNotAvailable, always when no count is given", async () => {
    const tenant = sim.registerTenant("unlicensed");
    sim.addFault(tenant, { kind: "unavailable", path: "/domains" });
    for (let i = 0; i < 3; i++) {
      const res = await graph(tenant, "/domains");
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBeTruthy();
      expectGraphError(res.body, "serviceNotAvailable");
    }
  });
});

describe("DNS", () => {
  const resolver = () => {
    const r = new dnsPromises.Resolver({ timeout: 2000, tries: 1 });
    r.setServers([sim.dnsServer]);
    return r;
  };
  const txt = async (name: string) => (await resolver().resolveTxt(name)).map((chunks) => chunks.join(""));
  const code = (promise: Promise<unknown>) => promise.then(() => "ok", (error: NodeJS.ErrnoException) => error.code);

  it("publishes the well-configured tenant's SPF, DMARC, DKIM and MX", async () => {
    expect(await txt("contoso.com")).toContain("v=spf1 include:spf.protection.outlook.com -all");
    expect(await txt("_dmarc.contoso.com")).toEqual(["v=DMARC1; p=reject; pct=100; rua=mailto:dmarc@contoso.com"]);
    expect(await resolver().resolveCname("selector1._domainkey.contoso.com")).toEqual(["selector1-contoso-com._domainkey.contoso.onmicrosoft.com"]);
    const dkim = await txt("selector1._domainkey.contoso.com");
    expect(dkim).toHaveLength(1);
    expect(dkim[0]).toMatch(/^v=DKIM1; k=rsa; p=MIGfMA0\S+$/);
    expect(await resolver().resolveMx("contoso.com")).toEqual([{ exchange: "contoso-com.mail.protection.outlook.com", priority: 0 }]);
  });

  it("publishes the misconfigured tenant's weak records and no DKIM", async () => {
    expect(await txt("fabrikam.com")).toContain("v=spf1 include:spf.protection.outlook.com include:_spf1.fabrikam.com mx a ~all");
    expect(await txt("_spf3.fabrikam.com")).toEqual(["v=spf1 ip4:192.0.2.0/24 -all"]);
    expect(await txt("spf.protection.outlook.com")).toHaveLength(1); // the public include every tenant's SPF follows
    expect(await txt("_dmarc.fabrikam.com")).toEqual(["v=DMARC1; p=none"]);
    expect(await code(resolver().resolveTxt("selector1._domainkey.fabrikam.com"))).toBe("ENOTFOUND");
  });

  it("answers NXDOMAIN for unknown names and NODATA for missing types", async () => {
    expect(await code(resolver().resolveTxt("no-such-domain.example"))).toBe("ENOTFOUND");
    expect(await code(resolver().resolveCname("contoso.com"))).toBe("ENODATA");
    expect(await txt("tailspintoys.com")).toContain("v=spf1 include:spf.protection.outlook.com -all");
  });

  it("publishes a generated tenant's domain", async () => {
    const domains = await list<Domain>(generated, "/domains");
    const custom = domains.find((d) => d.isDefault)?.id as string;
    expect((await txt(`_dmarc.${custom}`))[0]).toMatch(/^v=DMARC1; p=reject/);
  });
});

describe("admin API", () => {
  const admin = (pathName: string, init: RequestInit = {}) => fetch(`${sim.graphUrl}/_simulator${pathName}`, { ...init, headers: { "content-type": "application/json" } });

  it("reports health", async () => {
    const res = await admin("/health");
    expect(res.status).toBe(200);
  });

  it("registers fixture and generated tenants that can then sign in", async () => {
    const res = await admin("/tenants", { method: "POST", body: JSON.stringify({ fixture: "misconfigured" }) });
    expect(res.status).toBe(201);
    const { tenantId } = (await res.json()) as { tenantId: string };
    expect(tenantId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((await tokenRequest(tenantId)).status).toBe(200);
    const gen = await admin("/tenants", { method: "POST", body: JSON.stringify({ generated: { users: 5, guests: 2, apps: 1 } }) });
    expect(gen.status).toBe(201);
    const chosen = "5e3f2b1a-0c9d-4e8f-a7b6-c5d4e3f2a1b0";
    const fixed = await admin("/tenants", { method: "POST", body: JSON.stringify({ fixture: "unlicensed", tenantId: chosen }) });
    expect(await fixed.json()).toEqual({ tenantId: chosen });
  });

  it("refuses unknown fixtures", async () => {
    expect((await admin("/tenants", { method: "POST", body: JSON.stringify({ fixture: "nonsense" }) })).status).toBe(400);
  });

  it("adds and clears faults", async () => {
    const { tenantId } = (await (await admin("/tenants", { method: "POST", body: JSON.stringify({ fixture: "well-configured" }) })).json()) as { tenantId: string };
    const added = await admin(`/tenants/${tenantId}/faults`, { method: "POST", body: JSON.stringify({ kind: "forbidden", path: "/domains" }) });
    expect(added.status).toBe(204);
    expect((await graph(tenantId, "/domains")).status).toBe(403);
    expect((await admin(`/tenants/${tenantId}/faults`, { method: "DELETE" })).status).toBe(204);
    expect((await graph(tenantId, "/domains")).status).toBe(200);
    expect((await admin(`/tenants/${tenantId}/faults`, { method: "POST", body: JSON.stringify({ kind: "explode", path: "/x" }) })).status).toBe(400);
    expect((await admin("/tenants/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d/faults", { method: "POST", body: JSON.stringify({ kind: "forbidden", path: "/x" }) })).status).toBe(404);
  });
});

describe("state file, latency and counting", () => {
  it("reloads registered tenants and keeps issued tokens valid after a restart", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "m365-sim-"));
    const stateFile = path.join(dir, "state.json");
    try {
      const first = await startSimulator({ stateFile });
      const fixtureTenant = first.registerTenant("well-configured");
      const generatedTenant = first.registerTenant({ users: 50, guests: 20, apps: 5 });
      const issued = async (s: Simulator, tenant: string) => {
        const res = await fetch(`${s.authorityUrl}/${tenant}/oauth2/v2.0/token`, {
          method: "POST",
          body: new URLSearchParams({ grant_type: "client_credentials", client_id: s.clientId, client_secret: s.clientSecret, scope: "https://graph.microsoft.com/.default" }),
        });
        expect(res.status).toBe(200);
        return ((await res.json()) as { access_token: string }).access_token;
      };
      const usersOf = async (s: Simulator, bearer: string) => {
        const res = await fetch(`${s.graphUrl}/v1.0/users?$select=id&$top=999`, { headers: { authorization: `Bearer ${bearer}` } });
        expect(res.status).toBe(200);
        return ((await res.json()) as GraphCollection<{ id: string }>).value.map((u) => u.id);
      };
      const oldToken = await issued(first, generatedTenant);
      const before = await usersOf(first, oldToken);
      await first.stop();

      const second = await startSimulator({ stateFile });
      try {
        expect(await usersOf(second, oldToken)).toEqual(before);
        await issued(second, fixtureTenant);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("adds latency to each response and counts token and Graph requests", async () => {
    await token(wellConfigured);
    sim.resetRequestCount();
    sim.setLatency(120);
    try {
      const started = Date.now();
      await graph(wellConfigured, "/domains");
      expect(Date.now() - started).toBeGreaterThanOrEqual(115);
    } finally {
      sim.setLatency(0);
    }
    await fetch(`${sim.graphUrl}/_simulator/health`);
    expect(sim.requestCount()).toBe(1);
  });

  it("registers and serves a 10k-user tenant, paging guests to the end", async () => {
    // How fast is bench:scan's business (timings are never asserted in tests); this checks the paging is right.
    const big = sim.registerTenant({ users: 10_000, guests: 1_000, apps: 500 });
    const res = await graph<GraphCollection<GuestUser>>(big, "/users?$filter=userType eq 'Guest'&$top=999&$select=id");
    expect(res.body.value).toHaveLength(999);
    const next = await graph<GraphCollection<GuestUser>>(big, res.body["@odata.nextLink"] as string);
    expect(next.body.value).toHaveLength(1);
    expect(next.body["@odata.nextLink"]).toBeUndefined();
  });
});

describe("SharePoint tenant settings", () => {
  it("serves /admin/sharepoint/settings as Graph's sharepointSettings entity, every documented property, $select honoured", async () => {
    const wc = await graph<Record<string, unknown>>(wellConfigured, "/admin/sharepoint/settings");
    expect(wc.status).toBe(200);
    expect(wc.body["@odata.context"]).toBe("https://graph.microsoft.com/v1.0/$metadata#admin/sharepoint/settings/$entity");
    expect(wc.body).toMatchObject({ sharingCapability: "existingExternalUserSharingOnly", isLegacyAuthProtocolsEnabled: false, tenantDefaultTimezone: expect.any(String) });
    expect(Object.keys(wc.body)).toHaveLength(30); // @odata.context + the 29 documented properties
    const selected = await graph<Record<string, unknown>>(misconfigured, "/admin/sharepoint/settings?$select=sharingCapability");
    expect(Object.keys(selected.body).sort()).toEqual(["@odata.context", "sharingCapability"]);
    expect(selected.body.sharingCapability).toBe("externalUserAndGuestSharing");
  });
});

describe("Microsoft 365 org settings", () => {
  it("serves /admin/appsAndServices and /admin/forms in beta only, and /teamwork/teamsAppSettings in v1.0", async () => {
    const apps = await graph<Record<string, unknown>>(wellConfigured, "/admin/appsAndServices", { version: "beta" });
    expect(apps.body).toMatchObject({ "@odata.context": "https://graph.microsoft.com/beta/$metadata#admin/appsAndServices/$entity", id: "appsAndServices", settings: { isOfficeStoreEnabled: false, isAppAndServicesTrialEnabled: false } });
    const v1 = await graph<{ error: { code: string; message: string } }>(wellConfigured, "/admin/appsAndServices");
    expect(v1.status).toBe(400);
    expect(v1.body.error).toEqual(expect.objectContaining({ code: "BadRequest", message: "Resource not found for the segment 'appsAndServices'." }));
    const forms = await graph<{ settings: Record<string, unknown> }>(misconfigured, "/admin/forms", { version: "beta" });
    expect(forms.body.settings).toMatchObject({ isInOrgFormsPhishingScanEnabled: false, isRecordIdentityByDefaultEnabled: false });
    const teams = await graph<Record<string, unknown>>(misconfigured, "/teamwork/teamsAppSettings");
    expect(teams.body).toMatchObject({ id: "teamsAppSettings", isUserPersonalScopeResourceSpecificConsentEnabled: true });
  });
});

describe("application permissions", () => {
  const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split(".")[1]!, "base64url").toString("utf8")) as { roles: string[] };
  const expectDenied = (status: number, body: unknown) => {
    expect(status).toBe(403);
    expectGraphError(body, "Authorization_RequestDenied");
    expect((body as GraphErrorBody).error.message).toBe("Insufficient privileges to complete the operation.");
  };

  it("puts the tenant's granted permissions in the token's roles claim (all the scanner requests by default)", async () => {
    expect(claims(await token(wellConfigured)).roles).toEqual(GRANTED_APP_ROLES);
    const narrow = sim.registerTenant("well-configured", undefined, { permissions: ["User.Read.All", "Domain.Read.All"] });
    expect(claims(await token(narrow)).roles).toEqual(["User.Read.All", "Domain.Read.All"]);
  });

  it("refuses a direct read that none of the token's permissions allows, and serves what one does", async () => {
    const narrow = sim.registerTenant("well-configured", undefined, { permissions: ["User.Read.All"] });
    const denied = await graph(narrow, "/policies/authorizationPolicy");
    expectDenied(denied.status, denied.body);
    expect((await graph(narrow, "/users?$select=id")).status).toBe(200);
    // A higher-privileged permission Graph documents for the endpoint is enough on its own.
    const directory = sim.registerTenant("well-configured", undefined, { permissions: ["Directory.Read.All"] });
    expect((await graph(directory, "/domains")).status).toBe(200);
    expect((await graph(directory, "/groups")).status).toBe(200);
    const roleEligibility = await graph(directory, "/roleManagement/directory/roleEligibilitySchedules");
    expectDenied(roleEligibility.status, roleEligibility.body);
  });

  it("needs AuditLog.Read.All besides User.Read.All to read users' signInActivity", async () => {
    const narrow = sim.registerTenant("well-configured", undefined, { permissions: ["User.Read.All"] });
    const denied = await graph(narrow, "/users?$select=id,signInActivity");
    expectDenied(denied.status, denied.body);
  });

  it("refuses inside a $batch per sub-request, with the same body", async () => {
    const narrow = sim.registerTenant("well-configured", undefined, { permissions: ["Domain.Read.All"] });
    const res = await graph<{ responses: { id: string; status: number; body?: unknown }[] }>(narrow, "/$batch", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ requests: [{ id: "1", method: "GET", url: "/domains" }, { id: "2", method: "GET", url: "/identity/conditionalAccess/policies" }] }),
    });
    expect(res.status).toBe(200);
    const byId = new Map(res.body.responses.map((r) => [r.id, r]));
    expect(byId.get("1")!.status).toBe(200);
    expectDenied(byId.get("2")!.status, byId.get("2")!.body);
  });

  it("validates permissions at registration, in process and through the admin API", async () => {
    expect(() => sim.registerTenant("well-configured", undefined, { permissions: ["not a permission"] })).toThrow(/permissions must be/);
    const post = (body: unknown) => fetch(`${sim.graphUrl}/_simulator/tenants`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const bad = await post({ fixture: "well-configured", permissions: "Policy.Read.All" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/permissions must be/);
    const good = await post({ fixture: "well-configured", permissions: ["Policy.Read.All"] });
    expect(good.status).toBe(201);
    const { tenantId } = (await good.json()) as { tenantId: string };
    expect(claims(await token(tenantId)).roles).toEqual(["Policy.Read.All"]);
  });
});
