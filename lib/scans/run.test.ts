import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { clearTokenCache } from "@/lib/microsoft/token";
import { checksFor } from "@/lib/scans/checks/registry";
import type { Check } from "@/lib/scans/checks/types";
import { capEvidence, evaluateCheck, markScanFailed, reapStuckScans, runScan } from "@/lib/scans/run";
import type { SourceResults } from "@/lib/scans/sources";
import { startSimulator, type Simulator } from "../../scripts/m365-simulator/index";
import { FIXTURE_FACTS } from "../../scripts/m365-simulator/fixtures";
import { makeTenant, setupIsolatedDb, useSimulatorInProcess } from "../../tests/helpers";
import { newId } from "@/lib/ids";
import { emailDomain } from "@/lib/scans/checks/test-fixtures";

const db = setupIsolatedDb();
const now = new Date("2026-06-01T00:00:00Z");

const probe: Check<"authorizationPolicy"> = {
  id: "T01",
  title: "probe",
  scanType: "compliance",
  category: "test",
  severity: "high",
  frameworks: ["none"],
  sources: ["authorizationPolicy"],
  remediation: "none",
  evaluate: (data) => ({ status: data.authorizationPolicy.allowInvitesFrom === "none" ? "pass" : "fail", message: "probe", evidence: { v: 1 } }),
};
const licensedProbe = { ...probe, id: "T02", licence: "p2" as const };
const authz = { ok: true as const, data: { allowInvitesFrom: "none" } as never };
const licences = (p1: boolean, p2: boolean) => ({ ok: true as const, data: { p1, p2, intune: false, skuPartNumbers: [] } });

describe("evaluateCheck (framework rules)", () => {
  it("evaluates a check whose sources are all available", () => {
    const r = evaluateCheck(probe as unknown as Check, { authorizationPolicy: authz, licences: licences(true, true) } as SourceResults, now);
    expect(r).toEqual({ checkId: "T01", severity: "high", status: "pass", message: "probe", evidence: { v: 1 } });
  });

  it("skips with the source's reason when a declared source is unavailable", () => {
    for (const reason of ["missing_permission", "not_licensed", "not_available_in_cloud"] as const) {
      const r = evaluateCheck(probe as unknown as Check, { authorizationPolicy: { ok: false, reason, detail: "403" }, licences: licences(true, true) } as SourceResults, now);
      expect(r.status).toBe("skip");
      expect(r.evidence).toMatchObject({ skip_reason: reason });
    }
  });

  it("names the permission to grant when one is missing", () => {
    const r = evaluateCheck(probe as unknown as Check, { authorizationPolicy: { ok: false, reason: "missing_permission", detail: "Insufficient privileges" }, licences: licences(true, true) } as SourceResults, now);
    expect(r.evidence).toEqual({ skip_reason: "missing_permission", permission: "Policy.Read.All" });
    expect(r.message).toMatch(/grant Policy\.Read\.All/);
  });

  it("is an error, not a skip or a fail, when a source could not be read after retries", () => {
    const r = evaluateCheck(probe as unknown as Check, { authorizationPolicy: { ok: false, reason: "error", detail: "503 ServiceUnavailable" }, licences: licences(true, true) } as SourceResults, now);
    expect(r).toMatchObject({ status: "error", evidence: { source: "authorizationPolicy" } });
    expect(r.message).toMatch(/503/);
  });

  it("records not_applicable when a check skips itself", () => {
    const selfSkipping = { ...probe, evaluate: () => ({ status: "skip" as const, message: "No federated domains.", evidence: { domains: 0 } }) };
    const r = evaluateCheck(selfSkipping as unknown as Check, { authorizationPolicy: authz, licences: licences(true, true) } as SourceResults, now);
    expect(r).toMatchObject({ status: "skip", message: "No federated domains.", evidence: { skip_reason: "not_applicable", domains: 0 } });
  });

  it("skips as not licensed when the licence gate is missing, before evaluating", () => {
    const r = evaluateCheck(licensedProbe as unknown as Check, { authorizationPolicy: authz, licences: licences(true, false) } as SourceResults, now);
    expect(r).toMatchObject({ status: "skip", evidence: { skip_reason: "not_licensed" } });
    expect(r.message).toMatch(/not licensed/);
  });

  it("turns a throwing evaluate into an error result, not a failed scan", () => {
    const broken = { ...probe, evaluate: () => { throw new Error("boom"); } };
    expect(evaluateCheck(broken as unknown as Check, { authorizationPolicy: authz, licences: licences(true, true) } as SourceResults, now)).toMatchObject({ status: "error" });
  });
});

