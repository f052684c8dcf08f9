import { describe, expect, it } from "vitest";
import { z } from "zod";
import { planScheduleDefaults } from "@/lib/schedules/plan-slot";
import { scheduleResourceSchema } from "@/lib/schedules/schemas";
import { PLANS } from "@/lib/tenants/plans";
import { api, makeTenant, makeToken, setupAppDb } from "../helpers";

// The Scheduled Scans API over real HTTP (shared/spec/scheduled-scans-api.md).
const db = setupAppDb();
const BASE = "/tenants/me/scheduled-scans";

async function tenantWithToken(plan: "free" | "pro" | "enterprise" = "pro", scopes?: Parameters<typeof makeToken>[1]) {
  const tenant = await makeTenant({ plan });
  return { tenant, token: await makeToken(tenant.id, scopes) };
}

const weekly = { name: "Weekly exposure scan", frequency: "weekly", hour: 6, minute: 0, dayOfWeek: 3, timezone: "Europe/London", scanType: "exposure" };

function expectError(res: { status: number; body: any }, status: number, code: string) { // eslint-disable-line @typescript-eslint/no-explicit-any
  expect({ status: res.status, success: res.body?.success, code: res.body?.error?.code }).toEqual({ status, success: false, code });
}

describe("GET /tenants/me/scheduled-scans", () => {
  it("always lists the automatic plan scan first, shaped as documented", async () => {
    const { token, tenant } = await tenantWithToken("free");
    const res = await api(BASE, { token });
    expect(res.status).toBe(200);
    z.array(scheduleResourceSchema).parse(res.body.data);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0]).toMatchObject({
      id: "plan",
      isPlanSchedule: true,
      name: "Automatic plan scan",
      frequency: PLANS.free.planSchedule.frequency,
      scanType: PLANS.free.planSchedule.scanType,
      // Each tenant's own slot of the day (and day of the week), not 00:00 UTC for all (lib/schedules/plan-slot.ts).
      hour: planScheduleDefaults(tenant.id).hour,
      minute: planScheduleDefaults(tenant.id).minute,
      dayOfWeek: planScheduleDefaults(tenant.id).dayOfWeek,
      timezone: "UTC",
      enabled: true,
      lastTriggeredAt: null,
    });
    // A new tenant's first automatic scan is at least a day away (onboarding starts the first scan itself).
    expect(Date.parse(res.body.data[0].nextRunAt)).toBeGreaterThan(Date.now() + 24 * 3_600_000);
    expect(await db().scheduledScan.count({ where: { tenantId: tenant.id, isPlanSchedule: true } })).toBe(1); // created with the tenant
    await api(BASE, { token, method: "POST", body: weekly });
    const again = await api(BASE, { token });
    expect(again.body.data.map((s: { id: string }) => s.id)[0]).toBe("plan");
    expect(again.body.data).toHaveLength(2);
  });

  it("follows the tenant's plan for the plan schedule's frequency", async () => {
    const { token, tenant } = await tenantWithToken("free");
    expect((await api(BASE, { token })).body.data[0].frequency).toBe("weekly");
    await db().tenant.update({ where: { id: tenant.id }, data: { plan: "pro" } });
    expect((await api(BASE, { token })).body.data[0].frequency).toBe(PLANS.pro.planSchedule.frequency);
  });
});

