import "server-only";
import { findDeclaredBreakGlass } from "@/lib/break-glass/service";
import { getDb } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { listActiveExceptions } from "@/lib/exceptions/service";
import type { Prisma } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import type { ScanJob } from "@/lib/jobs/driver";
import { getMicrosoftConfig } from "@/lib/microsoft/config";
import { createResolver } from "@/lib/microsoft/dns";
import { GraphError } from "@/lib/microsoft/errors";
import { GraphClient } from "@/lib/microsoft/graph";
import { checksFor } from "@/lib/scans/checks/registry";
import { SOURCE_PERMISSIONS } from "@/lib/scans/checks/catalog";
import { ACCEPTED_RISK, NOT_APPLICABLE, SKIP_MESSAGES, type Check, type CheckOutcome, type Licences, type SkipReason, type SourceData, type SourceId } from "@/lib/scans/checks/types";
import { computeScore } from "@/lib/scans/score";
import { fetchSources, type SourceResults } from "@/lib/scans/sources";

/**
 * The scan pipeline, written once against a tiny step interface: Inngest passes its `step` (each named step
 * is memoised and retried durably), the inline driver passes a runner that just calls the function.
 * Steps return small, plain-JSON values only — per-check outcomes, never raw Graph payloads or Dates.
 */
export type StepRunner = { run<T>(name: string, fn: () => Promise<T>): Promise<T> };

export type CheckResultData = {
  checkId: string;
  status: CheckOutcome["status"];
  severity: Check["severity"];
  message: string;
  evidence: unknown;
};

export type ScanRunOutcome = { status: "completed" | "skipped"; reason?: string; counts?: { pass: number; fail: number; skip: number; error: number } };

const EVIDENCE_LIMIT_BYTES = 8 * 1024;

/** Keeps stored evidence bounded: arrays are cut to fit, and the cut is said in the evidence itself. */
export function capEvidence(evidence: unknown, limit = EVIDENCE_LIMIT_BYTES): unknown {
  if (evidence === undefined) return null;
  const size = (v: unknown) => Buffer.byteLength(JSON.stringify(v) ?? "");
  if (size(evidence) <= limit) return evidence;
  if (Array.isArray(evidence)) {
    let keep = evidence.length;
    while (keep > 0 && size({ items: evidence.slice(0, keep), truncated: true, total: evidence.length }) > limit) keep = Math.floor(keep / 2);
    return { items: evidence.slice(0, keep), truncated: true, total: evidence.length };
  }
  if (typeof evidence === "object" && evidence !== null) {
    const out: Record<string, unknown> = {};
    const entries = Object.entries(evidence);
    const share = Math.floor(limit / Math.max(1, entries.length));
    for (const [key, value] of entries) out[key] = size(value) > share ? capEvidence(value, share) : value;
    if (size(out) <= limit) return out;
  }
  return { truncated: true, preview: JSON.stringify(evidence).slice(0, limit - 64) };
}

/** The exceptions a scan applies, as evaluation needs them. */
export type AppliedException = { id: string; checkId: string; objectId: string | null; reason: string; expiresAt: Date | null };

/** A source that could not be read after retries: the check is neither passed nor failed. */
function sourceError(base: { checkId: string; severity: Check["severity"] }, source: SourceId, detail: string): CheckResultData {
  return { ...base, status: "error", message: `Could not read ${source} from Microsoft Graph: ${detail}`, evidence: { source, error: detail } };
}

function acceptedRisk(base: { checkId: string; severity: Check["severity"] }, outcome: CheckOutcome, covering: AppliedException[]): CheckResultData {
  const first = covering[0]!;
  const until = first.expiresAt ? ` Accepted until ${first.expiresAt.toISOString().slice(0, 10)}.` : "";
  return {
    ...base,
    status: "skip",
    message: `Accepted risk: ${first.reason}${/[.!?]$/.test(first.reason) ? "" : "."}${until}`,
    evidence: capEvidence({
      skip_reason: ACCEPTED_RISK,
      exception_ids: covering.map((e) => e.id),
      objects: covering.map((e) => e.objectId).filter(Boolean),
      // What the check found, so the accepted risk stays visible.
      accepted_outcome: { status: outcome.status, message: outcome.message },
      evidence: outcome.evidence ?? null,
    }),
  };
}

/**
 * Evaluates one check against the fetched sources, applying the framework's skip rules first, then the tenant's
 * accepted risks: an exception on the whole check turns a fail into skip / accepted_risk; exceptions on objects are
 * left out of the data, so the check judges what remains (a fail only because of excepted objects becomes
 * accepted_risk; one that still fails names only the objects nobody accepted).
 */
