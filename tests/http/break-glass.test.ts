import { describe, expect, it } from "vitest";
import { checksFor } from "@/lib/scans/checks/registry";
import { api, makeTenant, makeToken, setupAppDb } from "../helpers";
import { addSimulatorFault, patchSimulatedTenant, registerSimulatedTenant } from "../simulator-client";
import { buildFixture, FIXTURE_FACTS } from "../../scripts/m365-simulator/fixtures";
import { waitForScan } from "./scan-helpers";

// Declared break-glass accounts over real HTTP: the API, and what the next scan's Conditional Access checks make of it.
const db = setupAppDb();

const WELL = FIXTURE_FACTS["well-configured"];
const DECLARATION = { user_ids: WELL.breakGlassUserIds, group_ids: WELL.breakGlassGroupIds };
const UNDECLARED_USER = "11111111-2222-4333-8444-555555555555";
const GLOBAL_ADMIN = "62e90394-69f5-4237-9190-012177145e10";

type Result = { check_id: string; status: string; skip_reason: string | null; message: string; evidence: Record<string, unknown> };

async function connectedTenant() {
  const guid = await registerSimulatedTenant("well-configured");
  const tenant = await makeTenant({ plan: "enterprise", msTenantId: guid });
  return { tenant, guid, token: await makeToken(tenant.id) };
}

async function compliance(token: string): Promise<Map<string, Result>> {
  const started = await api("/tenants/me/scans", { token, method: "POST", body: { scan_type: "compliance" } });
  expect(started.status).toBe(201);
  const scan = await waitForScan(token, started.body.data.id);
  expect(scan.status).toBe("completed");
  const results = (await api(`/scans/${scan.id}/results?limit=100`, { token })).body.data as Result[];
  return new Map(results.map((r) => [r.check_id, r]));
}

/** The well-configured tenant's policies with the all-users MFA policy (CA001) changed by `change`. */
function withMfaPolicyChanged(guid: string, change: (users: Record<string, unknown>) => void) {
  const policies = buildFixture("well-configured", guid, Date.now()).conditionalAccessPolicies;
  const mfa = policies.find((p) => p.displayName.startsWith("CA001"))!;
  change(mfa.conditions.users as unknown as Record<string, unknown>);
  return { policies, mfa };
}