describe("evaluateCheck with accepted risks", () => {
  const x01 = checksFor("exposure").find((c) => c.id === "X01")!; // one SPF record per email domain
  const dns = (...domains: ReturnType<typeof emailDomain>[]) => ({ emailDns: { ok: true as const, data: domains }, licences: licences(true, true) }) as SourceResults;
  const twoBad = dns(emailDomain("a.example", { spf: [] }), emailDomain("b.example", { spf: [] }), emailDomain("ok.example"));
  const exc = (objectId: string | null, extra: Partial<{ expiresAt: Date }> = {}) => ({ id: newId("riskException"), checkId: "X01", objectId, reason: "Parked domains, no mail", expiresAt: null, ...extra });

  it("turns a failing check covered as a whole into skip / accepted_risk, keeping what it found", () => {
    const e = exc(null, { expiresAt: new Date("2026-09-01T00:00:00Z") });
    const r = evaluateCheck(x01, twoBad, now, [e]);
    expect(r.status).toBe("skip");
    expect(r.message).toBe("Accepted risk: Parked domains, no mail. Accepted until 2026-09-01.");
    expect(r.evidence).toMatchObject({ skip_reason: "accepted_risk", exception_ids: [e.id], accepted_outcome: { status: "fail" } });
  });

  it("leaves excepted objects out: all failing ones covered → accepted_risk; one left → still fails naming only it", () => {
    const all = evaluateCheck(x01, twoBad, now, [exc("a.example"), exc("B.example")]);
    expect(all).toMatchObject({ status: "skip", evidence: { skip_reason: "accepted_risk", objects: ["a.example", "B.example"] } });
    const one = evaluateCheck(x01, twoBad, now, [exc("a.example")]);
    expect(one.status).toBe("fail");
    expect(one.message).toContain("b.example");
    expect(one.message).not.toContain("a.example");
    expect(one.evidence).toMatchObject({ accepted_objects: ["a.example"] });
  });

  it("does not touch passing results, other checks' exceptions, or checks without objects", () => {
    expect(evaluateCheck(x01, dns(emailDomain("ok.example")), now, [exc(null)]).status).toBe("pass");
    expect(evaluateCheck(x01, twoBad, now, [{ ...exc(null), checkId: "X02" }]).status).toBe("fail");
    const wholeOnly = { ...probe, objects: undefined } as unknown as Check;
    const failing = { authorizationPolicy: { ok: true as const, data: { allowInvitesFrom: "everyone" } as never }, licences: licences(true, true) } as SourceResults;
    expect(evaluateCheck(wholeOnly, failing, now, [{ ...exc("someone"), checkId: "T01" }]).status).toBe("fail");
  });
});

describe("every registered check follows the skip rules", () => {
  // Every declared source present; the data is never evaluated when one of them is unavailable.
  const allAvailable = (check: Check): SourceResults =>
    Object.fromEntries([["licences", { ok: true, data: { p1: true, p2: true, intune: true, skuPartNumbers: [] } }], ...check.sources.map((s) => [s, { ok: true, data: null }])]) as SourceResults;

  it.each(checksFor("compliance").concat(checksFor("exposure")).map((c) => [c.id, c] as const))("%s skips with the reason of each unavailable source", (_id, check) => {
    for (const source of check.sources) {
      for (const reason of ["missing_permission", "not_licensed", "not_available_in_cloud"] as const) {
        const sources = { ...allAvailable(check), [source]: { ok: false, reason, detail: `${source} refused` } } as SourceResults;
        const result = evaluateCheck(check, sources, now);
        expect(result, `${check.id} with ${source} ${reason}`).toMatchObject({ checkId: check.id, status: "skip", evidence: { skip_reason: reason } });
      }
      const failed = { ...allAvailable(check), [source]: { ok: false, reason: "error", detail: "503 after retries" } } as SourceResults;
      expect(evaluateCheck(check, failed, now), `${check.id} with ${source} unreadable`).toMatchObject({ status: "error" });
    }
    if (check.licence) {
      const unlicensed = { ...allAvailable(check), licences: licences(false, false) } as SourceResults;
      expect(evaluateCheck(check, unlicensed, now)).toMatchObject({ status: "skip", evidence: { skip_reason: "not_licensed" } });
    }
    if (check.requiresIntune) {
      // Entra ID P1/P2 but no Intune: device compliance cannot exist, so the check is not licensed rather than failed.
      const noIntune = { ...allAvailable(check), licences: licences(true, true) } as SourceResults;
      const result = evaluateCheck(check, noIntune, now);
      expect(result).toMatchObject({ status: "skip", evidence: { skip_reason: "not_licensed" } });
      expect(result.message).toMatch(/Intune/);
    }
  });
});

