import type { Plan, ScanType, ScheduleFrequency } from "@/lib/generated/prisma/enums";

/**
 * Every plan's limits, in one place.
 * - scansPerPeriod: scans a tenant may start per monthly billing period (API, dashboard and custom schedules
 *   count; automatic plan-schedule scans never do; failed scans are refunded).
 * - customSchedules: how many custom scheduled scans a tenant may keep (the plan schedule is extra).
 * - planSchedule: cadence and scan type of the automatic plan scan.
 */
export type PlanLimits = {
  label: string;
  scansPerPeriod: number;
  customSchedules: number;
  planSchedule: { frequency: ScheduleFrequency; scanType: ScanType };
};

export const PLANS: Record<Plan, PlanLimits> = {
  free: { label: "Free", scansPerPeriod: 10, customSchedules: 1, planSchedule: { frequency: "weekly", scanType: "compliance" } },
  pro: { label: "Pro", scansPerPeriod: 300, customSchedules: 10, planSchedule: { frequency: "daily", scanType: "compliance" } },
  enterprise: {
    label: "Enterprise",
    scansPerPeriod: 3000,
    customSchedules: 100,
    planSchedule: { frequency: "daily", scanType: "compliance" },
  },
};

export const PLAN_NAMES = Object.keys(PLANS) as Plan[];

export function getPlanLimits(plan: Plan): PlanLimits {
  return PLANS[plan];
}

/**
 * The monthly billing period containing `now`. Periods start on the anchor's day of month and time of day
 * (UTC); in months too short for that day they start on the month's last day (anchor on the 31st → Feb 28/29).
 */
export function billingPeriod(anchor: Date, now: Date = new Date()): { start: Date; end: Date } {
  const startOf = (monthsSinceAnchor: number) => {
    const y = anchor.getUTCFullYear();
    const m = anchor.getUTCMonth() + monthsSinceAnchor;
    const daysInMonth = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    const day = Math.min(anchor.getUTCDate(), daysInMonth);
    return new Date(Date.UTC(y, m, day, anchor.getUTCHours(), anchor.getUTCMinutes(), anchor.getUTCSeconds(), anchor.getUTCMilliseconds()));
  };
  if (now < anchor) return { start: anchor, end: startOf(1) };
  let k = (now.getUTCFullYear() - anchor.getUTCFullYear()) * 12 + (now.getUTCMonth() - anchor.getUTCMonth());
  while (startOf(k) > now) k--;
  while (startOf(k + 1) <= now) k++;
  return { start: startOf(k), end: startOf(k + 1) };
}
