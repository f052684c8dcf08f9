import { describe, expect, it } from "vitest";
import { checksFor } from "@/lib/scans/checks/registry";
import { api, makeTenant, makeToken, setupAppDb } from "../helpers";
import { patchSimulatedTenant, registerSimulatedTenant } from "../simulator-client";
import { GUEST_ROLE } from "../../scripts/m365-simulator/catalog";

// Findings, exports, drift and the catalog over real HTTP, on scans the app ran against the simulator.
const db = setupAppDb();

async function connectedTenant(fixture: "well-configured" | "misconfigured") {
  const guid = await registerSimulatedTenant(fixture);
  const tenant = await makeTenant({ plan: "enterprise", msTenantId: guid });
  return { tenant, guid, token: await makeToken(tenant.id) };
}

async function scan(token: string, scanType: "compliance" | "exposure" = "compliance") {
  const started = await api("/tenants/me/scans", { token, method: "POST", body: { scan_type: scanType } });
  expect(started.status).toBe(201);
  const deadline = Date.now() + 25_000;
  for (;;) {
    const res = await api(`/scans/${started.body.data.id}`, { token });
    if (res.body.data.status !== "in_progress") return res.body.data;
    if (Date.now() > deadline) throw new Error("scan did not finish");
    await new Promise((r) => setTimeout(r, 150));
  }
}

const SEVERITY = ["critical", "high", "medium", "low", "info"];
const STATUS = ["fail", "error", "skip", "pass"];

describe("GET /scans/{scanId}/results", () => {
  it("lists every finding with catalog metadata, by severity then outcome, filtered and paginated", async () => {
    const { token } = await connectedTenant("misconfigured");
    const done = await scan(token);
    const all = await api(`/scans/${done.id}/results?limit=100`, { token });
    expect(all.status).toBe(200);
    expect(all.body.meta.total).toBe(checksFor("compliance").length);
    const findings = all.body.data as { check_id: string; severity: string; status: string; title: string; category: string; frameworks: { cis: string[]; scuba: string[] }; remediation: string }[];
    for (const f of findings) {
      expect(f.title.length).toBeGreaterThan(5);
      expect(f.remediation).toBeTruthy();
    }
    const keys = findings.map((f) => [SEVERITY.indexOf(f.severity), STATUS.indexOf(f.status)]);
    expect(keys).toEqual([...keys].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!));

    const fails = await api(`/scans/${done.id}/results?status=fail&limit=100`, { token });
    expect(fails.body.data.every((f: { status: string }) => f.status === "fail")).toBe(true);
    expect(fails.body.meta.total).toBe(done.fail_count);
    const category = findings[0]!.category;
    const inCategory = await api(`/scans/${done.id}/results?category=${encodeURIComponent(category)}&limit=100`, { token });
    expect(inCategory.body.data.map((f: { check_id: string }) => f.check_id)).toEqual(findings.filter((f) => f.category === category).map((f) => f.check_id));
    const cisId = findings.find((f) => f.frameworks.cis.length > 0)!.frameworks.cis[0]!;
    const byControl = await api(`/scans/${done.id}/results?framework=${encodeURIComponent(`CIS ${cisId}`)}`, { token });
    expect(byControl.body.data.length).toBeGreaterThan(0);
    expect(byControl.body.data.every((f: { frameworks: { cis: string[] } }) => f.frameworks.cis.includes(cisId))).toBe(true);
    const scuba = await api(`/scans/${done.id}/results?framework=scuba&limit=100`, { token });
    expect(scuba.body.meta.total).toBe(findings.filter((f) => f.frameworks.scuba.length > 0).length);

    const page2 = await api(`/scans/${done.id}/results?limit=3&page=2`, { token });
    expect(page2.body.data.map((f: { check_id: string }) => f.check_id)).toEqual(findings.slice(3, 6).map((f) => f.check_id));
    expect((await api(`/scans/${done.id}/results?status=maybe`, { token })).status).toBe(400);
  });

  it("exports JSON and CSV, the CSV safe from formula injection", async () => {
    const { token } = await connectedTenant("misconfigured");
    const done = await scan(token);
    const json = await api(`/scans/${done.id}/results.json`, { token });
    expect(json.status).toBe(200);
    expect(json.headers.get("content-disposition")).toMatch(/attachment; filename="aether365-compliance-\d{4}-\d{2}-\d{2}-scan_[0-9A-Za-z]+\.json"/);
    expect(json.body.data.scan.id).toBe(done.id);
    expect(json.body.data.results).toHaveLength(checksFor("compliance").length);

    const csv = await api(`/scans/${done.id}/results.csv`, { token });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    const lines = (csv.body as string).trim().split("\r\n");
    expect(lines[0]).toBe("check_id,title,category,severity,status,message,skip_reason,cis,scuba,remediation,evidence");
    expect(lines).toHaveLength(checksFor("compliance").length + 1);
    // Every field is quoted, and none starts with a formula character inside its quotes.
    for (const line of lines.slice(1)) expect(line).not.toMatch(/(^|,)"[=+\-@]/);
  });

  it("answers another tenant's scan with 404 and a viewer-less token with 403", async () => {
    const { token } = await connectedTenant("well-configured");
    const done = await scan(token);
    const other = await makeTenant();
    const otherToken = await makeToken(other.id);
    for (const path of ["results", "results.csv", "results.json", "drift"]) {
      const res = await api(`/scans/${done.id}/${path}`, { token: otherToken });
      expect({ path, status: res.status, code: res.body.error?.code }).toEqual({ path, status: 404, code: "NOT_FOUND" });
    }
    const schedulesOnly = await makeToken(done.tenant_id, ["schedules:read"]);
    expect((await api(`/scans/${done.id}/results`, { token: schedulesOnly })).status).toBe(403);
  });
});

