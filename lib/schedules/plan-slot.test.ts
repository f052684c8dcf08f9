import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createPrisma, setDb, type Db } from "@/lib/db";
import { listMigrations, migrate } from "@/lib/db/migrate";
import { newId } from "@/lib/ids";
import { nextRunAfter } from "@/lib/schedules/next-run";
import { MINUTES_PER_DAY, planScheduleDefaults, planSlotHash } from "@/lib/schedules/plan-slot";
import { listSchedules, updateSchedule } from "@/lib/schedules/service";
import { makeTenant } from "../../tests/helpers";
import { dropSchema, newSchemaName } from "../../tests/test-db";

// The spread default of the automatic plan scan, and the migration that moves existing schedules onto it. The
// migration is applied the way production applies it: by lib/db/migrate.ts onto a schema that has every earlier
// migration and data in it.
const MIGRATION = "20261210010000_spread_plan_schedules";
const url = inject("databaseUrl");
const schema = newSchemaName("spread");
let db: Db;
let before: string; // a migrations folder without this migration: the database as it was before the release
const actor = { type: "system" as const, id: "test" };

beforeAll(async () => {
  before = await mkdtemp(path.join(tmpdir(), "migrations-"));
  for (const m of await listMigrations()) {
    if (m.name < MIGRATION) await cp(path.join("prisma/migrations", m.name), path.join(before, m.name), { recursive: true });
  }
  await migrate({ connectionString: url, schema, migrationsDir: before });
  db = createPrisma(url, { schema, max: 5 });
  setDb(db);
});
afterAll(async () => {
  setDb(undefined);
  await db?.$disconnect();
  await dropSchema(url, schema);
  await rm(before, { recursive: true, force: true });
});

async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query(`SET LOCAL search_path TO "${schema}"`);
    const res = await client.query<T>(text, values);
    await client.query("COMMIT");
    return res.rows;
  } finally {
    await client.end();
  }
}

describe("planScheduleDefaults", () => {
  it("is stable per tenant and always a valid UTC cadence", () => {
    for (let i = 0; i < 2_000; i++) {
      const id = newId("tenant");
      const slot = planScheduleDefaults(id);
      expect(planScheduleDefaults(id)).toEqual(slot);
      expect(slot.timezone).toBe("UTC");
      expect(slot.hour).toBeGreaterThanOrEqual(0);
      expect(slot.hour).toBeLessThanOrEqual(23);
      expect(slot.minute).toBeGreaterThanOrEqual(0);
      expect(slot.minute).toBeLessThanOrEqual(59);
      expect(slot.dayOfWeek).toBeGreaterThanOrEqual(0);
      expect(slot.dayOfWeek).toBeLessThanOrEqual(6);
      expect(slot.dayOfMonth).toBeGreaterThanOrEqual(1);
      expect(slot.dayOfMonth).toBeLessThanOrEqual(28);
    }
  });

  it("spreads tenants uniformly over the hours of the day and the days of the week", () => {
    const n = 48_000;
    const hours = new Array<number>(24).fill(0);
    const days = new Array<number>(7).fill(0);
    const minutes = new Set<number>();
    for (let i = 0; i < n; i++) {
      const slot = planScheduleDefaults(newId("tenant"));
      hours[slot.hour]!++;
      days[slot.dayOfWeek]!++;
      minutes.add(slot.hour * 60 + slot.minute);
    }
    // Expected 2,000 per hour (sd ≈ 44) and ~6,857 per day (sd ≈ 76): ±15% is > 6 sd, yet a clumped spread fails.
    for (const count of hours) expect(Math.abs(count - n / 24)).toBeLessThan((n / 24) * 0.15);
    for (const count of days) expect(Math.abs(count - n / 7)).toBeLessThan((n / 7) * 0.15);
    expect(minutes.size).toBe(MINUTES_PER_DAY); // 33 tenants a minute on average: every minute is used
  });

  it("computes the same hash as the migration's SQL expression", async () => {
    const ids = Array.from({ length: 300 }, () => newId("tenant"));
    const rows = await sql<{ id: string; h: string }>(
      `SELECT id, ('x' || lpad(substr(md5(id), 1, 8), 16, '0'))::bit(64)::bigint AS h FROM unnest($1::text[]) AS id`,
      [ids],
    );
    expect(rows.map((r) => Number(r.h))).toEqual(ids.map(planSlotHash));
  });

  it("is what a new tenant's plan schedule gets", async () => {
    const tenant = await makeTenant({ plan: "free" });
    const [plan] = await listSchedules(tenant.id);
    const slot = planScheduleDefaults(tenant.id);
    expect(plan).toMatchObject({ ...slot, frequency: "weekly", enabled: true });
    expect(plan!.nextRunAt).toEqual(nextRunAfter({ ...slot, frequency: "weekly" }, new Date(plan!.createdAt.getTime() + 24 * 3_600_000)));
  });
});

type Row = { id: string; tenant_id: string; frequency: "daily" | "weekly" | "monthly"; hour: number; minute: number; day_of_week: number | null; day_of_month: number | null; timezone: string; enabled: boolean; next_run_at: Date | null; last_triggered_at: Date | null; created_at: Date };

