import type { ReactNode } from "react";

type Tone = "neutral" | "green" | "amber" | "red" | "sky";
const tones: Record<Tone, string> = {
  neutral: "bg-slate-100 text-slate-700 ring-slate-200",
  green: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  amber: "bg-amber-50 text-amber-800 ring-amber-200",
  red: "bg-red-50 text-red-800 ring-red-200",
  sky: "bg-sky-50 text-sky-800 ring-sky-200",
};

export function Badge({ tone = "neutral", children }: { tone?: Tone; children: ReactNode }) {
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[tone]}`}>{children}</span>;
}

const CONNECTION: Record<string, { tone: Tone; label: string }> = {
  connected: { tone: "green", label: "Connected" },
  pending: { tone: "amber", label: "Not connected" },
  disconnected: { tone: "neutral", label: "Disconnected" },
};

export function ConnectionBadge({ status }: { status: string }) {
  const c = CONNECTION[status] ?? { tone: "neutral" as Tone, label: status };
  return <Badge tone={c.tone}>{c.label}</Badge>;
}

export function RoleBadge({ role }: { role: string }) {
  return <Badge tone={role === "owner" ? "sky" : "neutral"}>{role[0]!.toUpperCase() + role.slice(1)}</Badge>;
}