describe("GET|PUT /tenants/{tenantId}/break-glass", () => {
  it("starts empty, replaces the declaration as a whole, lowercases ids and audits the change", async () => {
    const { tenant, token } = await connectedTenant();
    expect((await api("/tenants/me/break-glass", { token })).body).toEqual({ success: true, data: { user_ids: [], group_ids: [], updated_at: null } });

    const put = await api(`/tenants/${tenant.id}/break-glass`, { token, method: "PUT", body: { user_ids: [UNDECLARED_USER.toUpperCase()], group_ids: WELL.breakGlassGroupIds } });
    expect(put.status).toBe(200);
    expect(put.body.data).toMatchObject({ user_ids: [UNDECLARED_USER], group_ids: WELL.breakGlassGroupIds, updated_at: expect.stringMatching(/Z$/) });

    const replaced = await api("/tenants/me/break-glass", { token, method: "PUT", body: { user_ids: WELL.breakGlassUserIds, group_ids: [] } });
    expect(replaced.body.data).toMatchObject({ user_ids: WELL.breakGlassUserIds, group_ids: [] });
    expect((await api("/tenants/me/break-glass", { token })).body.data).toMatchObject({ user_ids: WELL.breakGlassUserIds, group_ids: [] });

    const events = await db().auditEvent.findMany({ where: { tenantId: tenant.id, action: "break_glass.updated" }, orderBy: { createdAt: "asc" } });
    expect(events).toHaveLength(2);
    expect(events[1]!.metadata).toEqual({
      before: { user_ids: [UNDECLARED_USER], group_ids: WELL.breakGlassGroupIds },
      after: { user_ids: WELL.breakGlassUserIds, group_ids: [] },
    });
  });

  it("refuses bad input with a 400 envelope naming the field, and keeps the previous declaration", async () => {
    const { token } = await connectedTenant();
    await api("/tenants/me/break-glass", { token, method: "PUT", body: DECLARATION });
    const guids = (n: number) => Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
    const cases: [unknown, string | null][] = [
      [{ user_ids: ["not-a-guid"], group_ids: [] }, "user_ids"],
      [{ user_ids: [], group_ids: ["12345"] }, "group_ids"],
      [{ user_ids: guids(11), group_ids: [] }, "user_ids"],
      [{ user_ids: [], group_ids: guids(6) }, "group_ids"],
      [{ user_ids: [UNDECLARED_USER, UNDECLARED_USER.toUpperCase()], group_ids: [] }, "user_ids"],
      [{ user_ids: [] }, "group_ids"],
      [{ user_ids: "x", group_ids: [] }, "user_ids"],
      [{ user_ids: [], group_ids: [], tenant_id: "t_other" }, null],
      [{ user_ids: [42], group_ids: [] }, "user_ids"],
    ];
    for (const [body, field] of cases) {
      const res = await api("/tenants/me/break-glass", { token, method: "PUT", body });
      expect({ body, status: res.status, code: res.body.error?.code }).toEqual({ body, status: 400, code: "VALIDATION_ERROR" });
      if (field) expect(JSON.stringify(res.body.error.details), JSON.stringify(body)).toContain(field);
    }
    for (const rawBody of ["{", "[]", ""]) {
      const res = await api("/tenants/me/break-glass", { token, method: "PUT", rawBody, headers: { "content-type": "application/json" } });
      expect(res.status).toBe(400);
      expect(res.body.success).toBe(false);
    }
    expect((await api("/tenants/me/break-glass", { token, method: "POST", body: DECLARATION })).status).toBe(405);
    expect((await api("/tenants/me/break-glass", { token })).body.data).toMatchObject(DECLARATION);
  });

  it("keeps each tenant's declaration to itself and behind the exceptions scopes", async () => {
    const { tenant, token } = await connectedTenant();
    await api("/tenants/me/break-glass", { token, method: "PUT", body: DECLARATION });
    const other = await makeTenant();
    const otherToken = await makeToken(other.id);
    for (const method of ["GET", "PUT"]) {
      const res = await api(`/tenants/${tenant.id}/break-glass`, { token: otherToken, method, body: method === "PUT" ? { user_ids: [], group_ids: [] } : undefined });
      expect({ method, status: res.status, code: res.body.error?.code }).toEqual({ method, status: 404, code: "NOT_FOUND" });
    }
    expect((await api("/tenants/me/break-glass", { token: otherToken })).body.data).toEqual({ user_ids: [], group_ids: [], updated_at: null });
    expect((await api("/tenants/me/break-glass", { token })).body.data).toMatchObject(DECLARATION);

    const readOnly = await makeToken(tenant.id, ["exceptions:read"]);
    expect((await api("/tenants/me/break-glass", { token: readOnly })).body.data).toMatchObject(DECLARATION);
    expect((await api("/tenants/me/break-glass", { token: readOnly, method: "PUT", body: { user_ids: [], group_ids: [] } })).status).toBe(403);
    const scansOnly = await makeToken(tenant.id, ["scans:read"]);
    expect((await api("/tenants/me/break-glass", { token: scansOnly })).status).toBe(403);
    expect((await api("/tenants/me/break-glass")).status).toBe(401);
  });
});