describe("POST /tenants/me/scheduled-scans", () => {
  it("creates a schedule with the documented fields, enabled by default, and its next run", async () => {
    const { token } = await tenantWithToken();
    const res = await api(BASE, { token, method: "POST", body: { ...weekly, name: "  Weekly exposure scan  " } });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ ...weekly, isPlanSchedule: false, enabled: true, dayOfMonth: null, lastTriggeredAt: null });
    expect(res.body.data.id).toMatch(/^sched_[0-9A-Za-z]{16,}$/);
    const next = new Date(res.body.data.nextRunAt);
    expect(next.getUTCDay()).toBe(4); // Thursday = dayOfWeek 3 (0 = Monday)
    expect([5, 6]).toContain(next.getUTCHours()); // 06:00 London is 05:00Z in summer, 06:00Z in winter
  });

  it.each([
    [{ ...weekly, name: "" }, "name"],
    [{ ...weekly, name: "x".repeat(101) }, "name"],
    [{ ...weekly, name: "   " }, "name"],
    [{ ...weekly, frequency: "hourly" }, "frequency"],
    [{ ...weekly, hour: 24 }, "hour"],
    [{ ...weekly, hour: -1 }, "hour"],
    [{ ...weekly, hour: 1.5 }, "hour"],
    [{ ...weekly, minute: 60 }, "minute"],
    [{ ...weekly, dayOfWeek: 7 }, "dayOfWeek"],
    [{ ...weekly, dayOfWeek: undefined }, "dayOfWeek"],
    [{ ...weekly, frequency: "monthly" }, "dayOfMonth"],
    [{ ...weekly, frequency: "monthly", dayOfMonth: 32 }, "dayOfMonth"],
    [{ ...weekly, frequency: "monthly", dayOfMonth: 0 }, "dayOfMonth"],
    [{ ...weekly, timezone: "Mars/Olympus" }, "timezone"],
    [{ ...weekly, timezone: "" }, "timezone"],
    [{ ...weekly, scanType: "full" }, "scanType"],
    [{ ...weekly, enabled: "yes" }, "enabled"],
    [{ ...weekly, color: "blue" }, "color"],
    [{ ...weekly, tenantId: "t_other" }, "tenantId"],
  ])("400 VALIDATION_ERROR naming %j's bad field", async (body, field) => {
    const { token, tenant } = await tenantWithToken();
    const res = await api(BASE, { token, method: "POST", body });
    expectError(res, 400, "VALIDATION_ERROR");
    expect(JSON.stringify(res.body.error.details)).toContain(field);
    expect(await db().scheduledScan.count({ where: { tenantId: tenant.id, isPlanSchedule: false } })).toBe(0);
  });

  it("accepts UTC, Europe/London and Asia/Kathmandu", async () => {
    const { token } = await tenantWithToken("enterprise");
    for (const timezone of ["UTC", "Europe/London", "Asia/Kathmandu"]) {
      expect((await api(BASE, { token, method: "POST", body: { ...weekly, timezone } })).status).toBe(201);
    }
  });

  it("429 SCAN_PLAN_LIMIT_REACHED past the plan's custom-schedule limit", async () => {
    const { token } = await tenantWithToken("free");
    for (let i = 0; i < PLANS.free.customSchedules; i++) expect((await api(BASE, { token, method: "POST", body: weekly })).status).toBe(201);
    const refused = await api(BASE, { token, method: "POST", body: weekly });
    expectError(refused, 429, "SCAN_PLAN_LIMIT_REACHED");
    expect(refused.body.error.details).toEqual({ limit: PLANS.free.customSchedules, used: PLANS.free.customSchedules });
  });

  it("keeps the limit under 40 simultaneous creates", async () => {
    const { token, tenant } = await tenantWithToken("pro");
    const results = await Promise.all(Array.from({ length: 40 }, () => api(BASE, { token, method: "POST", body: weekly })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(PLANS.pro.customSchedules);
    expect(results.filter((r) => r.status === 429)).toHaveLength(40 - PLANS.pro.customSchedules);
    expect(await db().scheduledScan.count({ where: { tenantId: tenant.id, isPlanSchedule: false } })).toBe(PLANS.pro.customSchedules);
  });
});

