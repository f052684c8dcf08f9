import Link from "next/link";
import { scaleLinear, scaleTime } from "d3-scale";
import { line } from "d3-shape";
import type { ScorePoint } from "@/lib/dashboard/overview";

const W = 640;
/**
 * Rows of the chart's data table. Every point is in the chart itself (each one a link with its date and score as its
 * accessible name); the table repeats the latest few as text and links to the scan history, which is the full table
 * with filters and paging — a page-long table here would double the overview's weight for what History already is.
 */
const TABLE_ROWS = 10;
const H = 220;
const M = { top: 16, right: 16, bottom: 36, left: 44 };

const dayFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const hourFormat = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
const fullFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/**
 * Score over time, drawn on the server as SVG (d3-scale + d3-shape compute the geometry; no chart code runs in the
 * browser). Each point links to its scan; a diamond marks a scan whose set of failing checks differs from the one
 * before. Screen readers get a title, a description and a data table.
 */
export function ScoreChart({ points, label, id, historyHref }: { points: ScorePoint[]; label: string; id: string; historyHref: string }) {
  const scored = points.filter((p) => p.score !== null);
  if (scored.length === 0) {
    return <p className="py-10 text-center text-sm text-slate-500">No completed {label.toLowerCase()} scans yet: the chart starts with the first one.</p>;
  }
  const first = scored[0]!.startedAt;
  const last = scored[scored.length - 1]!.startedAt;
  const span = Math.max(last.getTime() - first.getTime(), 3_600_000);
  const x = scaleTime()
    .domain([new Date(first.getTime() - span * 0.03), new Date(last.getTime() + span * 0.03)])
    .range([M.left, W - M.right]);
  const y = scaleLinear().domain([0, 100]).range([H - M.bottom, M.top]);
  const tickFormat = span < 36 * 3_600_000 ? hourFormat : dayFormat; // a history within a day or so is told by the hour
  const path = line<ScorePoint>()
    .x((p) => x(p.startedAt))
    .y((p) => y(p.score!))(scored);
  const latest = scored[scored.length - 1]!;
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;
  return (
    <figure>
      <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full" role="group" aria-labelledby={titleId} aria-describedby={descId} data-testid={`${id}-chart`}>
        <title id={titleId}>{`${label} score over time`}</title>
        <desc id={descId}>{`${scored.length} completed scans from ${fullFormat.format(first)} to ${fullFormat.format(last)} (UTC); latest score ${latest.score!.toFixed(1)}.`}</desc>
        {y.ticks(4).map((t) => (
          <g key={t}>
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} className="stroke-slate-200" />
            <text x={M.left - 8} y={y(t)} dy="0.32em" textAnchor="end" className="fill-slate-500 text-[11px]">
              {t}
            </text>
          </g>
        ))}
        {x.ticks(5).map((t) => (
          <text key={t.toISOString()} x={x(t)} y={H - M.bottom + 18} textAnchor="middle" className="fill-slate-500 text-[11px]">
            {tickFormat.format(t)}
          </text>
        ))}
        <text x={12} y={(H - M.bottom + M.top) / 2} transform={`rotate(-90 12 ${(H - M.bottom + M.top) / 2})`} textAnchor="middle" className="fill-slate-500 text-[11px]">
          Score (%)
        </text>
        <text x={(W + M.left - M.right) / 2} y={H - 4} textAnchor="middle" className="fill-slate-500 text-[11px]">
          Scan date (UTC)
        </text>
        {path && <path d={path} fill="none" className="stroke-sky-700" strokeWidth={2} />}
        {scored.map((p) => (
          <a key={p.scanId} href={`/dashboard/scans/${p.scanId}`} aria-label={`Scan of ${fullFormat.format(p.startedAt)} UTC: score ${p.score!.toFixed(1)}`}>
            <circle cx={x(p.startedAt)} cy={y(p.score!)} r={4.5} className="fill-white stroke-sky-700 hover:fill-sky-700" strokeWidth={2}>
              <title>{`${fullFormat.format(p.startedAt)} UTC — score ${p.score!.toFixed(1)}, ${p.failCount} failing${p.failingChanged ? " (failing checks changed)" : ""}`}</title>
            </circle>
            {p.failingChanged && (
              <path d={`M ${x(p.startedAt)} ${y(p.score!) - 15} l 5 5 l -5 5 l -5 -5 z`} className="fill-amber-500" data-testid="failing-changed-marker" />
            )}
          </a>
        ))}
      </svg>
      <figcaption className="mt-1 flex flex-wrap items-center gap-3 text-xs text-slate-500">
        <span className="inline-flex items-center gap-1">
          <svg aria-hidden="true" viewBox="0 0 10 10" className="h-2.5 w-2.5 fill-amber-500">
            <path d="M5 0 10 5 5 10 0 5z" />
          </svg>
          failing checks changed
        </span>
        <details className="text-slate-600">
          <summary className="cursor-pointer underline-offset-2 hover:underline">Data table</summary>
          <table className="mt-2 text-left text-xs">
            <thead>
              <tr>
                <th className="pr-4 font-medium">Scan (UTC)</th>
                <th className="pr-4 font-medium">Score</th>
                <th className="font-medium">Failing</th>
              </tr>
            </thead>
            <tbody>
              {scored.slice(-TABLE_ROWS).reverse().map((p) => (
                <tr key={p.scanId}>
                  <td className="pr-4">
                    <a className="underline" href={`/dashboard/scans/${p.scanId}`}>
                      {fullFormat.format(p.startedAt)}
                    </a>
                  </td>
                  <td className="pr-4">{p.score!.toFixed(1)}</td>
                  <td>
                    {p.failCount}
                    {p.failingChanged ? " (changed)" : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="mt-2">
            {scored.length > TABLE_ROWS ? `The latest ${TABLE_ROWS} of ${scored.length} scans in the chart. ` : ""}
            <Link className="underline" href={historyHref}>
              Every {label.toLowerCase()} scan in the history
            </Link>
          </p>
        </details>
      </figcaption>
    </figure>
  );
}
