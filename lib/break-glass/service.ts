import "server-only";
import { recordAudit, type Actor } from "@/lib/audit";
import { OBJECT_ID, type BreakGlassCandidate, type BreakGlassCandidates, type BreakGlassResource, type UpdateBreakGlassInput } from "@/lib/break-glass/schemas";
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


/**
 * What the latest completed compliance scan saw excluded but undeclared, from the near misses the Conditional Access
 * checks record (see conditional-access/coverage.ts), most-excluded first: break-glass accounts are excluded from every
 * policy, so an id excluded from many is the one to declare. Only ever a suggestion: an admin confirms each.
 */
export async function findBreakGlassCandidates(tenantId: string): Promise<BreakGlassCandidates | null> {
  const db = getDb();
  const scan = await db.scan.findFirst({
    where: { tenantId, scanType: "compliance", status: "completed" },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    select: { id: true, completedAt: true },
  });
  if (!scan) return null;
  const [results, declared] = await Promise.all([
    db.checkResult.findMany({ where: { tenantId, scanId: scan.id }, select: { evidence: true } }),
    findDeclaredBreakGlass(tenantId),
  ]);
  const found = new Map<string, BreakGlassCandidate>();
  const note = (kind: BreakGlassCandidate["kind"], id: unknown, policy: string) => {
    if (typeof id !== "string" || !OBJECT_ID.test(id)) return;
    const key = `${kind}:${id.toLowerCase()}`;
    const entry = found.get(key) ?? { kind, id: id.toLowerCase(), policies: [] };
    if (!entry.policies.includes(policy)) entry.policies.push(policy);
    found.set(key, entry);
  };
  for (const { evidence } of results) {
    const nearMisses = (evidence as { nearMisses?: unknown } | null)?.nearMisses;
    if (!Array.isArray(nearMisses)) continue;
    for (const miss of nearMisses as { displayName?: unknown; excludes?: { users?: unknown; groups?: unknown } }[]) {
      const policy = typeof miss?.displayName === "string" ? miss.displayName : "a Conditional Access policy";
      if (Array.isArray(miss?.excludes?.users)) for (const id of miss.excludes.users) note("user", id, policy);
      if (Array.isArray(miss?.excludes?.groups)) for (const id of miss.excludes.groups) note("group", id, policy);
    }
  }
  const isDeclared = (c: BreakGlassCandidate) => (c.kind === "user" ? declared.userIds : declared.groupIds).includes(c.id);
  const candidates = [...found.values()].filter((c) => !isDeclared(c)).sort((a, b) => b.policies.length - a.policies.length || a.id.localeCompare(b.id));
  return { scanId: scan.id, completedAt: (scan.completedAt ?? new Date()).toISOString(), candidates };
}