describe("PATCH /tenants/me/scheduled-scans/{id}", () => {
  it("updates only the given fields, recomputes nextRunAt, and pausing clears it", async () => {
    const { token } = await tenantWithToken();
    const created = (await api(BASE, { token, method: "POST", body: weekly })).body.data;
    const moved = await api(`${BASE}/${created.id}`, { token, method: "PATCH", body: { hour: 8 } });
    expect(moved.status).toBe(200);
    expect(moved.body.data).toMatchObject({ ...weekly, hour: 8, id: created.id });
    expect(moved.body.data.nextRunAt).not.toBe(created.nextRunAt);
    const paused = await api(`${BASE}/${created.id}`, { token, method: "PATCH", body: { enabled: false } });
    expect(paused.body.data).toMatchObject({ enabled: false, nextRunAt: null, hour: 8 });
    const resumed = await api(`${BASE}/${created.id}`, { token, method: "PATCH", body: { enabled: true } });
    expect(Date.parse(resumed.body.data.nextRunAt)).toBeGreaterThan(Date.now());
  });

  it("validates the merged schedule: weekly without a dayOfWeek on record is a 400 and nothing changes", async () => {
    const { token } = await tenantWithToken();
    const monthly = (await api(BASE, { token, method: "POST", body: { ...weekly, frequency: "monthly", dayOfWeek: undefined, dayOfMonth: 1 } })).body.data;
    const res = await api(`${BASE}/${monthly.id}`, { token, method: "PATCH", body: { frequency: "weekly" } });
    expectError(res, 400, "VALIDATION_ERROR");
    expect(JSON.stringify(res.body.error.details)).toContain("dayOfWeek");
    expect((await api(`${BASE}/${monthly.id}`, { token })).body.data).toMatchObject({ frequency: "monthly", dayOfMonth: 1 });
    expect((await api(`${BASE}/${monthly.id}`, { token, method: "PATCH", body: { frequency: "weekly", dayOfWeek: 4 } })).status).toBe(200);
  });

  it.each([[{}], [{ hour: 99 }], [{ timezone: "Mars/Olympus" }], [{ unknown: 1 }], [{ isPlanSchedule: true }]])("400 for %j", async (body) => {
    const { token } = await tenantWithToken();
    const created = (await api(BASE, { token, method: "POST", body: weekly })).body.data;
    expectError(await api(`${BASE}/${created.id}`, { token, method: "PATCH", body }), 400, "VALIDATION_ERROR");
  });

  it("lets admins pause and move the plan schedule but not change its frequency, scan type or name", async () => {
    const { token } = await tenantWithToken("pro");
    const res = await api(`${BASE}/plan`, { token, method: "PATCH", body: { hour: 3, minute: 30, timezone: "Asia/Kathmandu", enabled: false } });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ id: "plan", isPlanSchedule: true, hour: 3, minute: 30, timezone: "Asia/Kathmandu", enabled: false, nextRunAt: null });
    for (const body of [{ frequency: "monthly" }, { scanType: "exposure" }, { name: "Mine" }]) {
      const refused = await api(`${BASE}/plan`, { token, method: "PATCH", body });
      expectError(refused, 400, "VALIDATION_ERROR");
      expect(refused.body.error.details[0].field).toBe(Object.keys(body)[0]);
    }
    expect((await api(BASE, { token })).body.data[0]).toMatchObject({ frequency: PLANS.pro.planSchedule.frequency, hour: 3 });
  });

  it("404 for an unknown id or another tenant's schedule", async () => {
    const a = await tenantWithToken();
    const b = await tenantWithToken();
    const theirs = (await api(BASE, { token: b.token, method: "POST", body: weekly })).body.data;
    expectError(await api(`${BASE}/${theirs.id}`, { token: a.token, method: "PATCH", body: { hour: 1 } }), 404, "NOT_FOUND");
    expectError(await api(`${BASE}/sched_doesnotexist0000000`, { token: a.token, method: "PATCH", body: { hour: 1 } }), 404, "NOT_FOUND");
    expectError(await api(`/tenants/${b.tenant.id}/scheduled-scans`, { token: a.token }), 404, "NOT_FOUND");
    expect((await api(`${BASE}/${theirs.id}`, { token: b.token })).body.data.hour).toBe(6);
  });
});

describe("DELETE /tenants/me/scheduled-scans/{id}", () => {
  it("deletes the schedule and its runs and answers {success:true,data:null}", async () => {
    const { token, tenant } = await tenantWithToken();
    const created = (await api(BASE, { token, method: "POST", body: weekly })).body.data;
    await db().scheduleRun.create({ data: { id: "run_deltest" + created.id.slice(6, 20), scheduledScanId: created.id, tenantId: tenant.id, slot: new Date(), outcome: "skipped_running" } });
    const res = await api(`${BASE}/${created.id}`, { token, method: "DELETE" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ success: true, data: null });
    expect(await db().scheduleRun.count({ where: { scheduledScanId: created.id } })).toBe(0);
    expectError(await api(`${BASE}/${created.id}`, { token, method: "DELETE" }), 404, "NOT_FOUND");
  });

  it("refuses to delete the plan schedule with a clear 4xx and changes nothing", async () => {
    const { token } = await tenantWithToken();
    const before = (await api(BASE, { token })).body.data[0];
    const res = await api(`${BASE}/plan`, { token, method: "DELETE" });
    expectError(res, 400, "VALIDATION_ERROR");
    expect(res.body.error.message).toMatch(/cannot be deleted/);
    expect((await api(BASE, { token })).body.data[0]).toEqual(before);
  });
});

describe("scopes", () => {
  it("schedules:read lists, schedules:write changes; scans scopes do neither", async () => {
    const { tenant } = await tenantWithToken();
    const read = await makeToken(tenant.id, ["schedules:read"]);
    const scansOnly = await makeToken(tenant.id, ["scans:read", "scans:write"]);
    expect((await api(BASE, { token: read })).status).toBe(200);
    expectError(await api(BASE, { token: read, method: "POST", body: weekly }), 403, "FORBIDDEN");
    expectError(await api(BASE, { token: scansOnly }), 403, "FORBIDDEN");
    expectError(await api(`${BASE}/plan`, { token: read, method: "PATCH", body: { hour: 1 } }), 403, "FORBIDDEN");
    expectError(await api(BASE), 401, "UNAUTHORIZED");
  });
});

