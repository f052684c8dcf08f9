import { X509Certificate } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GraphCollection, GraphErrorBody, GroupSetting, InternalDomainFederation, OnPremisesDirectorySynchronization } from "@/lib/microsoft/graph-types";
import { startSimulator, type Simulator } from "./index";
import { PASSWORD_RULE_TEMPLATE_ID, selfSignedCertificate } from "./passwords";

/* Password protection settings, directory sync, domain federation and group filters, served the way Graph serves them. */

let sim: Simulator;
let wellConfigured: string;
let misconfigured: string;
let unlicensed: string;
let generated: string;
const tokens = new Map<string, string>();

async function token(tenant: string): Promise<string> {
  const cached = tokens.get(tenant);
  if (cached) return cached;
  const res = await fetch(`${sim.authorityUrl}/${tenant}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: sim.clientId, client_secret: sim.clientSecret, scope: "https://graph.microsoft.com/.default" }),
  });
  const fresh = ((await res.json()) as { access_token: string }).access_token;
  tokens.set(tenant, fresh);
  return fresh;
}

async function graph<T>(tenant: string, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${sim.graphUrl}/v1.0${path}`, { headers: { authorization: `Bearer ${await token(tenant)}`, ...headers } });
  return { status: res.status, body: (await res.json()) as T };
}

beforeAll(async () => {
  sim = await startSimulator();
  wellConfigured = sim.registerTenant("well-configured");
  misconfigured = sim.registerTenant("misconfigured");
  unlicensed = sim.registerTenant("unlicensed");
  generated = sim.registerTenant({ users: 200, guests: 20, apps: 5, groups: 30 });
});

afterAll(async () => {
  await sim?.stop();
});

describe("GET /groupSettings", () => {
  it("lists the Password Rule Settings object with string values", async () => {
    const res = await graph<GraphCollection<GroupSetting>>(wellConfigured, "/groupSettings");
    expect(res.status).toBe(200);
    expect(res.body["@odata.context"]).toBe("https://graph.microsoft.com/v1.0/$metadata#groupSettings");
    const [setting] = res.body.value;
    expect(setting).toMatchObject({ displayName: "Password Rule Settings", templateId: PASSWORD_RULE_TEMPLATE_ID });
    expect(setting!.values).toContainEqual({ name: "BannedPasswordCheckOnPremisesMode", value: "Enforce" });
    expect(setting!.values.every((v) => typeof v.value === "string")).toBe(true);
    const one = await graph<GroupSetting>(wellConfigured, `/groupSettings/${setting!.id}`);
    expect(one.body.id).toBe(setting!.id);
  });

  it("is empty in a tenant that never created a setting", async () => {
    expect((await graph<GraphCollection<GroupSetting>>(unlicensed, "/groupSettings")).body.value).toEqual([]);
  });
});

describe("GET /directory/onPremisesSynchronization", () => {
  it("returns the tenant's one object: features on for a synced tenant, off for a cloud-only one", async () => {
    const synced = await graph<GraphCollection<OnPremisesDirectorySynchronization>>(wellConfigured, "/directory/onPremisesSynchronization");
    expect(synced.status).toBe(200);
    expect(synced.body.value).toHaveLength(1);
    expect(synced.body.value[0]).toMatchObject({ id: wellConfigured, features: { passwordSyncEnabled: true } });
    const cloud = await graph<GraphCollection<OnPremisesDirectorySynchronization>>(unlicensed, "/directory/onPremisesSynchronization");
    expect(cloud.body.value[0]!.features.passwordSyncEnabled).toBe(false);
    const org = await graph<GraphCollection<{ onPremisesSyncEnabled: boolean | null }>>(misconfigured, "/organization?$select=id,onPremisesSyncEnabled,onPremisesLastSyncDateTime");
    expect(org.body.value[0]!.onPremisesSyncEnabled).toBe(true);
  });
});

