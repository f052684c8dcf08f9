"use client";

import { formatInTimeZone } from "date-fns-tz";
import { useSyncExternalStore } from "react";

const subscribe = () => () => {};
const viewerZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const serverZone = () => "UTC";

/**
 * An instant in the viewer's own time zone, with the exact UTC instant on hover. The server renders UTC (it cannot
 * know the viewer's zone) and the browser switches to local time on hydration.
 */
export function LocalTime({
  value,
  pattern = "d MMM yyyy, HH:mm",
  fallback = "—",
  titleZone,
}: {
  value: string | null | undefined;
  pattern?: string;
  fallback?: string;
  /** Show this zone's wall-clock time on hover instead of UTC (a schedule's own zone). */
  titleZone?: string;
}) {
  const zone = useSyncExternalStore(subscribe, viewerZone, serverZone);
  if (!value) return <span className="text-slate-400">{fallback}</span>;
  const date = new Date(value);
  return (
    <time
      dateTime={date.toISOString()}
      title={titleZone ? `${formatInTimeZone(date, titleZone, "d MMM yyyy, HH:mm")} in ${titleZone}` : `${date.toISOString().replace(".000Z", "Z")} (UTC)`}
      className="whitespace-nowrap"
    >
      {formatInTimeZone(date, zone, pattern)}
      {zone === "UTC" ? " UTC" : ""}
    </time>
  );
}
