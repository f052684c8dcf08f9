import { describe, expect, it } from "vitest";
import { api, makeTenant, makeToken, setupAppDb } from "../helpers";
import { registerSimulatedTenant } from "../simulator-client";

// Accepted risk over real HTTP: the exceptions API and what the next scan makes of it.
const db = setupAppDb();

async function connectedTenant() {
  const guid = await registerSimulatedTenant("misconfigured");
  const tenant = await makeTenant({ plan: "enterprise", msTenantId: guid });
  return { tenant, token: await makeToken(tenant.id) };
}

async function scanResults(token: string, scanType: "compliance" | "exposure") {
  const started = await api("/tenants/me/scans", { token, method: "POST", body: { scan_type: scanType } });
  expect(started.status).toBe(201);
  const deadline = Date.now() + 25_000;
  for (;;) {
    const res = await api(`/scans/${started.body.data.id}`, { token });
    if (res.body.data.status !== "in_progress") break;
    if (Date.now() > deadline) throw new Error("scan did not finish");
    await new Promise((r) => setTimeout(r, 150));
  }
  const scan = (await api(`/scans/${started.body.data.id}`, { token })).body.data;
  const results = (await api(`/scans/${scan.id}/results?limit=100`, { token })).body.data as { check_id: string; status: string; skip_reason: string | null; evidence: Record<string, unknown>; message: string }[];
  return { scan, byId: new Map(results.map((r) => [r.check_id, r])) };
}

describe("accepted risk", () => {
  it("reports a covered failing check as skip / accepted_risk until the exception expires or is withdrawn", async () => {
    const { token } = await connectedTenant();
    const before = await scanResults(token, "compliance");
    expect(before.byId.get("C19")?.status).toBe("fail");

    const created = await api("/tenants/me/exceptions", { token, method: "POST", body: { check_id: "C19", reason: "Six break-glass and ops admins are required by our runbook" } });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ check_id: "C19", object_id: null, status: "active", check_title: expect.any(String) });
    const exceptionId = created.body.data.id as string;

    const covered = await scanResults(token, "compliance");
    const c19 = covered.byId.get("C19")!;
    expect(c19).toMatchObject({ status: "skip", skip_reason: "accepted_risk" });
    expect(c19.evidence.exception_ids).toEqual([exceptionId]);
    expect(c19.message).toContain("Six break-glass");
    expect(covered.scan.skip_count).toBe(before.scan.skip_count + 1);
    expect(covered.scan.fail_count).toBe(before.scan.fail_count - 1);

    // Expired exceptions stop applying by themselves.
    await db().riskException.update({ where: { id: exceptionId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await api("/tenants/me/exceptions", { token })).body.data[0].status).toBe("expired");
    expect((await scanResults(token, "compliance")).byId.get("C19")?.status).toBe("fail");

    expect((await api(`/tenants/me/exceptions/${exceptionId}`, { token, method: "DELETE" })).status).toBe(200);
    expect((await api("/tenants/me/exceptions", { token })).body.data).toEqual([]);
    expect((await api(`/tenants/me/exceptions/${exceptionId}`, { token, method: "DELETE" })).status).toBe(404);
  });

  it("covers one object of a per-object check, and refuses objects for a whole-tenant check", async () => {
    const { token } = await connectedTenant();
    const before = await scanResults(token, "exposure");
    const failingPerObject = [...before.byId.values()].find((r) => r.status === "fail" && Array.isArray((r.evidence as { domains?: unknown }).domains));
    expect(failingPerObject).toBeDefined();
    const domains = ((failingPerObject!.evidence as { domains: { domain: string; outcome: string }[] }).domains).filter((d) => d.outcome === "fail").map((d) => d.domain);
    for (const domain of domains) {
      const res = await api("/tenants/me/exceptions", { token, method: "POST", body: { check_id: failingPerObject!.check_id, object_id: domain.toUpperCase(), reason: "Parked domain, sends no mail" } });
      expect(res.status).toBe(201);
      expect(res.body.data.object_id).toBe(domain); // stored lowercased
    }
    const after = await scanResults(token, "exposure");
    expect(after.byId.get(failingPerObject!.check_id)).toMatchObject({ status: "skip", skip_reason: "accepted_risk" });

    const wrong = await api("/tenants/me/exceptions", { token, method: "POST", body: { check_id: "C19", object_id: "someone@fabrikam.com", reason: "Not a per-object check" } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0].field).toBe("object_id");
    const twice = await api("/tenants/me/exceptions", { token, method: "POST", body: { check_id: failingPerObject!.check_id, object_id: domains[0], reason: "Parked domain, sends no mail" } });
    expect(twice.status).toBe(409);
    for (const body of [{ check_id: "Z99", reason: "unknown check here" }, { check_id: "C19", reason: "short" }, { check_id: "C19", reason: "expired already", expires_at: "2020-01-01T00:00:00Z" }]) {
      expect((await api("/tenants/me/exceptions", { token, method: "POST", body })).status).toBe(400);
    }
  });

  it("keeps exceptions within their tenant and behind their scopes, and audits every change", async () => {
    const { tenant, token } = await connectedTenant();
    const created = await api("/tenants/me/exceptions", { token, method: "POST", body: { check_id: "C27", reason: "Developers register their own apps in the sandbox" } });
    const other = await makeTenant();
    const otherToken = await makeToken(other.id);
    expect((await api(`/tenants/me/exceptions/${created.body.data.id}`, { token: otherToken, method: "DELETE" })).status).toBe(404);
    expect((await api(`/tenants/${tenant.id}/exceptions`, { token: otherToken })).status).toBe(404);
    expect((await api("/tenants/me/exceptions", { token: otherToken })).body.data).toEqual([]);
    const readOnly = await makeToken(tenant.id, ["exceptions:read"]);
    expect((await api("/tenants/me/exceptions", { token: readOnly })).body.data).toHaveLength(1);
    expect((await api("/tenants/me/exceptions", { token: readOnly, method: "POST", body: { check_id: "C29", reason: "read-only token tries" } })).status).toBe(403);
    await api(`/tenants/me/exceptions/${created.body.data.id}`, { token, method: "DELETE" });
    const actions = (await db().auditEvent.findMany({ where: { tenantId: tenant.id } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["exception.created", "exception.deleted"]));
  });
});