describe("capEvidence", () => {
  it("keeps small evidence as it is and cuts large arrays, saying so", () => {
    expect(capEvidence({ a: 1 })).toEqual({ a: 1 });
    const big = Array.from({ length: 5_000 }, (_, i) => ({ upn: `user${i}@contoso.com` }));
    const capped = capEvidence(big) as { items: unknown[]; truncated: boolean; total: number };
    expect(capped.truncated).toBe(true);
    expect(capped.total).toBe(5_000);
    expect(capped.items.length).toBeGreaterThan(10);
    expect(Buffer.byteLength(JSON.stringify(capped))).toBeLessThanOrEqual(8 * 1024);
    const nested = capEvidence({ domains: big, note: "x" }) as { domains: { truncated: boolean } };
    expect(nested.domains.truncated).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(nested))).toBeLessThanOrEqual(8 * 1024);
  });
});

describe("runScan against the simulator", () => {
  let sim: Simulator;
  const inline = { run: <T>(_name: string, fn: () => Promise<T>) => fn() };

  beforeAll(async () => {
    sim = await startSimulator();
    await useSimulatorInProcess(sim, { GRAPH_MAX_RETRIES: "1" });
  });
  afterAll(() => sim.stop());
  beforeEach(() => clearTokenCache());

  async function scanFor(fixture: "well-configured" | "misconfigured" | "unlicensed", scanType: "compliance" | "exposure") {
    const tenant = await makeTenant();
    const guid = sim.registerTenant(fixture);
    await db().tenant.update({ where: { id: tenant.id }, data: { msTenantId: guid } });
    // The fixture's break-glass accounts, declared as its admin would (Conditional Access exclusions count only then).
    const { breakGlassUserIds: userIds, breakGlassGroupIds: groupIds } = FIXTURE_FACTS[fixture];
    if (userIds.length + groupIds.length > 0) await db().breakGlassSetting.create({ data: { tenantId: tenant.id, userIds, groupIds } });
    const scan = await db().scan.create({ data: { id: newId("scan"), tenantId: tenant.id, scanType, trigger: "api" } });
    return { job: { scanId: scan.id, tenantId: tenant.id, scanType }, guid };
  }

  it("stores one result per check, counts that match them, and the score, in one go", async () => {
    const { job } = await scanFor("misconfigured", "compliance");
    const outcome = await runScan(inline, job);
    expect(outcome.status).toBe("completed");
    const scan = await db().scan.findUniqueOrThrow({ where: { id: job.scanId } });
    const rows = await db().checkResult.findMany({ where: { scanId: job.scanId } });
    expect(rows.map((r) => r.checkId).sort()).toEqual(checksFor("compliance").map((c) => c.id).sort());
    const count = (s: string) => rows.filter((r) => r.status === s).length;
    expect({ pass: scan.passCount, fail: scan.failCount, skip: scan.skipCount, error: scan.errorCount }).toEqual({
      pass: count("pass"),
      fail: count("fail"),
      skip: count("skip"),
      error: count("error"),
    });
    expect(scan.failCount).toBeGreaterThan(0);
    const expected = Math.round((count("pass") / (count("pass") + count("fail"))) * 1000) / 10;
    expect(scan.score).toBeCloseTo(expected, 5);
    expect(scan).toMatchObject({ status: "completed", checksDone: rows.length, checksTotal: rows.length });
    expect(scan.completedAt).not.toBeNull();
  });

  it("skips exactly the checks of a source that answers 403, with the reason", async () => {
    const { job, guid } = await scanFor("well-configured", "compliance");
    sim.addFault(guid, { kind: "forbidden", path: "/policies/authorizationPolicy" });
    await runScan(inline, job);
    const rows = await db().checkResult.findMany({ where: { scanId: job.scanId } });
    const dependent = checksFor("compliance").filter((c) => (c.sources as readonly string[]).includes("authorizationPolicy")).map((c) => c.id);
    expect(dependent.length).toBeGreaterThan(0);
    // The fixture's own not-applicable results (C36: secrets are blocked outright) are not the fault's doing.
    const skipped = rows.filter((r) => r.status === "skip" && (r.evidence as { skip_reason?: string } | null)?.skip_reason !== "not_applicable");
    expect(skipped.map((r) => r.checkId).sort()).toEqual([...dependent].sort());
    for (const r of skipped) expect(r.message).toMatch(/missing permission/);
  });

  it("runs an unlicensed tenant to completion, skipping licence-gated checks", async () => {
    const { job } = await scanFor("unlicensed", "compliance");
    await runScan(inline, job);
    const scan = await db().scan.findUniqueOrThrow({ where: { id: job.scanId } });
    expect(scan.status).toBe("completed");
    const gated = checksFor("compliance").filter((c) => c.licence).map((c) => c.id);
    const rows = await db().checkResult.findMany({ where: { scanId: job.scanId, checkId: { in: gated } } });
    expect(rows.length).toBe(gated.length);
    expect(rows.every((r) => r.status === "skip" && /not licensed/.test(r.message))).toBe(true);
  });

  it("runs the exposure checks over Graph and DNS", async () => {
    const good = await scanFor("well-configured", "exposure");
    const bad = await scanFor("misconfigured", "exposure");
    await runScan(inline, good.job);
    await runScan(inline, bad.job);
    const goodScan = await db().scan.findUniqueOrThrow({ where: { id: good.job.scanId } });
    const badScan = await db().scan.findUniqueOrThrow({ where: { id: bad.job.scanId } });
    expect(goodScan.status).toBe("completed");
    expect(badScan.failCount).toBeGreaterThan(goodScan.failCount!);
    const dmarc = await db().checkResult.findFirstOrThrow({ where: { scanId: bad.job.scanId, checkId: "X05" } });
    expect(dmarc.status).toBe("fail");
  });

  it("marks the checks of a source that stays unavailable as error, judges the rest, and keeps them out of the score", async () => {
    const { job, guid } = await scanFor("well-configured", "compliance");
    sim.addFault(guid, { kind: "unavailable", path: "/policies/identitySecurityDefaultsEnforcementPolicy" });
    expect(await runScan(inline, job)).toMatchObject({ status: "completed" });
    const results = await db().checkResult.findMany({ where: { scanId: job.scanId } });
    const dependent = checksFor("compliance").filter((c) => (c.sources as readonly string[]).includes("securityDefaults")).map((c) => c.id).sort();
    expect(dependent.length).toBeGreaterThan(0);
    expect(results.filter((r) => r.status === "error").map((r) => r.checkId).sort()).toEqual(dependent);
    const scan = await db().scan.findUniqueOrThrow({ where: { id: job.scanId } });
    expect(scan.errorCount).toBe(dependent.length);
    expect(scan.passCount! + scan.failCount! + scan.skipCount! + scan.errorCount!).toBe(results.length);
    expect(scan.score).toBe(Math.round((scan.passCount! / (scan.passCount! + scan.failCount!)) * 1000) / 10);
  });

  it("throws (for the driver to retry or fail) when nothing at all can be read, and writes no results", async () => {
    const { job, guid } = await scanFor("well-configured", "compliance");
    sim.addFault(guid, { kind: "unavailable", path: "*" });
    await expect(runScan(inline, job)).rejects.toMatchObject({ kind: "unavailable" });
    expect(await db().checkResult.count({ where: { scanId: job.scanId } })).toBe(0);
    expect(await markScanFailed(job, "GRAPH_UNAVAILABLE", "down")).toBe(true);
    expect(await db().scan.findUniqueOrThrow({ where: { id: job.scanId } })).toMatchObject({ status: "failed", errorCode: "GRAPH_UNAVAILABLE" });
  });

  it("does nothing for a scan that is no longer in progress", async () => {
    const { job } = await scanFor("well-configured", "compliance");
    await markScanFailed(job, "SCAN_TIMED_OUT", "late");
    expect(await runScan(inline, job)).toMatchObject({ status: "skipped" });
    expect(await db().checkResult.count({ where: { scanId: job.scanId } })).toBe(0);
  });
});

describe("reapStuckScans", () => {
  it("fails in-progress scans older than the timeout and only those", async () => {
    const tenant = await makeTenant();
    const old = await db().scan.create({ data: { id: newId("scan"), tenantId: tenant.id, scanType: "compliance", trigger: "api", startedAt: new Date(Date.now() - 3_600_000) } });
    const fresh = await db().scan.create({ data: { id: newId("scan"), tenantId: tenant.id, scanType: "exposure", trigger: "api" } });
    const reaped = await reapStuckScans(new Date(), 1800);
    expect(reaped).toContain(old.id);
    expect(reaped).not.toContain(fresh.id);
    expect(await db().scan.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({ status: "failed", errorCode: "SCAN_TIMED_OUT" });
    expect(await db().scan.findUniqueOrThrow({ where: { id: fresh.id } })).toMatchObject({ status: "in_progress" });
  });
});