describe("break-glass in Conditional Access checks", () => {
  it("counts a policy's exclusions only once they are declared, expanding declared groups transitively", async () => {
    const { token } = await connectedTenant();
    const before = await compliance(token);
    // The fixture's policies exclude its emergency-access account and group, which nobody has declared yet.
    expect(before.get("C01")).toMatchObject({ status: "fail" });
    expect(before.get("C01")!.message).toContain("not declared as break-glass");
    expect(before.get("C11")).toMatchObject({ status: "skip", skip_reason: "not_applicable" });

    await api("/tenants/me/break-glass", { token, method: "PUT", body: DECLARATION });
    const after = await compliance(token);
    for (const id of ["C01", "C02", "C03", "C11"]) expect(after.get(id)?.status, `${id}: ${after.get(id)?.message}`).toBe("pass");
    // emergency-access-02 is reached only through the nested standby group, and named by its UPN.
    expect(after.get("C11")!.evidence).toMatchObject({ breakGlassAccountCount: 2 });
    expect(JSON.stringify(after.get("C11")!.evidence)).toContain("emergency-access-02@contoso.onmicrosoft.com");

    // A declared account that was deleted in Entra is reported, not silently ignored.
    await api("/tenants/me/break-glass", { token, method: "PUT", body: { ...DECLARATION, user_ids: [...DECLARATION.user_ids, UNDECLARED_USER] } });
    const stale = (await compliance(token)).get("C11")!;
    expect(stale.message).toContain(`Declared account ${UNDECLARED_USER} no longer exists`);
    expect(stale.evidence).toMatchObject({ missingUsers: [UNDECLARED_USER] });
  });

  it.each<[string, (users: Record<string, unknown>) => void, string, Record<string, unknown>]>([
    ["an undeclared user", (u) => void (u.excludeUsers = [...(u.excludeUsers as string[]), UNDECLARED_USER]), UNDECLARED_USER, { users: [UNDECLARED_USER] }],
    ["a role", (u) => void (u.excludeRoles = [GLOBAL_ADMIN]), "Global Administrator", { roles: [{ id: GLOBAL_ADMIN, displayName: "Global Administrator" }] }],
    ["guests", (u) => void (u.excludeGuestsOrExternalUsers = { guestOrExternalUserTypes: "b2bCollaborationGuest", externalTenants: { membershipKind: "all" } }), "guests", { guestsOrExternalUsers: true }],
  ])("fails C01 when the MFA policy also excludes %s, naming the policy and the exclusion", async (_label, change, named, excludes) => {
    const { guid, token } = await connectedTenant();
    await api("/tenants/me/break-glass", { token, method: "PUT", body: DECLARATION });
    const { policies, mfa } = withMfaPolicyChanged(guid, change);
    await patchSimulatedTenant(guid, { conditionalAccessPolicies: policies });
    const c01 = (await compliance(token)).get("C01")!;
    expect(c01.status).toBe("fail");
    expect(c01.message).toContain(`"${mfa.displayName}" excludes`);
    expect(c01.message).toContain(named);
    expect(c01.evidence.nearMisses).toEqual(expect.arrayContaining([expect.objectContaining({ id: mfa.id, displayName: mfa.displayName, excludes: expect.objectContaining(excludes) })]));
  });

  it("skips the checks that need group members, naming GroupMember.Read.All, when Graph refuses them", async () => {
    const { guid, token } = await connectedTenant();
    await api("/tenants/me/break-glass", { token, method: "PUT", body: DECLARATION });
    await addSimulatorFault(guid, { kind: "forbidden", path: `/groups/${WELL.breakGlassGroupIds[0]}/transitiveMembers` });
    const results = await compliance(token);
    const skipped = [...results.values()].filter((r) => r.skip_reason === "missing_permission").map((r) => r.check_id).sort();
    const dependent = checksFor("compliance").filter((c) => (c.sources as readonly string[]).includes("breakGlass")).map((c) => c.id).sort();
    expect(dependent).toEqual(expect.arrayContaining(["C01", "C02", "C03", "C11"]));
    expect(skipped).toEqual(dependent);
    expect(results.get("C11")!.message).toContain("GroupMember.Read.All");
  });
});
