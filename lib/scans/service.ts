import "server-only";
import { AppError, notFound } from "@/lib/api/errors";
import { recordAudit, type Actor } from "@/lib/audit";
import { getDb, lockForTransaction } from "@/lib/db";
import type { Prisma, Scan, Tenant } from "@/lib/generated/prisma/client";
import type { ScanTrigger, ScanType } from "@/lib/generated/prisma/enums";
import { newId } from "@/lib/ids";
import { enqueueScans, getJobDriver } from "@/lib/jobs/driver";
import { describeError, log } from "@/lib/log";
import { checksFor } from "@/lib/scans/checks/registry";
import { selectScan, selectScanPage, selectTriggerGate } from "@/lib/scans/hot-path";
import type { ListScansQuery } from "@/lib/scans/schemas";
import { billingPeriod, getPlanLimits } from "@/lib/tenants/plans";

export async function listScans(tenantId: string, query: ListScansQuery): Promise<{ scans: Scan[]; total: number }> {
  // One hand-written round trip (lib/scans/hot-path.ts); exact totals come from trigger-maintained counters (see the
  // init migration): O(1) at any table size.
  const { scans, total } = await selectScanPage(tenantId, { status: query.status, scanType: query.scan_type }, { limit: query.limit, offset: (query.page - 1) * query.limit });
  return { scans, total };
}

export async function getScanOrThrow(tenantId: string, scanId: string): Promise<Scan> {
  // No stored id holds a NUL (PostgreSQL cannot store one, and would refuse the statement): such an id is not found.
  const scan = scanId.includes("\u0000") ? null : await selectScan(tenantId, scanId);
  if (!scan) throw notFound("Scan");
  return scan;
}

/** Scans that count toward the plan quota in a billing period: not plan-schedule scans, not failed ones. */
export async function countQuotaScans(tx: Prisma.TransactionClient, tenantId: string, since: Date): Promise<number> {
  return tx.scan.count({ where: { tenantId, trigger: { not: "plan_schedule" }, status: { not: "failed" }, startedAt: { gte: since } } });
}

function isInProgressConflict(error: unknown): boolean {
  const e = error as { code?: string; meta?: { driverAdapterError?: { cause?: { constraint?: { index?: string }; originalMessage?: string } } } };
  if (e?.code !== "P2002") return false;
  const cause = e.meta?.driverAdapterError?.cause;
  return cause?.constraint?.index === "scans_one_in_progress_per_type" || (cause?.originalMessage ?? "").includes("scans_one_in_progress_per_type");
}

function alreadyRunning(scanType: ScanType, scanId?: string): AppError {
  return new AppError(
    "SCAN_ALREADY_RUNNING",
    `A ${scanType} scan is already in progress for this tenant`,
    scanId ? { scan_id: scanId } : undefined,
  );
}

export type TriggerScanOptions = { scanType: ScanType; trigger: ScanTrigger; scheduledScanId?: string };

/** Serialises scan creation per tenant for the rest of the transaction. */
async function lockTenantScans(tx: Prisma.TransactionClient, tenantId: string): Promise<void> {
  await lockForTransaction(tx, `scan-trigger:${tenantId}`);
}

/**
 * Creates an in-progress scan inside the caller's transaction — the one path shared by the API and the
 * schedule dispatcher. Refusals, in order: TENANT_NOT_CONNECTED, SCAN_ALREADY_RUNNING, SCAN_PLAN_LIMIT_REACHED
 * (plan-schedule scans never count toward, nor are refused by, the quota). A per-tenant advisory lock makes
 * the check-and-insert race-free; the partial unique index on in-progress scans backs it up in the database.
 */
/** What the trigger rules need to know about a tenant at the moment a scan would start. */
export type ScanGate = { inProgressScanId: string | null; quotaUsed: number };

/**
 * The trigger rules, in order: TENANT_NOT_CONNECTED, SCAN_ALREADY_RUNNING, SCAN_PLAN_LIMIT_REACHED (plan-schedule
 * scans are never refused by, nor count toward, the quota). Pure, so the API path and the schedule dispatcher's
 * bulk path apply exactly the same rules.
 */
export function scanRefusal(tenant: Tenant, options: TriggerScanOptions, gate: ScanGate, now = new Date()): AppError | null {
  if (tenant.connectionStatus !== "connected") {
    return new AppError("TENANT_NOT_CONNECTED", "Microsoft admin consent has not been completed for this tenant");
  }
  if (gate.inProgressScanId) return alreadyRunning(options.scanType, gate.inProgressScanId);
  if (options.trigger !== "plan_schedule") {
    const limits = getPlanLimits(tenant.plan);
    if (gate.quotaUsed >= limits.scansPerPeriod) {
      const period = billingPeriod(tenant.billingAnchor, now);
      return new AppError("SCAN_PLAN_LIMIT_REACHED", `The ${limits.label} plan allows ${limits.scansPerPeriod} scans per billing period; this period's quota is used up`, {
        limit: limits.scansPerPeriod,
        used: gate.quotaUsed,
        period_start: period.start.toISOString(),
        period_end: period.end.toISOString(),
      });
    }
  }
  return null;
}

