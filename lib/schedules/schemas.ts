import { z } from "zod";
import { isValidTimeZone } from "@/lib/schedules/zoned-time";

// Shared by the route handlers, the OpenAPI document and the dashboard's schedule form.

export const frequencySchema = z.enum(["daily", "weekly", "monthly"]);
export const scheduleScanTypeSchema = z.enum(["compliance", "exposure"]);

const fields = {
  name: z.string().trim().min(1, "name must be 1–100 characters").max(100, "name must be 1–100 characters"),
  frequency: frequencySchema,
  hour: z.number().int("hour must be an integer 0–23").min(0, "hour must be 0–23").max(23, "hour must be 0–23"),
  minute: z.number().int("minute must be an integer 0–59").min(0, "minute must be 0–59").max(59, "minute must be 0–59"),
  dayOfWeek: z.number().int().min(0, "dayOfWeek must be 0 (Monday) to 6 (Sunday)").max(6, "dayOfWeek must be 0 (Monday) to 6 (Sunday)").nullable(),
  dayOfMonth: z.number().int().min(1, "dayOfMonth must be 1–31").max(31, "dayOfMonth must be 1–31").nullable(),
  timezone: z.string().refine(isValidTimeZone, "timezone must be an IANA time zone such as UTC or Europe/London"),
  scanType: scheduleScanTypeSchema,
  enabled: z.boolean(),
};

/** The cadence rules every stored schedule satisfies (weekly needs a day of week, monthly a day of month). */
function requireCadenceDays<T extends { frequency?: string; dayOfWeek?: number | null; dayOfMonth?: number | null }>(value: T, ctx: z.RefinementCtx) {
  if (value.frequency === "weekly" && value.dayOfWeek == null) {
    ctx.addIssue({ code: "custom", path: ["dayOfWeek"], message: "dayOfWeek is required for weekly schedules (0 = Monday … 6 = Sunday)" });
  }
  if (value.frequency === "monthly" && value.dayOfMonth == null) {
    ctx.addIssue({ code: "custom", path: ["dayOfMonth"], message: "dayOfMonth is required for monthly schedules (1–31)" });
  }
}

const createShape = z.strictObject({
  name: fields.name,
  frequency: fields.frequency,
  hour: fields.hour,
  minute: fields.minute,
  dayOfWeek: fields.dayOfWeek.optional(),
  dayOfMonth: fields.dayOfMonth.optional(),
  timezone: fields.timezone,
  scanType: fields.scanType,
  enabled: fields.enabled.optional(),
});

/** POST /tenants/me/scheduled-scans. Unknown fields are refused; enabled defaults to true. */
export const createScheduleSchema = createShape.superRefine(requireCadenceDays);
export type CreateScheduleInput = z.infer<typeof createScheduleSchema>;

/** PATCH: any subset of the create fields; the merged result is validated again with createScheduleSchema. */
export const updateScheduleSchema = createShape.partial().refine((v) => Object.keys(v).length > 0, "send at least one field to change");
export type UpdateScheduleInput = z.infer<typeof updateScheduleSchema>;

/** What the automatic plan schedule lets admins change: pause/resume and move its time, day and zone. */
export const PLAN_SCHEDULE_EDITABLE = ["enabled", "hour", "minute", "dayOfWeek", "dayOfMonth", "timezone"] as const;

export const MAX_PREVIEW = 500;

/** POST /tenants/me/scheduled-scans/preview: a draft schedule plus how many runs to show and from when. */
export const previewScheduleSchema = createShape
  .omit({ name: true, scanType: true, enabled: true })
  .extend({
    name: fields.name.optional(),
    scanType: fields.scanType.optional(),
    enabled: fields.enabled.optional(),
    count: z.number().int().min(1, `count must be 1–${MAX_PREVIEW}`).max(MAX_PREVIEW, `count must be 1–${MAX_PREVIEW}`).optional(),
    from: z.iso.datetime({ offset: true, message: "from must be an ISO 8601 instant, e.g. 2026-04-09T06:00:00Z" }).optional(),
  })
  .superRefine(requireCadenceDays);
export type PreviewScheduleInput = z.infer<typeof previewScheduleSchema>;

const isoOrNull = z.string().meta({ format: "date-time" }).nullable();

export const scheduleResourceSchema = z.object({
  id: z.string().meta({ description: '"plan" for the automatic plan schedule' }),
  isPlanSchedule: z.boolean(),
  name: z.string(),
  frequency: frequencySchema,
  hour: z.number().int(),
  minute: z.number().int(),
  dayOfWeek: z.number().int().nullable(),
  dayOfMonth: z.number().int().nullable(),
  timezone: z.string(),
  enabled: z.boolean(),
  scanType: scheduleScanTypeSchema,
  lastTriggeredAt: isoOrNull,
  // Additive: when it fires next (null while paused).
  nextRunAt: isoOrNull,
});
export type ScheduleResource = z.infer<typeof scheduleResourceSchema>;

export const scheduleRunResourceSchema = z.object({
  id: z.string(),
  scheduledScanId: z.string(),
  slot: z.string().meta({ format: "date-time", description: "The slot instant that fired" }),
  outcome: z.enum(["started", "skipped_running", "skipped_quota", "skipped_not_connected"]),
  scanId: z.string().nullable(),
  createdAt: z.string().meta({ format: "date-time" }),
});
