import { describe, expect, it } from "vitest";
import { checksFor } from "@/lib/scans/checks/registry";
import { computeScore } from "@/lib/scans/score";
import { api, makeTenant, makeToken, setupAppDb } from "../helpers";
import { addSimulatorFault, clearSimulatorFaults } from "../simulator-client";
import { simulatedTenant, waitForScan } from "./scan-helpers";

// Scans triggered over HTTP run end to end: the app (inline driver) reads the simulator through Graph and DNS.
const db = setupAppDb();

describe("scans run end to end", () => {
  it.each(["compliance", "exposure"] as const)("a %s scan completes with counts equal to its stored results and the right score", async (scanType) => {
    const { token } = await simulatedTenant("misconfigured");
    const started = await api("/tenants/me/scans", { token, method: "POST", body: { scan_type: scanType } });
    expect(started.status).toBe(201);
    const scan = await waitForScan(token, started.body.data.id);
    expect(scan.status).toBe("completed");
    const rows = await db().checkResult.findMany({ where: { scanId: scan.id } });
    expect(rows).toHaveLength(checksFor(scanType).length);
    const n = (s: string) => rows.filter((r) => r.status === s).length;
    expect([scan.pass_count, scan.fail_count, scan.skip_count]).toEqual([n("pass"), n("fail"), n("skip")]);
    expect(scan.score).toBe(computeScore(n("pass"), n("fail")));
    expect(scan.progress).toEqual({ checks_done: rows.length, checks_total: rows.length });
    expect(scan.completed_at).toMatch(/Z$/);
    expect(Date.parse(scan.completed_at)).toBeGreaterThanOrEqual(Date.parse(scan.started_at));
    expect(scan.error).toBeNull();
  });

  it("a well-configured tenant scores higher than a misconfigured one", async () => {
    const good = await simulatedTenant("well-configured");
    const bad = await simulatedTenant("misconfigured");
    const [g, b] = await Promise.all(
      [good, bad].map(async ({ token }) => waitForScan(token, (await api("/tenants/me/scans", { token, method: "POST", body: { scan_type: "compliance" } })).body.data.id)),
    );
    expect(g.score).toBeGreaterThan(b.score);
  });

  it("a 403 on one source skips exactly its checks, with the reason, and the scan still completes", async () => {
    const { token, guid } = await simulatedTenant("well-configured");
    await addSimulatorFault(guid, { kind: "forbidden", path: "/policies/authenticationMethodsPolicy" });
    const scan = await waitForScan(token, (await api("/tenants/me/scans", { token, method: "POST", body: { scan_type: "compliance" } })).body.data.id);
    expect(scan.status).toBe("completed");
    const dependent = checksFor("compliance").filter((c) => (c.sources as readonly string[]).includes("authMethodsPolicy")).map((c) => c.id).sort();
    // The fixture's own not-applicable results (C36: secrets are blocked outright) are not the fault's doing.
    const notApplicable = (r: { evidence: unknown }) => (r.evidence as { skip_reason?: string } | null)?.skip_reason === "not_applicable";
    const allSkipped = await db().checkResult.findMany({ where: { scanId: scan.id, status: "skip" } });
    const skipped = allSkipped.filter((r) => !notApplicable(r));
    expect(skipped.map((r) => r.checkId).sort()).toEqual(dependent);
    expect(skipped.every((r) => /missing permission/.test(r.message))).toBe(true);
    expect(scan.skip_count).toBe(dependent.length + allSkipped.filter(notApplicable).length);
  });

  it("429 with Retry-After, then success → completed", async () => {
    const { token, guid } = await simulatedTenant("well-configured");
    await addSimulatorFault(guid, { kind: "throttle", path: "/domains", count: 2, retryAfterSeconds: 1 });
    const scan = await waitForScan(token, (await api("/tenants/me/scans", { token, method: "POST", body: { scan_type: "exposure" } })).body.data.id);
    expect(scan.status).toBe("completed");
    expect(scan.error).toBeNull();
  });

  it("a source that keeps failing makes only its checks error; the scan completes with error_count", async () => {
    const { token, guid } = await simulatedTenant("well-configured");
    await addSimulatorFault(guid, { kind: "unavailable", path: "/policies/identitySecurityDefaultsEnforcementPolicy", retryAfterSeconds: 1 });
    const scan = await waitForScan(token, (await api("/tenants/me/scans", { token, method: "POST", body: { scan_type: "compliance" } })).body.data.id);
    expect(scan.status).toBe("completed");
    const dependent = checksFor("compliance").filter((c) => (c.sources as readonly string[]).includes("securityDefaults")).map((c) => c.id).sort();
    expect(scan.error_count).toBe(dependent.length);
    const errored = (await api(`/scans/${scan.id}/results?status=error&limit=100`, { token })).body.data as { check_id: string }[];
    expect(errored.map((r) => r.check_id).sort()).toEqual(dependent);
  });

  it("an outage of every endpoint ends the scan failed with a code — never stuck — and the next scan can start", async () => {
    const { token, guid } = await simulatedTenant("well-configured");
    await addSimulatorFault(guid, { kind: "unavailable", path: "*", retryAfterSeconds: 1 });
    const scan = await waitForScan(token, (await api("/tenants/me/scans", { token, method: "POST", body: { scan_type: "compliance" } })).body.data.id);
    expect(scan.status).toBe("failed");
    expect(scan.error.code).toBe("GRAPH_UNAVAILABLE");
    expect(scan.score).toBeNull();
    expect(scan.error_count).toBeNull();
    expect(await db().checkResult.count({ where: { scanId: scan.id } })).toBe(0);
    await clearSimulatorFaults(guid);
    expect((await api("/tenants/me/scans", { token, method: "POST", body: { scan_type: "compliance" } })).status).toBe(201);
  });

  it("a tenant whose consent is gone fails at once with MICROSOFT_AUTH_FAILED", async () => {
    const tenant = await makeTenant({ plan: "pro" });
    await db().tenant.update({ where: { id: tenant.id }, data: { msTenantId: "8d3c1a2b-0000-4000-8000-00000000dead" } });
    const token = await makeToken(tenant.id);
    const scan = await waitForScan(token, (await api("/tenants/me/scans", { token, method: "POST", body: { scan_type: "compliance" } })).body.data.id);
    expect(scan).toMatchObject({ status: "failed", error: { code: "MICROSOFT_AUTH_FAILED" } });
  });
});
