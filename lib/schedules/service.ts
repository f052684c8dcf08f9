import "server-only";
import { AppError, notFound } from "@/lib/api/errors";
import { recordAudit, type Actor } from "@/lib/audit";
import { getDb, lockForTransaction } from "@/lib/db";
import type { Prisma, ScheduledScan, ScheduleRun } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import { nextRunAfter, nextRuns } from "@/lib/schedules/next-run";
import { planScheduleDefaults } from "@/lib/schedules/plan-slot";
import {
  createScheduleSchema,
  PLAN_SCHEDULE_EDITABLE,
  type CreateScheduleInput,
  type PreviewScheduleInput,
  type ScheduleResource,
  type UpdateScheduleInput,
} from "@/lib/schedules/schemas";
import { formatLocalIso } from "@/lib/schedules/zoned-time";
import { getPlanLimits } from "@/lib/tenants/plans";

export const PLAN_SCHEDULE_ID = "plan";
const PLAN_SCHEDULE_NAME = "Automatic plan scan";

type Tx = Prisma.TransactionClient;

export function toScheduleResource(s: ScheduledScan): ScheduleResource {
  return {
    id: s.isPlanSchedule ? PLAN_SCHEDULE_ID : s.id,
    isPlanSchedule: s.isPlanSchedule,
    name: s.name,
    frequency: s.frequency,
    hour: s.hour,
    minute: s.minute,
    dayOfWeek: s.dayOfWeek,
    dayOfMonth: s.dayOfMonth,
    timezone: s.timezone,
    enabled: s.enabled,
    scanType: s.scanType,
    lastTriggeredAt: s.lastTriggeredAt?.toISOString() ?? null,
    nextRunAt: s.enabled ? (s.nextRunAt?.toISOString() ?? null) : null,
  };
}

function computeNextRun(s: Pick<ScheduledScan, "frequency" | "hour" | "minute" | "dayOfWeek" | "dayOfMonth" | "timezone" | "enabled">, now: Date): Date | null {
  return s.enabled ? nextRunAfter(s, now) : null;
}

/** A new tenant's first automatic scan is the first plan slot at least this far away (onboarding scans at once). */
const PLAN_SCHEDULE_FIRST_RUN_DELAY_MS = 24 * 3_600_000;

/**
 * The automatic plan schedule of a tenant: created with the tenant (and here, for tenants from before that), its
 * frequency and scan type always follow the tenant's plan. They are re-synced on every read and update of the
 * schedules; whatever changes a tenant's plan must call this too (today plans are only set at creation).
 */
export async function ensurePlanSchedule(tx: Tx, tenantId: string, now = new Date()): Promise<ScheduledScan> {
  const tenant = await tx.tenant.findUnique({ where: { id: tenantId }, select: { plan: true } });
  if (!tenant) throw notFound("Tenant");
  const { frequency, scanType } = getPlanLimits(tenant.plan).planSchedule;
  const existing = await tx.scheduledScan.findFirst({ where: { tenantId, isPlanSchedule: true } });
  if (existing) {
    if (existing.frequency === frequency && existing.scanType === scanType) return existing;
    const merged = { ...existing, frequency, scanType };
    return tx.scheduledScan.update({ where: { id: existing.id }, data: { frequency, scanType, nextRunAt: computeNextRun(merged, now) } });
  }
  // Each tenant's own minute of the day (and day of the week / month), not 00:00 UTC for all: see plan-slot.ts.
  const defaults = { frequency, scanType, ...planScheduleDefaults(tenantId), enabled: true };
  const firstRun = computeNextRun(defaults, new Date(now.getTime() + PLAN_SCHEDULE_FIRST_RUN_DELAY_MS));
  await tx.scheduledScan.createMany({
    data: [{ id: newId("scheduledScan"), tenantId, isPlanSchedule: true, name: PLAN_SCHEDULE_NAME, ...defaults, nextRunAt: firstRun }],
    skipDuplicates: true, // a concurrent first read created it: the partial unique index keeps one
  });
  return tx.scheduledScan.findFirstOrThrow({ where: { tenantId, isPlanSchedule: true } });
}

