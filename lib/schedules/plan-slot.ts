import { createHash } from "node:crypto";

/**
 * The default time of a tenant's automatic plan scan. It used to be 00:00 UTC for everyone, so every tenant's
 * automatic scan started in the same minute (a thundering herd on Microsoft Graph and on us). Now each tenant
 * gets its own minute of the day, derived from a hash of its id: stable (the same tenant always gets the same
 * slot, on every instance and in the migration that moved the existing schedules), uniform across the day, and
 * in UTC so clock changes never bunch them up. Weekly plans spread their day of the week the same way (every
 * free tenant on Mondays would be a weekly herd), monthly ones their day of the month over 1–28 (a day every
 * month has). It is only a default: admins may move the plan scan's time, day and zone.
 *
 * The hash is the first 32 bits of md5(tenant id), chosen because PostgreSQL computes the very same value
 * (`('x' || lpad(substr(md5(id), 1, 8), 16, '0'))::bit(64)::bigint`): migration 20261210000000 spreads the
 * existing plan schedules with that expression, and a test holds the two equal. md5 is not used for security.
 *
 * Being a hash, the spread is statistical: a minute's count is ~Poisson around the mean, so the busiest minute of
 * a day stays within 2× the mean from a few tens of schedules per minute on (bench:dispatch measures it at 100k
 * tenants); below that the absolute numbers are small and the scan concurrency limits (lib/jobs/limiter.ts) are
 * what bounds the load.
 */
export const MINUTES_PER_DAY = 24 * 60;

export type PlanSlot = { hour: number; minute: number; dayOfWeek: number; dayOfMonth: number; timezone: "UTC" };

/** First 32 bits of md5(tenantId), as an unsigned integer. */
export function planSlotHash(tenantId: string): number {
  return Number.parseInt(createHash("md5").update(tenantId).digest("hex").slice(0, 8), 16);
}

export function planScheduleDefaults(tenantId: string): PlanSlot {
  const h = planSlotHash(tenantId);
  const minuteOfDay = h % MINUTES_PER_DAY;
  return {
    hour: Math.floor(minuteOfDay / 60),
    minute: minuteOfDay % 60,
    dayOfWeek: Math.floor(h / MINUTES_PER_DAY) % 7, // 0 = Monday, the API's convention
    dayOfMonth: 1 + (Math.floor(h / (MINUTES_PER_DAY * 7)) % 28),
    timezone: "UTC",
  };
}
