import { beforeAll, describe, expect, it } from "vitest";
import { PERMISSION_FIXTURE, PERMISSION_SKIPS, permissionMismatches, type PermissionOutcome } from "@/lib/scans/checks/permission-expectations";
import { GRANTED_APP_ROLES } from "../../scripts/m365-simulator/catalog";
import { api, setupAppDb } from "../helpers";
import { simulatedTenant, waitForScan } from "./scan-helpers";

/*
 * The issue's promise, over HTTP against the simulator: removing one permission from a tenant skips exactly the
 * checks that need it with missing_permission, names the permission to grant, and changes no other check's outcome.
 * One tenant per permission the catalog lists (GET /checks/permissions) with that one taken away, plus one with every
 * permission as the baseline; expectations are the hand-written PERMISSION_SKIPS (lib/scans/checks/permission-expectations.ts).
 * scripts/m365-simulator/permissions.test.ts is the same comparison in-process.
 */
setupAppDb();

type Connected = Awaited<ReturnType<typeof simulatedTenant>>;
type Result = { check_id: string; status: string; skip_reason: string | null; message: string };

const CONCURRENT_SCANS = 4;
let permissions: string[] = [];
let baseline: Connected;
const withoutOne = new Map<string, Connected>();

async function resultsOf(token: string, scanType: "compliance" | "exposure"): Promise<Map<string, PermissionOutcome>> {
  const created = await api("/tenants/me/scans", { token, method: "POST", body: { scan_type: scanType } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const scan = await waitForScan(token, created.body.data.id, 90_000);
  expect(scan.status, JSON.stringify(scan.error)).toBe("completed");
  const results: Result[] = [];
  for (let cursor: string | null = null; ; ) {
    const page = await api(`/scans/${scan.id}/results?limit=100${cursor ? `&cursor=${cursor}` : ""}`, { token });
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    results.push(...page.body.data);
    cursor = page.body.meta?.next_cursor ?? null;
    if (!cursor) break;
  }
  return new Map(results.map((r) => [r.check_id, { status: r.status, skipReason: r.skip_reason, message: r.message }]));
}

/** Runs `work` over `items`, at most `limit` at a time (the app runs scans inline; two cores are shared). */
async function pooled<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await work(items[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

beforeAll(async () => {
  baseline = await simulatedTenant(PERMISSION_FIXTURE);
  const listed = await api("/checks/permissions", { token: baseline.token });
  expect(listed.status).toBe(200);
  permissions = listed.body.data as string[];
  for (const permission of permissions) {
    withoutOne.set(permission, await simulatedTenant(PERMISSION_FIXTURE, { permissions: GRANTED_APP_ROLES.filter((p) => p !== permission) }));
  }
}, 120_000);

describe("removing one Graph permission skips exactly the checks that need it", () => {
  it("has an expectation row for every permission GET /checks/permissions lists", () => {
    expect(permissions.length).toBeGreaterThan(0);
    expect(permissions.filter((p) => !PERMISSION_SKIPS[p]), "add rows to PERMISSION_SKIPS").toEqual([]);
  });

  for (const scanType of ["compliance", "exposure"] as const) {
    it(`${scanType}: each permission taken away skips its row with missing_permission, naming it, and changes nothing else`, async () => {
      const full = await resultsOf(baseline.token, scanType);
      // A check that found itself not applicable (C36 when secrets are blocked) has concluded too.
      const notConcluded = [...full]
        .filter(([, r]) => (r.status === "skip" && r.skipReason !== "not_applicable") || r.status === "error")
        .map(([id, r]) => `${id} ${r.status}: ${r.message}`);
      expect(notConcluded, `every ${scanType} check concludes on ${PERMISSION_FIXTURE} with every permission`).toEqual([]);
      const mismatches = await pooled(permissions, CONCURRENT_SCANS, async (permission) =>
        permissionMismatches(permission, full, await resultsOf(withoutOne.get(permission)!.token, scanType)),
      );
      expect(mismatches.flat()).toEqual([]);
    }, 240_000);
  }
});
