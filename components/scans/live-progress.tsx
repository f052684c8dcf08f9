"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import type { ScanResource } from "@/lib/scans/schemas";
import { useScanProgress } from "@/lib/scans/queries";

/**
 * A running scan's progress (checks done of total), polled until it ends; then the page re-renders on the server
 * so the finished row, the scores and the charts show the result.
 */
export function LiveProgress({ scan }: { scan: ScanResource }) {
  const router = useRouter();
  const { data } = useScanProgress(scan.id, scan);
  const ended = useRef(false);
  useEffect(() => {
    if (data.status !== "in_progress" && !ended.current) {
      ended.current = true;
      router.refresh();
    }
  }, [data.status, router]);
  const done = data.progress.checks_done;
  const total = data.progress.checks_total ?? 0;
  const pct = total > 0 ? Math.round((done / total) * 100) : 0;
  if (data.status !== "in_progress") return <span className="text-sm text-slate-600">{data.status === "completed" ? "Finished" : "Failed"}</span>;
  return (
    <span className="inline-flex min-w-[9rem] items-center gap-2" data-testid="scan-progress" data-done={done} data-total={total}>
      <span className="h-1.5 w-20 overflow-hidden rounded-full bg-slate-200" role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done} aria-label="Checks done">
        <span className="block h-full bg-sky-600 transition-[width]" style={{ width: `${pct}%` }} />
      </span>
      <span className="text-xs tabular-nums text-slate-600">
        {done} / {total || "?"} checks
      </span>
    </span>
  );
}