describe("POST /tenants/me/scheduled-scans/preview", () => {
  it("returns the next runs as UTC and local time with offset, across a DST change", async () => {
    const { token } = await tenantWithToken();
    const res = await api(`${BASE}/preview`, {
      token,
      method: "POST",
      body: { frequency: "daily", hour: 1, minute: 30, timezone: "Europe/London", count: 3, from: "2026-03-28T12:00:00Z" },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      { at: "2026-03-29T01:30:00.000Z", local: "2026-03-29T02:30:00+01:00" }, // 01:30 does not exist that night
      { at: "2026-03-30T00:30:00.000Z", local: "2026-03-30T01:30:00+01:00" },
      { at: "2026-03-31T00:30:00.000Z", local: "2026-03-31T01:30:00+01:00" },
    ]);
  });

  it("defaults to 5 runs from now and validates count and from", async () => {
    const { token } = await tenantWithToken();
    const res = await api(`${BASE}/preview`, { token, method: "POST", body: { frequency: "monthly", dayOfMonth: 31, hour: 0, minute: 0, timezone: "Asia/Kathmandu" } });
    expect(res.body.data).toHaveLength(5);
    expect(Date.parse(res.body.data[0].at)).toBeGreaterThan(Date.now());
    for (const body of [{ count: 0 }, { count: 501 }, { from: "yesterday" }, { timezone: "Mars/Olympus" }]) {
      const bad = await api(`${BASE}/preview`, { token, method: "POST", body: { frequency: "daily", hour: 0, minute: 0, timezone: "UTC", ...body } });
      expectError(bad, 400, "VALIDATION_ERROR");
    }
    expect((await api(`${BASE}/preview`, { token, method: "POST", body: { frequency: "daily", hour: 0, minute: 0, timezone: "UTC", count: 500 } })).body.data).toHaveLength(500);
  });
});

describe("GET /tenants/me/scheduled-scans/{id}/runs", () => {
  it("lists a schedule's runs newest first with exact totals; unknown id → 404", async () => {
    const { token, tenant } = await tenantWithToken();
    const created = (await api(BASE, { token, method: "POST", body: weekly })).body.data;
    await db().scheduleRun.createMany({
      data: [0, 1, 2].map((i) => ({ id: `run_t${i}${created.id.slice(6, 24)}`, scheduledScanId: created.id, tenantId: tenant.id, slot: new Date(Date.UTC(2026, 0, 1 + i * 7)), outcome: "skipped_quota" as const })),
    });
    const res = await api(`${BASE}/${created.id}/runs?limit=2`, { token });
    expect(res.body.meta).toEqual({ total: 3, page: 1, limit: 2 });
    expect(res.body.data.map((r: { slot: string }) => r.slot)).toEqual(["2026-01-15T00:00:00.000Z", "2026-01-08T00:00:00.000Z"]);
    expect(res.body.data[0]).toMatchObject({ scheduledScanId: created.id, outcome: "skipped_quota", scanId: null });
    expectError(await api(`${BASE}/sched_nope00000000000000/runs`, { token }), 404, "NOT_FOUND");
    expect((await api(`${BASE}/plan/runs`, { token })).body.meta.total).toBe(0);
  });
});

describe("the running app's scheduler", () => {
  it("fires a due schedule once through its tick: the run shows the started scan, and the schedule moves on", async () => {
    const { token } = await tenantWithToken();
    const created = (await api(BASE, { token, method: "POST", body: { ...weekly, scanType: "compliance" } })).body.data;
    const slot = new Date(Date.now() - 60_000);
    await db().scheduledScan.update({ where: { id: created.id }, data: { nextRunAt: slot } }); // as if the slot just passed
    const deadline = Date.now() + 15_000;
    let runs = (await api(`${BASE}/${created.id}/runs`, { token })).body;
    while (runs.meta.total === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      runs = (await api(`${BASE}/${created.id}/runs`, { token })).body;
    }
    expect(runs.meta.total).toBe(1);
    expect(runs.data[0]).toMatchObject({ slot: slot.toISOString(), outcome: "started" });
    const scan = await api(`/scans/${runs.data[0].scanId}`, { token });
    expect(scan.body.data).toMatchObject({ scan_type: "compliance", trigger: "schedule" });
    const after = (await api(`${BASE}/${created.id}`, { token })).body.data;
    expect(after.lastTriggeredAt).toBe(slot.toISOString());
    expect(Date.parse(after.nextRunAt)).toBeGreaterThan(Date.now());
    await new Promise((r) => setTimeout(r, 2_500)); // a few more ticks
    expect((await api(`${BASE}/${created.id}/runs`, { token })).body.meta.total).toBe(1);
  });
});