describe("GET /domains/{id}/federationConfiguration", () => {
  it("returns a Federated domain's configuration with a parseable base64 DER signing certificate", async () => {
    const res = await graph<GraphCollection<InternalDomainFederation>>(misconfigured, "/domains/fabrikam-corp.com/federationConfiguration");
    expect(res.status).toBe(200);
    expect(res.body["@odata.context"]).toBe("https://graph.microsoft.com/v1.0/$metadata#domains('fabrikam-corp.com')/federationConfiguration");
    const [federation] = res.body.value;
    expect(federation).toMatchObject({ federatedIdpMfaBehavior: "acceptIfMfaDoneByFederatedIdp", issuerUri: "http://adfs.fabrikam-corp.com/adfs/services/trust" });
    const cert = new X509Certificate(Buffer.from(federation!.signingCertificate!, "base64"));
    const daysLeft = (Date.parse(cert.validTo) - Date.now()) / 86_400_000;
    expect(daysLeft).toBeGreaterThan(8);
    expect(daysLeft).toBeLessThan(11);
    expect(cert.verify(cert.publicKey)).toBe(true);
  });

  it("is empty for a Managed domain and 404 for an unknown one", async () => {
    expect((await graph<GraphCollection<unknown>>(misconfigured, "/domains/fabrikam.com/federationConfiguration")).body.value).toEqual([]);
    const missing = await graph<GraphErrorBody>(misconfigured, "/domains/nowhere.example/federationConfiguration");
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("Request_ResourceNotFound");
  });
});

describe("GET /groups with groupTypes filters", () => {
  it("filters Unified and DynamicMembership groups with a standard any() filter and pages the generated tenant", async () => {
    const unified = await graph<GraphCollection<{ id: string; displayName: string; visibility: string }>>(misconfigured, "/groups?$filter=groupTypes/any(g:g eq 'Unified')&$select=id,displayName,visibility");
    expect(unified.status).toBe(200);
    expect(unified.body.value.map((g) => g.visibility)).toEqual(["Public", "Public"]);
    expect(Object.keys(unified.body.value[0]!).sort()).toEqual(["displayName", "id", "visibility"]);
    const dynamic = await graph<GraphCollection<{ membershipRule: string; membershipRuleProcessingState: string }>>(
      wellConfigured,
      "/groups?$filter=groupTypes/any(g:g eq 'DynamicMembership')&$select=id,membershipRule,membershipRuleProcessingState",
    );
    expect(dynamic.body.value).toEqual([expect.objectContaining({ membershipRule: '(user.userType -eq "Guest")', membershipRuleProcessingState: "On" })]);
    const page = await graph<GraphCollection<unknown>>(generated, "/groups?$filter=groupTypes/any(g:g eq 'Unified')&$select=id,visibility&$top=5");
    expect(page.body.value).toHaveLength(5);
    expect(page.body["@odata.nextLink"]).toContain("$skiptoken=");
  });

  it("refuses not/ne (advanced queries) without ConsistencyLevel: eventual and $count=true", async () => {
    const path = "/groups?$filter=not groupTypes/any(g:g eq 'Unified')";
    const refused = await graph<GraphErrorBody>(wellConfigured, path);
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe("Request_UnsupportedQuery");
    const advanced = await graph<GraphCollection<{ groupTypes: string[] }> & { "@odata.count": number }>(wellConfigured, `${path}&$count=true`, { ConsistencyLevel: "eventual" });
    expect(advanced.status).toBe(200);
    expect(advanced.body.value.every((g) => !g.groupTypes.includes("Unified"))).toBe(true);
    expect(advanced.body["@odata.count"]).toBe(advanced.body.value.length);
  });
});

describe("selfSignedCertificate", () => {
  it("always yields a certificate X509Certificate can read (serials are minimally encoded DER)", () => {
    for (let i = 0; i < 400; i++) {
      const cert = selfSignedCertificate("ADFS Signing - sts.example.com", Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1));
      expect(() => new X509Certificate(Buffer.from(cert, "base64"))).not.toThrow();
    }
  });
});