describe(`migration ${MIGRATION}`, () => {
  it("moves untouched old defaults onto the tenant's slot, keeps edited, due and paused runs right, and is idempotent", async () => {
    const oldDefault = async (plan: "free" | "pro", patch: Record<string, unknown> = {}) => {
      const tenant = await makeTenant({ plan });
      const created = new Date(Date.now() - 3 * 86_400_000);
      const schedule = await db.scheduledScan.findFirstOrThrow({ where: { tenantId: tenant.id, isPlanSchedule: true } });
      const frequency = plan === "free" ? "weekly" : "daily";
      const next = nextRunAfter({ frequency, hour: 0, minute: 0, dayOfWeek: 0, timezone: "UTC" }, new Date());
      await db.scheduledScan.update({
        where: { id: schedule.id },
        data: { hour: 0, minute: 0, dayOfWeek: 0, dayOfMonth: 1, timezone: "UTC", createdAt: created, lastTriggeredAt: new Date(next.getTime() - (frequency === "weekly" ? 7 : 1) * 86_400_000), nextRunAt: next, ...patch },
      });
      return { tenant, schedule };
    };
    const daily: Awaited<ReturnType<typeof oldDefault>>[] = [];
    const weekly: typeof daily = [];
    for (let i = 0; i < 20; i++) daily.push(await oldDefault("pro"));
    for (let i = 0; i < 20; i++) weekly.push(await oldDefault("free"));
    const due = await oldDefault("pro", { nextRunAt: new Date(Date.now() - 3_600_000) }); // missed while down: must still fire
    const paused = await oldDefault("pro", { enabled: false, nextRunAt: null });
    const fresh = await oldDefault("pro", { createdAt: new Date(Date.now() - 3_600_000), lastTriggeredAt: null }); // never fired yet
    const edited = await oldDefault("pro");
    await updateSchedule(edited.tenant.id, "plan", { hour: 0, minute: 0 }, actor); // an admin chose 00:00 UTC on purpose
    const editedBefore = await db.scheduledScan.findUniqueOrThrow({ where: { id: edited.schedule.id } });
    const custom = await db.scheduledScan.create({
      data: { id: newId("scheduledScan"), tenantId: daily[0]!.tenant.id, name: "Midnight", frequency: "daily", hour: 0, minute: 0, dayOfWeek: 0, dayOfMonth: 1, timezone: "UTC", scanType: "exposure", nextRunAt: nextRunAfter({ frequency: "daily", hour: 0, minute: 0, timezone: "UTC" }, new Date()) },
    });
    const snapshot = async () => sql<Row>(`SELECT * FROM scheduled_scans ORDER BY id`);
    const beforeRows = new Map((await snapshot()).map((r) => [r.id, r]));

    const [{ now }] = (await sql<{ now: Date }>(`SELECT now()`)) as [{ now: Date }];
    // Later migrations (anything after this one) are applied in the same run; this one must be among them.
    expect((await migrate({ connectionString: url, schema })).applied).toContain(MIGRATION);
    const after = new Map((await snapshot()).map((r) => [r.id, r]));

    for (const { tenant, schedule } of [...daily, ...weekly, due, paused, fresh]) {
      const row = after.get(schedule.id)!;
      const slot = planScheduleDefaults(tenant.id);
      expect({ hour: row.hour, minute: row.minute, day_of_week: row.day_of_week, day_of_month: row.day_of_month, timezone: row.timezone }).toEqual({
        hour: slot.hour,
        minute: slot.minute,
        day_of_week: slot.dayOfWeek,
        day_of_month: slot.dayOfMonth,
        timezone: "UTC",
      });
    }
    for (const { tenant, schedule } of [...daily, ...weekly]) {
      const row = after.get(schedule.id)!;
      const expected = nextRunAfter({ ...planScheduleDefaults(tenant.id), frequency: row.frequency }, now);
      expect(row.next_run_at).toEqual(expected); // the next slot of the new time: not in the past, less than one period away
      expect(row.next_run_at!.getTime() - now.getTime()).toBeLessThanOrEqual((row.frequency === "weekly" ? 7 : 1) * 86_400_000);
    }
    expect(after.get(due.schedule.id)!.next_run_at).toEqual(beforeRows.get(due.schedule.id)!.next_run_at); // still due: the missed slot fires once
    expect(after.get(paused.schedule.id)!.next_run_at).toBeNull();
    const freshRow = after.get(fresh.schedule.id)!;
    expect(freshRow.next_run_at).toEqual(nextRunAfter({ ...planScheduleDefaults(fresh.tenant.id), frequency: "daily" }, new Date(freshRow.created_at.getTime() + 24 * 3_600_000)));
    expect(after.get(edited.schedule.id)).toMatchObject({ hour: 0, minute: 0, timezone: "UTC", next_run_at: editedBefore.nextRunAt });
    expect(after.get(custom.id)).toEqual(beforeRows.get(custom.id)); // custom schedules are the customer's choice

    // The spread is real: 40 tenants no longer share one minute.
    expect(new Set([...daily, ...weekly].map(({ schedule }) => after.get(schedule.id)!.next_run_at!.getTime())).size).toBeGreaterThan(30);

    // Idempotent: the applier skips it from now on, and running its SQL again changes nothing.
    expect(await migrate({ connectionString: url, schema })).toMatchObject({ applied: [], alreadyApplied: expect.arrayContaining([MIGRATION]) });
    await sql(await readFile(path.join("prisma/migrations", MIGRATION, "migration.sql"), "utf8"));
    expect(new Map((await snapshot()).map((r) => [r.id, r]))).toEqual(after);
  });
});
