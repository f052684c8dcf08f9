import { describe, expect, it } from "vitest";
import { newId } from "@/lib/ids";
import { PLANS } from "@/lib/tenants/plans";
import { api, makeToken, setupAppDb } from "../helpers";
import { makeTenantWithSlowScans } from "../simulator-client";

// The trigger's limits must hold under concurrency. Meaningful on PostgreSQL (CI sets TEST_DATABASE_URL);
// PGlite serialises every connection, so there it can only show that nothing breaks.
const db = setupAppDb();

async function burst(token: string, count: number) {
  return Promise.all(
    Array.from({ length: count }, (_, i) => api("/tenants/me/scans", { token, method: "POST", body: { scan_type: i % 2 === 0 ? "compliance" : "exposure" } })),
  );
}

function tally(results: { status: number; body: any }[]) { // eslint-disable-line @typescript-eslint/no-explicit-any
  const byStatus: Record<number, number> = {};
  for (const r of results) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
  return byStatus;
}

describe("200 simultaneous POSTs for one tenant", () => {
  it("start exactly one scan per type; every other request is a clean 409", async () => {
    const tenant = await makeTenantWithSlowScans("enterprise");
    const token = await makeToken(tenant.id);
    const results = await burst(token, 200);
    expect(tally(results)).toEqual({ 201: 2, 409: 198 });
    const started = results.filter((r) => r.status === 201).map((r) => r.body.data.scan_type).sort();
    expect(started).toEqual(["compliance", "exposure"]);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.error.code).toBe("SCAN_ALREADY_RUNNING");
    const rows = await db().scan.findMany({ where: { tenantId: tenant.id } });
    expect(rows.map((s) => s.scanType).sort()).toEqual(["compliance", "exposure"]);
    expect((await api("/tenants/me/scans", { token })).body.meta.total).toBe(2);
  });

  it("never exceed the plan quota: with one scan left, exactly one starts and the rest get 409/429", async () => {
    const tenant = await makeTenantWithSlowScans("free");
    const token = await makeToken(tenant.id);
    const limit = PLANS.free.scansPerPeriod;
    await db().scan.createMany({
      data: Array.from({ length: limit - 1 }, () => ({ id: newId("scan"), tenantId: tenant.id, scanType: "compliance" as const, status: "completed" as const, trigger: "api" as const })),
    });
    const results = await burst(token, 200);
    const counts = tally(results);
    expect(counts[201]).toBe(1);
    expect(counts[500]).toBeUndefined();
    expect((counts[409] ?? 0) + (counts[429] ?? 0)).toBe(199);
    expect(counts[429]).toBeGreaterThan(0);
    for (const r of results.filter((x) => x.status >= 400)) expect(["SCAN_ALREADY_RUNNING", "SCAN_PLAN_LIMIT_REACHED"]).toContain(r.body.error.code);
    expect(await db().scan.count({ where: { tenantId: tenant.id, status: { not: "failed" } } })).toBe(limit);
  });

  it("keep tenants independent: simultaneous bursts for two tenants start one scan per type each", async () => {
    const a = await makeTenantWithSlowScans("pro");
    const b = await makeTenantWithSlowScans("pro");
    const [ra, rb] = await Promise.all([burst(await makeToken(a.id), 60), burst(await makeToken(b.id), 60)]);
    expect(tally(ra)).toEqual({ 201: 2, 409: 58 });
    expect(tally(rb)).toEqual({ 201: 2, 409: 58 });
  });
});
