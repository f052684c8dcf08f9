import { describe, expect, inject, it } from "vitest";
import { createPrisma, setDb } from "@/lib/db";
import { getFleet } from "@/lib/dashboard/fleet";
import { getOverview } from "@/lib/dashboard/overview";
import { newId } from "@/lib/ids";
import { makeTenant, setupIsolatedDb } from "../../tests/helpers";

const db = setupIsolatedDb();

async function seedHistory(tenantId: string, scans: number) {
  for (let i = 0; i < scans; i++) {
    const scanType = i % 2 === 0 ? "compliance" : "exposure";
    const scan = await db().scan.create({
      data: { id: newId("scan"), tenantId, scanType, trigger: "schedule", status: "completed", startedAt: new Date(Date.now() - (scans - i) * 3_600_000), completedAt: new Date(), passCount: 3, failCount: 1 + (i % 3), skipCount: 0, score: 50 + i },
    });
    await db().checkResult.createMany({
      data: ["C01", "C02", "C03"].map((checkId, k) => ({ id: newId("checkResult"), scanId: scan.id, tenantId, checkId, status: k <= i % 3 ? "fail" : "pass", severity: "high", message: "m" })),
    });
  }
}

/** Runs fn with a client that counts every SQL statement it sends (model operations and raw SQL alike). */
async function countQueries(fn: () => Promise<unknown>): Promise<number> {
  let count = 0;
  const counting = createPrisma(inject("databaseUrl"), { schema: db.schema, max: 4, logQueries: true });
  (counting as unknown as { $on(event: "query", cb: () => void): void }).$on("query", () => count++);
  setDb(counting);
  try {
    await fn();
  } finally {
    setDb(db());
    await counting.$disconnect();
  }
  return count;
}

describe("the overview", () => {
  it("sends the same number of queries for a short and a long history", async () => {
    const short = await makeTenant();
    const long = await makeTenant();
    await seedHistory(short.id, 4);
    await seedHistory(long.id, 40);
    const a = await countQueries(() => getOverview(short.id));
    const b = await countQueries(() => getOverview(long.id));
    expect(b).toBe(a);
    expect(a).toBeGreaterThan(5); // the counter sees the queries at all
    expect(a).toBeLessThan(20);
  });

  it("reports the score change, failing checks by severity and the points where the failing set changed", async () => {
    const tenant = await makeTenant();
    await seedHistory(tenant.id, 6);
    const overview = await getOverview(tenant.id);
    const compliance = overview.types.find((t) => t.scanType === "compliance")!;
    expect(compliance.history.map((p) => p.score)).toEqual([50, 52, 54]);
    expect(compliance.change).toBe(2);
    // compliance scans i = 0, 2, 4 fail 1, 3, 2 checks: the failing set changes at every point after the first
    expect(compliance.history.map((p) => p.failingChanged)).toEqual([false, true, true]);
    expect(compliance.failingBySeverity.high).toBe(2);
    expect(compliance.drift?.newly_passing.map((e) => e.check_id)).toEqual(["C03"]);
  });

  it("keeps the fleet to a fixed number of queries however many tenants", async () => {
    const few = [await makeTenant(), await makeTenant()];
    const many = await Promise.all(Array.from({ length: 8 }, () => makeTenant()));
    for (const t of [...few, ...many]) await seedHistory(t.id, 4);
    const a = await countQueries(() => getFleet(few.map((t) => t.id)));
    const b = await countQueries(() => getFleet(many.map((t) => t.id)));
    expect(a).toBeGreaterThanOrEqual(5);
    expect(b).toBe(a);
    const rows = await getFleet(few.map((t) => t.id));
    expect(rows).toHaveLength(2);
    expect(rows[0]!.compliance).toMatchObject({ score: 52, change: 2 });
  });
});
