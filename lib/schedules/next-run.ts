import { addDays, daysInMonth, fromLocal, toLocal, weekdayMondayFirst } from "@/lib/schedules/zoned-time";

/**
 * When a schedule fires: at hour:minute local time in its zone — every day (daily), on dayOfWeek (weekly,
 * 0 = Monday), or on dayOfMonth (monthly; on the month's last day in shorter months). Local times in a DST gap
 * or overlap resolve "compatible" (see zoned-time.ts).
 */
export type Cadence = {
  frequency: "daily" | "weekly" | "monthly";
  hour: number;
  minute: number;
  dayOfWeek?: number | null;
  dayOfMonth?: number | null;
  timezone: string;
};

function slotOn(date: { year: number; month: number; day: number }, cadence: Cadence): number {
  return fromLocal({ ...date, hour: cadence.hour, minute: cadence.minute }, cadence.timezone);
}

/** The first slot strictly after `after`. */
export function nextRunAfter(cadence: Cadence, after: Date): Date {
  const t = after.getTime();
  // Start a day early: the local date at `after` can be a day ahead of a slot that is still in the future.
  const today = toLocal(t, cadence.timezone);
  const start = addDays(today, -1);
  switch (cadence.frequency) {
    case "daily":
    case "weekly": {
      const weekly = cadence.frequency === "weekly";
      if (weekly && (cadence.dayOfWeek == null || cadence.dayOfWeek < 0 || cadence.dayOfWeek > 6)) throw new Error("weekly schedules need dayOfWeek 0–6");
      for (let i = 0; i < 10; i++) {
        const date = addDays(start, i);
        if (weekly && weekdayMondayFirst(date) !== cadence.dayOfWeek) continue;
        const slot = slotOn(date, cadence);
        if (slot > t) return new Date(slot);
      }
      break;
    }
    case "monthly": {
      const wanted = cadence.dayOfMonth;
      if (wanted == null || wanted < 1 || wanted > 31) throw new Error("monthly schedules need dayOfMonth 1–31");
      for (let i = 0; i < 3; i++) {
        const month0 = start.month - 1 + i;
        const year = start.year + Math.floor(month0 / 12);
        const month = (((month0 % 12) + 12) % 12) + 1;
        const slot = slotOn({ year, month, day: Math.min(wanted, daysInMonth(year, month)) }, cadence);
        if (slot > t) return new Date(slot);
      }
      break;
    }
  }
  throw new Error(`no next run found for ${JSON.stringify(cadence)} after ${after.toISOString()}`);
}

/** The next `count` slots strictly after `from`, in order. */
export function nextRuns(cadence: Cadence, from: Date, count: number): Date[] {
  const out: Date[] = [];
  let cursor = from;
  for (let i = 0; i < count; i++) {
    cursor = nextRunAfter(cadence, cursor);
    out.push(cursor);
  }
  return out;
}
