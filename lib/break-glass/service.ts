import "server-only";
import { recordAudit, type Actor } from "@/lib/audit";
import type { BreakGlassResource, UpdateBreakGlassInput } from "@/lib/break-glass/schemas";
import { getDb } from "@/lib/db";

/**
 * The tenant's declared break-glass accounts and groups. Conditional Access checks accept policy exclusions only for
 * these, so every change is audited with what was declared before and after.
 */

export type DeclaredBreakGlass = { userIds: string[]; groupIds: string[] };

export async function getBreakGlass(tenantId: string): Promise<BreakGlassResource> {
  const row = await getDb().breakGlassSetting.findUnique({ where: { tenantId } });
  return { user_ids: row?.userIds ?? [], group_ids: row?.groupIds ?? [], updated_at: row?.updatedAt.toISOString() ?? null };
}

/** What a scan applies (ids lowercased by the input schema). */
export async function findDeclaredBreakGlass(tenantId: string): Promise<DeclaredBreakGlass> {
  const row = await getDb().breakGlassSetting.findUnique({ where: { tenantId }, select: { userIds: true, groupIds: true } });
  return { userIds: row?.userIds ?? [], groupIds: row?.groupIds ?? [] };
}

/** Replaces the declaration as a whole (PUT semantics); empty lists declare nothing. */
export async function updateBreakGlass(tenantId: string, input: UpdateBreakGlassInput, actor: Actor): Promise<BreakGlassResource> {
  return getDb().$transaction(async (tx) => {
    const before = await tx.breakGlassSetting.findUnique({ where: { tenantId } });
    const row = await tx.breakGlassSetting.upsert({
      where: { tenantId },
      create: { tenantId, userIds: input.user_ids, groupIds: input.group_ids },
      update: { userIds: input.user_ids, groupIds: input.group_ids },
    });
    await recordAudit(tx, actor, {
      tenantId,
      action: "break_glass.updated",
      targetType: "break_glass",
      targetId: tenantId,
      metadata: {
        before: { user_ids: before?.userIds ?? [], group_ids: before?.groupIds ?? [] },
        after: { user_ids: row.userIds, group_ids: row.groupIds },
      },
    });
    return { user_ids: row.userIds, group_ids: row.groupIds, updated_at: row.updatedAt.toISOString() };
  });
}
