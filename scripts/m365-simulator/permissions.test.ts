import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MicrosoftConfig } from "@/lib/microsoft/config";
import { createResolver } from "@/lib/microsoft/dns";
import { GraphClient } from "@/lib/microsoft/graph";
import { requiredPermissions } from "@/lib/scans/checks/catalog";
import { PERMISSION_FIXTURE, PERMISSION_SKIPS, permissionMismatches, type PermissionOutcome } from "@/lib/scans/checks/permission-expectations";
import { CHECKS } from "@/lib/scans/checks/registry";
import { evaluateCheck } from "@/lib/scans/run";
import { fetchSources } from "@/lib/scans/sources";
import { GRANTED_APP_ROLES } from "./catalog";
import { ROUTE_TEMPLATES } from "./graph";
import { FIXTURE_FACTS, startSimulator, type Simulator } from "./index";
import { ROUTE_PERMISSIONS } from "./permissions";

/*
 * The in-process twin of tests/http/permissions.test.ts: the engine's own fetchSources + evaluateCheck against the
 * simulator, once with every permission and once per permission taken away, compared with the hand-written table.
 */
let sim: Simulator;
let config: MicrosoftConfig;

beforeAll(async () => {
  sim = await startSimulator();
  config = { authorityHost: sim.authorityUrl, graphBaseUrl: sim.graphUrl, clientId: sim.clientId, clientSecret: sim.clientSecret, timeoutMs: 5_000, maxRetries: 1, concurrencyPerTenant: 4 };
});
afterAll(() => sim.stop());

async function scan(permissions: readonly string[]): Promise<Map<string, PermissionOutcome>> {
  const guid = sim.registerTenant(PERMISSION_FIXTURE, undefined, { permissions });
  const { breakGlassUserIds, breakGlassGroupIds } = FIXTURE_FACTS[PERMISSION_FIXTURE];
  const wanted = [...new Set(CHECKS.flatMap((c) => c.sources))];
  const sources = await fetchSources(new GraphClient(config, guid), createResolver([sim.dnsServer]), wanted, undefined, {
    userIds: [...breakGlassUserIds],
    groupIds: [...breakGlassGroupIds],
  });
  const now = new Date();
  return new Map(
    CHECKS.map((check) => {
      const r = evaluateCheck(check, sources, now);
      const skipReason = r.status === "skip" ? ((r.evidence as { skip_reason?: string } | null)?.skip_reason ?? null) : null;
      return [check.id, { status: r.status, skipReason, message: r.message }];
    }),
  );
}

describe("the simulator's permission map", () => {
  it("has an entry for every Graph route", () => {
    const unmapped = ROUTE_TEMPLATES.filter((template) => !ROUTE_PERMISSIONS[template]);
    expect(unmapped, "add these route templates to scripts/m365-simulator/permissions.ts with the permissions their Graph docs list").toEqual([]);
  });

  it("has no entry for a route that does not exist", () => {
    expect(Object.keys(ROUTE_PERMISSIONS).filter((template) => !ROUTE_TEMPLATES.includes(template))).toEqual([]);
  });
});

describe("removing one permission skips exactly its checks (in-process)", () => {
  it("has a row for every permission the catalog needs, and the simulator's app is granted all of them", () => {
    expect(requiredPermissions().filter((p) => !PERMISSION_SKIPS[p]), "add rows to PERMISSION_SKIPS").toEqual([]);
    expect(requiredPermissions().filter((p) => !GRANTED_APP_ROLES.includes(p)), "add to GRANTED_APP_ROLES").toEqual([]);
    const known = new Set(CHECKS.map((c) => c.id));
    expect(Object.values(PERMISSION_SKIPS).flat().filter((id) => !known.has(id)), "PERMISSION_SKIPS names checks that do not exist").toEqual([]);
  });

  it("each permission taken away skips the checks its row names, and changes nothing else", async () => {
    const baseline = await scan(GRANTED_APP_ROLES);
    // A check that evaluated and found itself not applicable (C36 when secrets are blocked) has concluded too.
    const baselineSkips = [...baseline]
      .filter(([, r]) => (r.status === "skip" && r.skipReason !== "not_applicable") || r.status === "error")
      .map(([id, r]) => `${id} ${r.status}: ${r.message}`);
    expect(baselineSkips, `every check concludes on ${PERMISSION_FIXTURE} with every permission`).toEqual([]);
    const runs = await Promise.all(requiredPermissions().map(async (permission) => ({ permission, got: await scan(GRANTED_APP_ROLES.filter((p) => p !== permission)) })));
    expect(runs.flatMap(({ permission, got }) => permissionMismatches(permission, baseline, got))).toEqual([]);
  });

  it("a table that is wrong fails (the comparison can fail)", async () => {
    const baseline = await scan(GRANTED_APP_ROLES);
    const got = await scan(GRANTED_APP_ROLES.filter((p) => p !== "AccessReview.Read.All"));
    expect(permissionMismatches("AccessReview.Read.All", baseline, got)).toEqual([]);
    // Pretending the same run lost Policy.Read.All instead: its expected skips did not happen, and C25/C26 are extra.
    const wrong = permissionMismatches("Policy.Read.All", baseline, got).join("\n");
    expect(wrong).toMatch(/also skipped with missing_permission, add to its row: C25, C26/);
    expect(wrong).toMatch(/did not skip with missing_permission.*C01/);
  });
});
