import { describe, expect, it } from "vitest";
import pg from "pg";
import { inject } from "vitest";
import { newId } from "@/lib/ids";
import { cachedScanPages, scanListBody } from "@/lib/scans/list-cache";
import { makeTenant, setupIsolatedDb } from "../../tests/helpers";

const db = setupIsolatedDb();
const query = { page: 1, limit: 20 } as const;

async function listed(tenantId: string, q: Parameters<typeof scanListBody>[1] = query) {
  return JSON.parse(await scanListBody(tenantId, q)) as { data: { id: string; status: string; progress: { checks_done: number } }[]; meta: { total: number } };
}

async function addScan(tenantId: string, status: "completed" | "in_progress" = "completed") {
  return db().scan.create({ data: { id: newId("scan"), tenantId, scanType: "compliance", status, trigger: "api", startedAt: new Date() } });
}

/** Runs SQL on a connection of its own: another app instance, or an operator's psql. */
async function elsewhere(sql: string, values: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: inject("databaseUrl") });
  await client.connect();
  try {
    await client.query(`SET search_path TO "${db.schema}"`);
    await client.query(sql, values);
  } finally {
    await client.end();
  }
}

describe("the scan-list page cache", () => {
  it("serves a page from the cache while nothing changed (a change that bypasses the version is not seen)", async () => {
    const tenant = await makeTenant();
    const scan = await addScan(tenant.id);
    expect((await listed(tenant.id)).data.map((s) => s.id)).toEqual([scan.id]);
    // With the version trigger off, a change is invisible to a cached page: proof the page is really cached (so the
    // tests below, which expect changes to show, could fail).
    await elsewhere(`ALTER TABLE scans DISABLE TRIGGER scans_version_update`);
    try {
      await elsewhere(`UPDATE scans SET checks_done = 7 WHERE id = $1`, [scan.id]);
      expect((await listed(tenant.id)).data[0]!.progress.checks_done).toBe(0);
    } finally {
      await elsewhere(`ALTER TABLE scans ENABLE TRIGGER scans_version_update`);
    }
  });

  it("shows every committed change at the next read: progress, a new scan, completion, deletion — from any connection", async () => {
    const tenant = await makeTenant();
    const first = await addScan(tenant.id, "in_progress");
    expect((await listed(tenant.id)).meta.total).toBe(1);

    await elsewhere(`UPDATE scans SET checks_done = 3 WHERE id = $1`, [first.id]);
    expect((await listed(tenant.id)).data[0]!.progress.checks_done).toBe(3);

    const second = await addScan(tenant.id);
    const afterInsert = await listed(tenant.id);
    expect(afterInsert.meta.total).toBe(2);
    expect(afterInsert.data.map((s) => s.id)).toContain(second.id);

    await db().scan.update({ where: { id: first.id }, data: { status: "completed", completedAt: new Date(), passCount: 1, failCount: 0, skipCount: 0, score: 100 } });
    expect((await listed(tenant.id)).data.find((s) => s.id === first.id)!.status).toBe("completed");
    expect((await listed(tenant.id, { ...query, status: "in_progress" })).meta.total).toBe(0);

    await elsewhere(`DELETE FROM scans WHERE id = $1`, [second.id]);
    const afterDelete = await listed(tenant.id);
    expect(afterDelete.meta.total).toBe(1);
    expect(afterDelete.data.map((s) => s.id)).toEqual([first.id]);
  });

  it("keeps tenants apart: a change to one tenant's scans does not touch another's page, and pages never cross", async () => {
    const [a, b] = [await makeTenant(), await makeTenant()];
    const scanA = await addScan(a.id);
    expect((await listed(a.id)).data.map((s) => s.id)).toEqual([scanA.id]);
    expect((await listed(b.id)).data).toEqual([]);
    const scanB = await addScan(b.id);
    expect((await listed(b.id)).data.map((s) => s.id)).toEqual([scanB.id]);
    expect((await listed(a.id)).data.map((s) => s.id)).toEqual([scanA.id]);
  });

  it("is bounded: many distinct pages never grow it past its entry limit", async () => {
    const tenant = await makeTenant();
    await addScan(tenant.id);
    for (let page = 1; page <= 2_100; page += 1) await scanListBody(tenant.id, { page, limit: 1 });
    expect(cachedScanPages()).toBeLessThanOrEqual(2_000);
  }, 120_000);

  it("drops a deleted tenant's pages (its scans are gone with it)", async () => {
    const tenant = await makeTenant();
    await addScan(tenant.id);
    expect((await listed(tenant.id)).meta.total).toBe(1);
    await db().tenant.delete({ where: { id: tenant.id } });
    expect((await listed(tenant.id)).meta.total).toBe(0);
  });
});