describe("GET /scans/{scanId}/drift", () => {
  it("shows exactly the check whose setting changed between two scans", async () => {
    const { token, guid } = await connectedTenant("well-configured");
    const first = await scan(token);
    const none = await api(`/scans/${first.id}/drift`, { token });
    expect(none.body.data).toMatchObject({ against_scan_id: null, newly_failing: [], newly_passing: [] });

    await patchSimulatedTenant(guid, { authorizationPolicy: { guestUserRoleId: GUEST_ROLE.sameAsMembers } });
    const second = await scan(token);
    const drift = await api(`/scans/${second.id}/drift`, { token });
    expect(drift.status).toBe(200);
    expect(drift.body.data.against_scan_id).toBe(first.id);
    expect(drift.body.data.newly_failing.map((e: { check_id: string }) => e.check_id)).toEqual(["C32"]);
    expect(drift.body.data.newly_failing[0]).toMatchObject({ before: "pass", after: "fail" });
    expect([...drift.body.data.newly_passing, ...drift.body.data.other_changes, ...drift.body.data.new, ...drift.body.data.removed]).toEqual([]);
    expect(drift.body.data.unchanged + drift.body.data.still_failing.length).toBe(checksFor("compliance").length - 1);

    // Compare any two: the first against the second shows the change the other way round.
    const back = await api(`/scans/${first.id}/drift?against=${second.id}`, { token });
    expect(back.body.data.newly_passing.map((e: { check_id: string }) => e.check_id)).toEqual(["C32"]);
  });

  it("refuses to compare across types, with itself, or with a scan that did not complete", async () => {
    const { token, tenant } = await connectedTenant("well-configured");
    const compliance = await scan(token, "compliance");
    const exposure = await scan(token, "exposure");
    expect((await api(`/scans/${compliance.id}/drift?against=${exposure.id}`, { token })).status).toBe(400);
    expect((await api(`/scans/${compliance.id}/drift?against=${compliance.id}`, { token })).status).toBe(400);
    const failed = await db().scan.create({ data: { id: `scan_failed${Date.now()}abcdefghij`, tenantId: tenant.id, scanType: "compliance", trigger: "api", status: "failed" } });
    expect((await api(`/scans/${compliance.id}/drift?against=${failed.id}`, { token })).status).toBe(400);
    expect((await api(`/scans/${failed.id}/drift`, { token })).status).toBe(400);
    expect((await api(`/scans/${compliance.id}/drift?against=scan_doesnotexist0000000`, { token })).status).toBe(404);
  });
});

describe("GET /checks", () => {
  it("lists the catalog and the union of Graph permissions it needs, all of which onboarding requests", async () => {
    const { token } = await connectedTenant("well-configured");
    const checks = await api("/checks", { token });
    expect(checks.body.data).toHaveLength(checksFor("compliance").length + checksFor("exposure").length);
    expect(checks.body.data[0]).toMatchObject({ id: expect.any(String), scan_type: expect.any(String), frameworks: { cis: expect.any(Array), scuba: expect.any(Array) } });
    const permissions = (await api("/checks/permissions", { token })).body.data as string[];
    const { GRAPH_APPLICATION_PERMISSIONS } = await import("@/lib/microsoft/permissions");
    expect(permissions.length).toBeGreaterThan(3);
    for (const p of permissions) expect(GRAPH_APPLICATION_PERMISSIONS.map((g) => g.name)).toContain(p);
  });
});
