import { describe, expect, it } from "vitest";
import type { FixtureExpectations } from "@/lib/scans/checks/fixture-expectations";
import { CHECKS } from "@/lib/scans/checks/registry";
import { api, setupAppDb } from "../helpers";
import { simulatedTenant, waitForScan } from "./scan-helpers";

/*
 * Every check, on every hand-written fixture, through the product's own path: a scan triggered over HTTP against the
 * Microsoft 365 simulator, results read from GET /scans/{id}/results. Expectations live beside the checks
 * (lib/scans/checks/<category>/fixture-expectations.ts).
 */
setupAppDb();

const modules = import.meta.glob<{ EXPECTATIONS: FixtureExpectations }>("../../lib/scans/checks/*/fixture-expectations.ts", { eager: true });
const EXPECTED: FixtureExpectations = Object.assign({}, ...Object.values(modules).map((m) => m.EXPECTATIONS));
const FIXTURES = ["well-configured", "misconfigured", "unlicensed"] as const;

type Result = { check_id: string; status: string; skip_reason: string | null; message: string };

async function resultsOf(fixture: (typeof FIXTURES)[number], scanType: "compliance" | "exposure"): Promise<Map<string, Result>> {
  const { token } = await simulatedTenant(fixture);
  const created = await api("/tenants/me/scans", { token, method: "POST", body: { scan_type: scanType } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const scan = await waitForScan(token, created.body.data.id);
  expect(scan.status, JSON.stringify(scan.error)).toBe("completed");
  const results: Result[] = [];
  for (let cursor: string | null = null; ; ) {
    const page = await api(`/scans/${scan.id}/results?limit=100${cursor ? `&cursor=${cursor}` : ""}`, { token });
    results.push(...page.body.data);
    cursor = page.body.meta?.next_cursor ?? null;
    if (!cursor) break;
  }
  return new Map(results.map((r) => [r.check_id, r]));
}

function outcome(r: Result): string {
  return r.status === "skip" ? `skip:${r.skip_reason}` : r.status;
}

describe("the check catalog on the simulator's fixtures", () => {
  it("has an expectation for every registered check", () => {
    const missing = CHECKS.map((c) => c.id).filter((id) => !EXPECTED[id]);
    expect(missing, "add these ids to their category's fixture-expectations.ts").toEqual([]);
  });

  for (const scanType of ["compliance", "exposure"] as const) {
    it.each(FIXTURES)(`${scanType} on %s: each check concludes what the fixture is built for`, async (fixture) => {
      const results = await resultsOf(fixture, scanType);
      const mismatches: string[] = [];
      for (const check of CHECKS.filter((c) => c.scanType === scanType)) {
        const want = EXPECTED[check.id]?.[fixture];
        const got = results.get(check.id);
        if (!want || !got) continue; // the test above names missing expectations
        const matches = want.includes(":") ? outcome(got) === want : got.status === want;
        if (!matches) mismatches.push(`${check.id}: expected ${want}, got ${outcome(got)} — ${got.message}`);
      }
      expect(mismatches).toEqual([]);
    });
  }
});