/** The plan schedule first, then custom schedules oldest first. */
export async function listSchedules(tenantId: string): Promise<ScheduledScan[]> {
  const db = getDb();
  const plan = await db.$transaction((tx) => ensurePlanSchedule(tx, tenantId));
  const custom = await db.scheduledScan.findMany({ where: { tenantId, isPlanSchedule: false }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return [plan, ...custom];
}

async function findSchedule(tx: Tx, tenantId: string, scheduleId: string): Promise<ScheduledScan | null> {
  if (scheduleId === PLAN_SCHEDULE_ID) return ensurePlanSchedule(tx, tenantId);
  return tx.scheduledScan.findFirst({ where: { id: scheduleId, tenantId, isPlanSchedule: false } });
}

export async function getScheduleOrThrow(tenantId: string, scheduleId: string): Promise<ScheduledScan> {
  const schedule = await getDb().$transaction((tx) => findSchedule(tx, tenantId, scheduleId));
  if (!schedule) throw notFound("Scheduled scan");
  return schedule;
}

/** Creates a custom schedule. The plan's custom-schedule limit holds under concurrency (per-tenant lock). */
export async function createSchedule(tenantId: string, input: CreateScheduleInput, actor: Actor, now = new Date()): Promise<ScheduledScan> {
  return getDb().$transaction(
    async (tx) => {
      await lockForTransaction(tx, `schedules:${tenantId}`);
      const tenant = await tx.tenant.findUnique({ where: { id: tenantId }, select: { plan: true } });
      if (!tenant) throw notFound("Tenant");
      const limits = getPlanLimits(tenant.plan);
      const count = await tx.scheduledScan.count({ where: { tenantId, isPlanSchedule: false } });
      if (count >= limits.customSchedules) {
        throw new AppError(
          "SCAN_PLAN_LIMIT_REACHED",
          `The ${limits.label} plan allows ${limits.customSchedules} custom scheduled scan${limits.customSchedules === 1 ? "" : "s"}; delete one or upgrade`,
          { limit: limits.customSchedules, used: count },
        );
      }
      const values = {
        name: input.name,
        frequency: input.frequency,
        hour: input.hour,
        minute: input.minute,
        dayOfWeek: input.dayOfWeek ?? null,
        dayOfMonth: input.dayOfMonth ?? null,
        timezone: input.timezone,
        scanType: input.scanType,
        enabled: input.enabled ?? true,
      };
      const created = await tx.scheduledScan.create({ data: { id: newId("scheduledScan"), tenantId, ...values, nextRunAt: computeNextRun(values, now) } });
      await recordAudit(tx, actor, { tenantId, action: "scheduled_scan.created", targetType: "scheduled_scan", targetId: created.id });
      return created;
    },
    { maxWait: 15_000, timeout: 15_000 },
  );
}

/**
 * Updates only the given fields and validates the merged schedule (switching to weekly without a dayOfWeek on
 * record is refused, not stored broken). Pausing clears nextRunAt; resuming and every edit compute it from now,
 * so a resumed schedule does not backfill missed slots.
 */
export async function updateSchedule(tenantId: string, scheduleId: string, input: UpdateScheduleInput, actor: Actor, now = new Date()): Promise<ScheduledScan> {
  return getDb().$transaction(async (tx) => {
    const existing = await findSchedule(tx, tenantId, scheduleId);
    if (!existing) throw notFound("Scheduled scan");
    if (existing.isPlanSchedule) {
      const refused = Object.keys(input).filter((k) => !(PLAN_SCHEDULE_EDITABLE as readonly string[]).includes(k));
      if (refused.length > 0) {
        throw new AppError(
          "VALIDATION_ERROR",
          "The automatic plan scan's name, frequency and scan type come from your plan; you can pause it and change its time, day and timezone",
          refused.map((field) => ({ field, message: "cannot be changed on the automatic plan scan" })),
        );
      }
    }
    const merged = createScheduleSchema.parse({
      name: existing.name,
      frequency: existing.frequency,
      hour: existing.hour,
      minute: existing.minute,
      dayOfWeek: existing.dayOfWeek,
      dayOfMonth: existing.dayOfMonth,
      timezone: existing.timezone,
      scanType: existing.scanType,
      enabled: existing.enabled,
      ...input,
    });
    const values = { ...merged, dayOfWeek: merged.dayOfWeek ?? null, dayOfMonth: merged.dayOfMonth ?? null, enabled: merged.enabled ?? true };
    const updated = await tx.scheduledScan.update({ where: { id: existing.id }, data: { ...values, nextRunAt: computeNextRun(values, now) } });
    await recordAudit(tx, actor, { tenantId, action: "scheduled_scan.updated", targetType: "scheduled_scan", targetId: existing.id, metadata: { fields: Object.keys(input) } });
    return updated;
  });
}

/** Deletes a custom schedule with its runs. The plan schedule cannot be deleted (pause it instead). */
export async function deleteSchedule(tenantId: string, scheduleId: string, actor: Actor): Promise<void> {
  if (scheduleId === PLAN_SCHEDULE_ID) {
    throw new AppError("VALIDATION_ERROR", "The automatic plan scan cannot be deleted; pause it with PATCH {\"enabled\": false}");
  }
  await getDb().$transaction(async (tx) => {
    const { count } = await tx.scheduledScan.deleteMany({ where: { id: scheduleId, tenantId, isPlanSchedule: false } });
    if (count === 0) throw notFound("Scheduled scan");
    await recordAudit(tx, actor, { tenantId, action: "scheduled_scan.deleted", targetType: "scheduled_scan", targetId: scheduleId });
  });
}

export type PreviewRun = { at: string; local: string };

/** The next runs of a draft schedule, each as a UTC instant and as local time with its offset. */
export function previewSchedule(input: PreviewScheduleInput, now = new Date()): PreviewRun[] {
  const from = input.from ? new Date(input.from) : now;
  return nextRuns(input, from, input.count ?? 5).map((d) => ({ at: d.toISOString(), local: formatLocalIso(d.getTime(), input.timezone) }));
}

export async function listScheduleRuns(tenantId: string, scheduleId: string, page: number, limit: number): Promise<{ runs: ScheduleRun[]; total: number }> {
  const schedule = await getScheduleOrThrow(tenantId, scheduleId);
  const db = getDb();
  const where = { tenantId, scheduledScanId: schedule.id };
  // One snapshot for page and total: read on two connections, a run the tick commits in between gave total 1 with
  // an empty page (seen in tests/http/scheduled-scans-api.test.ts on a loaded machine).
  const [runs, total] = await db.$transaction(
    [db.scheduleRun.findMany({ where, orderBy: [{ slot: "desc" }, { id: "desc" }], skip: (page - 1) * limit, take: limit }), db.scheduleRun.count({ where })],
    { isolationLevel: "RepeatableRead" },
  );
  return { runs, total };
}
