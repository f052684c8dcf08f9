import { Badge } from "@/components/ui/badge";
import { formatChange } from "@/lib/dashboard/format";

const STATUS_TONE = { completed: "green", failed: "red", in_progress: "sky" } as const;
const RESULT_TONE = { pass: "green", fail: "red", skip: "neutral", error: "amber" } as const;
const SEVERITY_CLASS: Record<string, string> = {
  critical: "bg-red-700 text-white ring-red-700",
  high: "bg-red-50 text-red-800 ring-red-200",
  medium: "bg-amber-50 text-amber-800 ring-amber-200",
  low: "bg-sky-50 text-sky-800 ring-sky-200",
  info: "bg-slate-100 text-slate-700 ring-slate-200",
};

export function ScanStatusBadge({ status }: { status: string }) {
  return <Badge tone={STATUS_TONE[status as keyof typeof STATUS_TONE] ?? "neutral"}>{status === "in_progress" ? "in progress" : status}</Badge>;
}

export function ResultBadge({ status }: { status: string }) {
  return <Badge tone={RESULT_TONE[status as keyof typeof RESULT_TONE] ?? "neutral"}>{status}</Badge>;
}

export function SeverityBadge({ severity }: { severity: string }) {
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium capitalize ring-1 ring-inset ${SEVERITY_CLASS[severity] ?? SEVERITY_CLASS.info}`}>{severity}</span>;
}

export function ScoreChange({ change }: { change: number | null }) {
  const c = formatChange(change);
  if (!c) return <span className="text-xs text-slate-500">no earlier scan to compare</span>;
  const tone = c.tone === "up" ? "text-emerald-700" : c.tone === "down" ? "text-red-700" : "text-slate-500";
  return (
    <span className={`text-sm font-medium ${tone}`} title="Change since the previous completed scan, in points">
      {c.text}
    </span>
  );
}