export function evaluateCheck(check: Check, sources: SourceResults, now: Date, exceptions: AppliedException[] = []): CheckResultData {
  const base = { checkId: check.id, severity: check.severity };
  const skip = (reason: SkipReason, detail: string, facts: Record<string, unknown> = {}): CheckResultData => ({
    ...base,
    status: "skip",
    message: `Skipped: ${SKIP_MESSAGES[reason]} (${detail}).`,
    evidence: { skip_reason: reason, ...facts },
  });
  if (check.licence) {
    const licences = sources.licences;
    if (!licences) return { ...base, status: "error", message: "The tenant's licences were not read.", evidence: null };
    if (!licences.ok && licences.reason === "error") return sourceError(base, "licences", licences.detail);
    if (!licences.ok) return skip(licences.reason, `licences could not be read: ${licences.detail}`, { permission: SOURCE_PERMISSIONS.licences.join(", ") });
    const has = (licences.data as Licences)[check.licence];
    const licence = `Microsoft Entra ID ${check.licence.toUpperCase()}`;
    if (!has) return skip("not_licensed", `needs ${licence}`, { licence });
    if (check.requiresIntune && !(licences.data as Licences).intune) return skip("not_licensed", "needs Microsoft Intune", { licence: "Microsoft Intune" });
  }
  const data: Record<string, unknown> = {};
  for (const id of check.sources) {
    const result = sources[id];
    if (!result) return { ...base, status: "error", message: `Data source ${id} was not fetched.`, evidence: null };
    if (!result.ok && result.reason === "error") return sourceError(base, id, result.detail);
    if (!result.ok && result.reason === "missing_permission") {
      const permission = SOURCE_PERMISSIONS[id].join(" and ");
      return skip("missing_permission", `grant ${permission} to read ${id}; Microsoft Graph said: ${result.detail}`, { permission });
    }
    if (!result.ok) return skip(result.reason, result.detail);
    data[id] = result.data;
  }
  try {
    const mine = exceptions.filter((e) => e.checkId === check.id);
    const outcome = check.evaluate(data as never, { now });
    const whole = mine.filter((e) => e.objectId === null);
    if (outcome.status === "fail" && whole.length > 0) return acceptedRisk(base, outcome, whole);
    const perObject = check.objects ? mine.filter((e) => e.objectId !== null) : [];
    if (outcome.status === "fail" && perObject.length > 0) {
      const ids = new Set(perObject.map((e) => e.objectId!.toLowerCase()));
      const remaining = check.evaluate(check.objects!.exclude(data as Partial<SourceData>, ids) as never, { now });
      if (remaining.status !== "fail") return acceptedRisk(base, outcome, perObject);
      const evidence = { ...(remaining.evidence as Record<string, unknown> | undefined), accepted_objects: [...ids], exception_ids: perObject.map((e) => e.id) };
      return { ...base, status: remaining.status, message: remaining.message, evidence: capEvidence(evidence) };
    }
    if (outcome.status === "skip") {
      // A check skips itself only when what it judges doesn't exist here; the reason is always said.
      const evidence = { skip_reason: outcome.skipReason ?? NOT_APPLICABLE, ...(outcome.evidence as Record<string, unknown> | undefined) };
      return { ...base, status: "skip", message: outcome.message, evidence: capEvidence(evidence) };
    }
    return { ...base, status: outcome.status, message: outcome.message, evidence: capEvidence(outcome.evidence) };
  } catch (error) {
    return { ...base, status: "error", message: `The check could not be evaluated: ${(error as Error).message}`, evidence: null };
  }
}

async function loadScan(job: ScanJob) {
  return getDb().scan.findFirst({
    where: { id: job.scanId, tenantId: job.tenantId },
    select: { status: true, scanType: true, tenant: { select: { msTenantId: true } } },
  });
}

async function setProgress(job: ScanJob, data: { checksDone: number; checksTotal?: number }) {
  await getDb().scan.updateMany({ where: { id: job.scanId, tenantId: job.tenantId, status: "in_progress" }, data });
}

/** Reads the tenant through Graph and DNS and evaluates every check of the scan type. */
export async function collectAndEvaluate(
  job: ScanJob,
  msTenantId: string,
  options: { now?: Date; client?: GraphClient } = {},
): Promise<CheckResultData[]> {
  const now = options.now ?? new Date();
  // The accepted risks in force when the scan evaluates; one that expires later stops applying to later scans.
  const [exceptions, declaredBreakGlass] = await Promise.all([listActiveExceptions(job.tenantId, now), findDeclaredBreakGlass(job.tenantId)]);
  const checks = checksFor(job.scanType);
  await setProgress(job, { checksDone: 0, checksTotal: checks.length });
  const env = getEnv();
  const client = options.client ?? new GraphClient(getMicrosoftConfig(), msTenantId);
  const resolver = createResolver(env.DNS_SERVERS?.split(",").map((s) => s.trim()).filter(Boolean));
  const wanted = [...new Set(checks.flatMap((c) => c.sources as readonly SourceId[]))];
  const done = new Set<SourceId>();
  let reported = 0;
  const sources = await fetchSources(client, resolver, wanted, (id) => {
    done.add(id);
    // A check is "done" once all its sources are in; evaluation itself is instantaneous.
    const ready = checks.filter((c) => c.sources.every((s) => done.has(s as SourceId))).length;
    if (ready > reported) {
      reported = ready;
      void setProgress(job, { checksDone: ready }).catch(() => {});
    }
  }, declaredBreakGlass);
  return checks.map((check) => evaluateCheck(check, sources, now, exceptions));
}

