// Display helpers shared by server and client components (no server-only imports).

const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || ms < 0) return "—";
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

function ordinal(n: number): string {
  if (n % 100 >= 11 && n % 100 <= 13) return `${n}th`;
  return `${n}${["th", "st", "nd", "rd"][n % 10] ?? "th"}`;
}

/** "Weekly on Wednesday at 06:00 (Europe/London)". */
export function describeCadence(s: { frequency: string; hour: number; minute: number; dayOfWeek: number | null; dayOfMonth: number | null; timezone: string }): string {
  const time = `${String(s.hour).padStart(2, "0")}:${String(s.minute).padStart(2, "0")}`;
  const when =
    s.frequency === "daily"
      ? "Daily"
      : s.frequency === "weekly"
        ? `Weekly on ${DAYS[s.dayOfWeek ?? 0]}`
        : `Monthly on the ${ordinal(s.dayOfMonth ?? 1)}${(s.dayOfMonth ?? 1) > 28 ? " (or the month's last day)" : ""}`;
  return `${when} at ${time} (${s.timezone})`;
}

export const TRIGGER_LABELS: Record<string, string> = { api: "API", dashboard: "Manual", schedule: "Schedule", plan_schedule: "Plan" };

export function formatScore(score: number | null | undefined): string {
  return score == null ? "—" : score.toFixed(1);
}

export function formatChange(change: number | null): { text: string; tone: "up" | "down" | "flat" } | null {
  if (change === null) return null;
  if (change === 0) return { text: "±0.0", tone: "flat" };
  return change > 0 ? { text: `▲ ${change.toFixed(1)}`, tone: "up" } : { text: `▼ ${Math.abs(change).toFixed(1)}`, tone: "down" };
}