/** The new scan row for a trigger; shared by the single and the bulk path. */
export function newScanData(tenantId: string, options: TriggerScanOptions) {
  return {
    id: newId("scan"),
    tenantId,
    scanType: options.scanType,
    trigger: options.trigger,
    scheduledScanId: options.scheduledScanId ?? null,
    checksTotal: checksFor(options.scanType).length, // progress is meaningful from the first response
  };
}

/**
 * Creates an in-progress scan inside the caller's transaction (the API's path). A per-tenant advisory lock makes
 * the check-and-insert race-free; the partial unique index on in-progress scans backs it up in the database.
 */
async function createScanInTx(tx: Prisma.TransactionClient, tenant: Tenant, options: TriggerScanOptions, actor: Actor): Promise<Scan> {
  await lockTenantScans(tx, tenant.id);
  const inProgress = await tx.scan.findFirst({ where: { tenantId: tenant.id, scanType: options.scanType, status: "in_progress" }, select: { id: true } });
  const quotaUsed = options.trigger === "plan_schedule" ? 0 : await countQuotaScans(tx, tenant.id, billingPeriod(tenant.billingAnchor).start);
  const refusal = scanRefusal(tenant, options, { inProgressScanId: inProgress?.id ?? null, quotaUsed });
  if (refusal) throw refusal;
  const created = await tx.scan.create({ data: newScanData(tenant.id, options) });
  await recordAudit(tx, actor, { tenantId: tenant.id, action: "scan.triggered", targetType: "scan", targetId: created.id, metadata: { scan_type: created.scanType, trigger: created.trigger } });
  return created;
}

// Triggers for one tenant queue on the advisory lock; give them room instead of failing under bursts.
const SCAN_TX_OPTIONS = { maxWait: 15_000, timeout: 15_000 };

/**
 * Hands a scan the API just created to the job layer. If that fails the scan is removed again (the caller sees
 * an error and nothing half-started remains, no quota used) and SERVICE_UNAVAILABLE surfaces.
 */
export async function handOffScan(scan: Pick<Scan, "id" | "tenantId" | "scanType">): Promise<void> {
  try {
    await getJobDriver().enqueueScan({ scanId: scan.id, tenantId: scan.tenantId, scanType: scan.scanType });
  } catch (error) {
    log.error("scan hand-off failed; removing the scan", { scanId: scan.id, ...describeError(error) });
    await getDb().$transaction(async (tx) => {
      await tx.scan.deleteMany({ where: { id: scan.id, tenantId: scan.tenantId } });
      await recordAudit(tx, { type: "system" }, { tenantId: scan.tenantId, action: "scan.discarded", targetType: "scan", targetId: scan.id, metadata: { reason: "hand-off failed" } });
    });
    throw new AppError("SERVICE_UNAVAILABLE", "The scan could not be queued; nothing was started. Try again shortly.");
  }
}

/**
 * Hands many created scans to the job layer at once (the schedule dispatcher). If that fails they are kept as
 * failed with SCAN_DISPATCH_FAILED: their schedule runs already point at them.
 */
export async function handOffScans(scans: Pick<Scan, "id" | "tenantId" | "scanType">[]): Promise<void> {
  try {
    await enqueueScans(getJobDriver(), scans.map((s) => ({ scanId: s.id, tenantId: s.tenantId, scanType: s.scanType })));
  } catch (error) {
    log.error("bulk scan hand-off failed", { count: scans.length, ...describeError(error) });
    await getDb().scan.updateMany({
      where: { id: { in: scans.map((s) => s.id) }, status: "in_progress" },
      data: { status: "failed", completedAt: new Date(), errorCode: "SCAN_DISPATCH_FAILED", errorMessage: "The scan could not be queued" },
    });
  }
}

/**
 * Starts a scan now (API and dashboard). TENANT_NOT_CONNECTED is answered before anything is written; if the
 * hand-off to the job layer fails, the scan is removed again and the error surfaces.
 */
export async function triggerScan(tenantId: string, options: TriggerScanOptions, actor: Actor): Promise<Scan> {
  const db = getDb();
  // Cheap early answers (not connected, the common conflict) in one round trip, outside any transaction.
  const gate = await selectTriggerGate(tenantId, options.scanType);
  if (!gate) throw notFound("Tenant");
  if (gate.connectionStatus !== "connected") {
    throw new AppError("TENANT_NOT_CONNECTED", "Microsoft admin consent has not been completed for this tenant");
  }
  if (gate.runningId) throw alreadyRunning(options.scanType, gate.runningId);
  // The transaction decides again under the tenant's lock, from the full tenant row (plan, billing anchor).
  const tenant = await db.tenant.findUnique({ where: { id: tenantId } });
  if (!tenant) throw notFound("Tenant");
  let scan: Scan;
  try {
    scan = await db.$transaction((tx) => createScanInTx(tx, tenant, options, actor), SCAN_TX_OPTIONS);
  } catch (error) {
    if (isInProgressConflict(error)) throw alreadyRunning(options.scanType);
    throw error;
  }
  await handOffScan(scan);
  return scan;
}

/** The tenant's completed scans of one type, newest first (the compare picker). */
export async function listCompletedScans(tenantId: string, scanType: ScanType, options: { excludeId?: string; take?: number } = {}) {
  return getDb().scan.findMany({
    where: { tenantId, scanType, status: "completed", ...(options.excludeId ? { id: { not: options.excludeId } } : {}) },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: options.take ?? 50,
    select: { id: true, startedAt: true, score: true },
  });
}
