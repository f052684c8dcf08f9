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
export function LocalTime({ value, pattern = "d MMM yyyy, HH:mm", fallback = "—" }: { value: string | null | undefined; pattern?: string; fallback?: string }) {
  const zone = useSyncExternalStore(subscribe, viewerZone, serverZone);
  if (!value) return <span className="text-slate-400">{fallback}</span>;
  const date = new Date(value);
  return (
    <time dateTime={date.toISOString()} title={`${date.toISOString().replace(".000Z", "Z")} (UTC)`} className="whitespace-nowrap">
      {formatInTimeZone(date, zone, pattern)}
      {zone === "UTC" ? " UTC" : ""}
    </time>
  );
}