/**
 * Stores results, counts, score and `completed` in one transaction — only if the scan is still in progress
 * (a scan the reaper already failed stays failed; a retried save after success is a no-op).
 */
export async function saveResults(job: ScanJob, results: CheckResultData[]): Promise<ScanRunOutcome> {
  const counts = { pass: 0, fail: 0, skip: 0, error: 0 };
  for (const r of results) counts[r.status]++;
  return getDb().$transaction(async (tx) => {
    const updated = await tx.scan.updateMany({
      where: { id: job.scanId, tenantId: job.tenantId, status: "in_progress" },
      data: {
        status: "completed",
        completedAt: new Date(),
        passCount: counts.pass,
        failCount: counts.fail,
        skipCount: counts.skip,
        errorCount: counts.error,
        score: computeScore(counts.pass, counts.fail),
        checksDone: results.length,
        checksTotal: results.length,
      },
    });
    if (updated.count === 0) return { status: "skipped" as const, reason: "scan is no longer in progress" };
    await tx.checkResult.createMany({
      data: results.map((r) => ({
        id: newId("checkResult"),
        scanId: job.scanId,
        tenantId: job.tenantId,
        checkId: r.checkId,
        status: r.status,
        severity: r.severity,
        message: r.message,
        evidence: (r.evidence ?? undefined) as Prisma.InputJsonValue | undefined,
      })),
    });
    return { status: "completed" as const, counts };
  });
}

export async function runScan(step: StepRunner, job: ScanJob): Promise<ScanRunOutcome> {
  const scan = await step.run("load-scan", async () => {
    const s = await loadScan(job);
    return s ? { status: s.status, msTenantId: s.tenant.msTenantId } : null;
  });
  if (!scan) return { status: "skipped", reason: "scan not found" };
  if (scan.status !== "in_progress") return { status: "skipped", reason: `scan is ${scan.status}` };
  if (!scan.msTenantId) throw new GraphError("auth", 0, "NoMicrosoftTenant", "The tenant has no Microsoft tenant id; complete admin consent again");
  const msTenantId = scan.msTenantId;
  const results = await step.run("collect-and-evaluate", () => collectAndEvaluate(job, msTenantId));
  return step.run("save-results", () => saveResults(job, results));
}

/** Error code and message a failed scan shows, for anything the pipeline threw. */
export function describeFailure(error: unknown): { code: string; message: string; retriable: boolean } {
  if (error instanceof GraphError) {
    switch (error.kind) {
      case "auth":
        return { code: "MICROSOFT_AUTH_FAILED", message: error.message, retriable: false };
      case "throttled":
        return { code: "GRAPH_THROTTLED", message: `Microsoft Graph kept throttling the scan: ${error.message}`, retriable: true };
      case "unavailable":
        return { code: "GRAPH_UNAVAILABLE", message: `Microsoft Graph was unavailable: ${error.message}`, retriable: true };
      default:
        return { code: "GRAPH_ERROR", message: error.message, retriable: false };
    }
  }
  return { code: "SCAN_ENGINE_ERROR", message: "The scan engine failed unexpectedly", retriable: true };
}

/** Marks a scan failed unless it already finished. Returns whether it changed anything. */
export async function markScanFailed(job: Pick<ScanJob, "scanId" | "tenantId">, code: string, message: string): Promise<boolean> {
  const { count } = await getDb().scan.updateMany({
    where: { id: job.scanId, tenantId: job.tenantId, status: "in_progress" },
    data: { status: "failed", completedAt: new Date(), errorCode: code, errorMessage: message.slice(0, 1000) },
  });
  return count > 0;
}

/**
 * System job, deliberately across all tenants (it only moves stuck scans of any tenant to failed).
 * Fails every scan that has been in progress longer than the timeout (a crashed inline worker, a lost event),
 * so none stays in_progress forever and a new scan of that type can start. Returns the ids it failed.
 */
export async function reapStuckScans(now = new Date(), timeoutSeconds = getEnv().SCAN_TIMEOUT_SECONDS): Promise<string[]> {
  const db = getDb();
  const cutoff = new Date(now.getTime() - timeoutSeconds * 1000);
  const stuck = await db.scan.findMany({ where: { status: "in_progress", startedAt: { lt: cutoff } }, select: { id: true }, take: 1000 });
  if (stuck.length === 0) return [];
  await db.scan.updateMany({
    where: { id: { in: stuck.map((s) => s.id) }, status: "in_progress" },
    data: { status: "failed", completedAt: now, errorCode: "SCAN_TIMED_OUT", errorMessage: `The scan did not finish within ${timeoutSeconds} seconds` },
  });
  return stuck.map((s) => s.id);
}
