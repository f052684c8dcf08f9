import { describe, expect, it } from "vitest";
import { findBreakGlassCandidates, updateBreakGlass } from "@/lib/break-glass/service";
import { newId } from "@/lib/ids";
import { makeTenant, setupIsolatedDb } from "../../tests/helpers";

const db = setupIsolatedDb();
const actor = { type: "system" as const, id: "test" };
const BG_USER = "aaaaaaaa-0000-4000-8000-000000000001";
const BG_GROUP = "aaaaaaaa-0000-4000-8000-000000000002";
const ODD_USER = "aaaaaaaa-0000-4000-8000-000000000003";

async function completedScan(tenantId: string, results: { checkId: string; evidence: unknown }[], scanType: "compliance" | "exposure" = "compliance") {
  const scan = await db().scan.create({ data: { id: newId("scan"), tenantId, scanType, trigger: "api", status: "completed", completedAt: new Date() } });
  for (const r of results) {
    await db().checkResult.create({ data: { id: newId("checkResult"), scanId: scan.id, tenantId, checkId: r.checkId, status: "fail", severity: "high", message: "m", evidence: r.evidence as object } });
  }
  return scan;
}

const miss = (displayName: string, users: string[], groups: string[] = []) => ({ displayName, excludes: { users, groups, roles: [], guestsOrExternalUsers: false, applications: [] } });

describe("findBreakGlassCandidates", () => {
  it("lists what the latest compliance scan saw excluded and undeclared, most-excluded first, each policy once", async () => {
    const tenant = await makeTenant();
    expect(await findBreakGlassCandidates(tenant.id)).toBeNull();
    await completedScan(tenant.id, [
      { checkId: "C01", evidence: { nearMisses: [miss("CA001", [BG_USER.toUpperCase(), ODD_USER], [BG_GROUP])] } },
      { checkId: "C02", evidence: { nearMisses: [miss("CA002", [BG_USER], [BG_GROUP]), miss("CA001", [BG_USER])] } },
      { checkId: "C03", evidence: { nearMisses: [miss("CA003", ["GuestsOrExternalUsers", BG_USER])] } },
      { checkId: "C05", evidence: null },
    ]);
    const found = await findBreakGlassCandidates(tenant.id);
    expect(found!.candidates).toEqual([
      { kind: "user", id: BG_USER, policies: ["CA001", "CA002", "CA003"] },
      { kind: "group", id: BG_GROUP, policies: ["CA001", "CA002"] },
      { kind: "user", id: ODD_USER, policies: ["CA001"] },
    ]);

    await updateBreakGlass(tenant.id, { user_ids: [BG_USER], group_ids: [BG_GROUP] }, actor);
    expect((await findBreakGlassCandidates(tenant.id))!.candidates).toEqual([{ kind: "user", id: ODD_USER, policies: ["CA001"] }]);
  });

  it("reads only the tenant's own latest completed compliance scan", async () => {
    const tenant = await makeTenant();
    const other = await makeTenant();
    await completedScan(other.id, [{ checkId: "C01", evidence: { nearMisses: [miss("theirs", [ODD_USER])] } }]);
    await completedScan(tenant.id, [{ checkId: "X01", evidence: { nearMisses: [miss("exposure", [ODD_USER])] } }], "exposure");
    expect(await findBreakGlassCandidates(tenant.id)).toBeNull();
    const older = await completedScan(tenant.id, [{ checkId: "C01", evidence: { nearMisses: [miss("old", [ODD_USER])] } }]);
    await db().scan.update({ where: { id: older.id }, data: { startedAt: new Date(Date.now() - 86_400_000) } });
    const latest = await completedScan(tenant.id, [{ checkId: "C01", evidence: { nearMisses: [] } }]);
    expect(await findBreakGlassCandidates(tenant.id)).toMatchObject({ scanId: latest.id, candidates: [] });
  });
});
