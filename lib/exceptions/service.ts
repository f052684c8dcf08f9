import "server-only";
import { AppError, notFound } from "@/lib/api/errors";
import { recordAudit, type Actor } from "@/lib/audit";
import { getDb } from "@/lib/db";
import type { RiskException } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import type { CreateExceptionInput, ExceptionResource } from "@/lib/exceptions/schemas";
import { findCheckInfo } from "@/lib/scans/checks/catalog";

/**
 * Accepted risk. An exception covers a check, or one object of a check that judges a list (a domain, an app, a user);
 * scans report the failing results it covers as skip / accepted_risk until it expires. Deleting keeps the row
 * (deletedAt), so results that name an exception can still be explained. Every change is audited.
 */
export type ExceptionWithCreator = RiskException & { createdBy: { id: string; name: string | null; email: string } | null };

const CREATOR = { createdBy: { select: { id: true, name: true, email: true } } } as const;

export function toExceptionResource(e: ExceptionWithCreator, now = new Date()): ExceptionResource {
  return {
    id: e.id,
    check_id: e.checkId,
    check_title: findCheckInfo(e.checkId)?.title ?? e.checkId,
    object_id: e.objectId,
    reason: e.reason,
    created_by: e.createdBy,
    created_at: e.createdAt.toISOString(),
    expires_at: e.expiresAt?.toISOString() ?? null,
    status: e.expiresAt && e.expiresAt <= now ? "expired" : "active",
  };
}

export async function createException(tenantId: string, input: CreateExceptionInput, actor: Actor): Promise<ExceptionWithCreator> {
  const check = findCheckInfo(input.check_id);
  if (!check) throw new AppError("VALIDATION_ERROR", "The request is invalid", [{ field: "check_id", message: `${input.check_id} is not in the check catalog` }]);
  const objectId = input.object_id ?? null;
  if (objectId && !check.object_kind) {
    throw new AppError("VALIDATION_ERROR", "The request is invalid", [
      { field: "object_id", message: `${check.id} judges the tenant as a whole; accept the risk for the whole check instead` },
    ]);
  }
  try {
    return await getDb().$transaction(async (tx) => {
      const created = await tx.riskException.create({
        data: {
          id: newId("riskException"),
          tenantId,
          checkId: check.id,
          objectId,
          reason: input.reason,
          createdById: actor.type === "user" ? actor.id : null,
          expiresAt: input.expires_at ? new Date(input.expires_at) : null,
        },
        include: CREATOR,
      });
      await recordAudit(tx, actor, {
        tenantId,
        action: "exception.created",
        targetType: "exception",
        targetId: created.id,
        metadata: { check_id: created.checkId, object_id: objectId, expires_at: created.expiresAt?.toISOString() ?? null },
      });
      return created;
    });
  } catch (error) {
    if ((error as { code?: string })?.code === "P2002") {
      throw new AppError("CONFLICT", `An exception for ${check.id}${objectId ? ` and ${objectId}` : ""} already exists; delete it to change it`);
    }
    throw error;
  }
}

/** The tenant's exceptions (expired ones included, deleted ones not), newest first. */
export async function listExceptions(tenantId: string): Promise<ExceptionWithCreator[]> {
  return getDb().riskException.findMany({ where: { tenantId, deletedAt: null }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], include: CREATOR });
}

export async function deleteException(tenantId: string, exceptionId: string, actor: Actor): Promise<void> {
  await getDb().$transaction(async (tx) => {
    const { count } = await tx.riskException.updateMany({ where: { id: exceptionId, tenantId, deletedAt: null }, data: { deletedAt: new Date() } });
    if (count === 0) throw notFound("Exception");
    await recordAudit(tx, actor, { tenantId, action: "exception.deleted", targetType: "exception", targetId: exceptionId });
  });
}

/** What a scan applies now: not deleted, not expired. Expired exceptions stop applying by themselves. */
export async function listActiveExceptions(tenantId: string, now = new Date()): Promise<RiskException[]> {
  return getDb().riskException.findMany({ where: { tenantId, deletedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } });
}
