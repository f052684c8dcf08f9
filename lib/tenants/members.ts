import "server-only";
import { AppError, notFound } from "@/lib/api/errors";
import { recordAudit, type Actor } from "@/lib/audit";
import type { InviteMemberInput } from "@/lib/auth/schemas";
import { ROLE_SCOPES } from "@/lib/auth/scopes";
import { whileChangingTenantAccess } from "@/lib/auth/tokens";
import { getDb, lockForTransaction } from "@/lib/db";
import type { Invitation, Membership, Prisma, Role } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";

/**
 * Members of a tenant and invitations into it. Every change holds a per-tenant lock, so "the last owner cannot be
 * removed or demoted" holds even when two owners demote each other at the same moment.
 */
export const INVITATION_TTL_MS = 7 * 86_400_000;
const ROLE_RANK: Record<Role, number> = { viewer: 0, admin: 1, owner: 2 };

type Tx = Prisma.TransactionClient;

export type MemberWithUser = Membership & { user: { id: string; name: string | null; email: string; lastSignInAt: Date | null } };

async function lockMembers(tx: Tx, tenantId: string): Promise<void> {
  await lockForTransaction(tx, `members:${tenantId}`);
}

export function higherRole(a: Role, b: Role): Role {
  return ROLE_RANK[a] >= ROLE_RANK[b] ? a : b;
}

/** Active members, owners first, then by name. */
export async function listMembers(tenantId: string): Promise<MemberWithUser[]> {
  const members = await getDb().membership.findMany({
    where: { tenantId, removedAt: null },
    include: { user: { select: { id: true, name: true, email: true, lastSignInAt: true } } },
  });
  return members.sort((a, b) => ROLE_RANK[b.role] - ROLE_RANK[a.role] || (a.user.name ?? a.user.email).localeCompare(b.user.name ?? b.user.email));
}

/** Open invitations (not accepted, not revoked), newest first; expired ones are listed so they can be re-sent. */
export async function listInvitations(tenantId: string): Promise<Invitation[]> {
  return getDb().invitation.findMany({ where: { tenantId, acceptedAt: null, revokedAt: null }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string })?.code === "P2002";
}

export async function inviteMember(tenantId: string, input: InviteMemberInput, actor: Actor, now = new Date()): Promise<Invitation> {
  try {
    return await getDb().$transaction(async (tx) => {
      await lockMembers(tx, tenantId);
      const member = await tx.membership.findFirst({ where: { tenantId, removedAt: null, user: { email: input.email } }, select: { id: true } });
      if (member) throw new AppError("CONFLICT", `${input.email} is already a member of this tenant`, { membership_id: member.id });
      const open = await tx.invitation.findFirst({ where: { tenantId, email: input.email, acceptedAt: null, revokedAt: null } });
      if (open && open.expiresAt > now) {
        throw new AppError("CONFLICT", `${input.email} already has an open invitation; revoke it to invite again with another role`, { invitation_id: open.id });
      }
      if (open) await tx.invitation.update({ where: { id: open.id }, data: { revokedAt: now } }); // expired: replace it
      const invitation = await tx.invitation.create({
        data: {
          id: newId("invitation"),
          tenantId,
          email: input.email,
          role: input.role,
          invitedById: actor.type === "user" ? actor.id : null,
          createdAt: now,
          expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
        },
      });
      await recordAudit(tx, actor, { tenantId, action: "member.invited", targetType: "invitation", targetId: invitation.id, metadata: { email: input.email, role: input.role } });
      return invitation;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", `${input.email} already has an open invitation`);
    throw error;
  }
}

export async function revokeInvitation(tenantId: string, invitationId: string, actor: Actor): Promise<void> {
  await getDb().$transaction(async (tx) => {
    await lockMembers(tx, tenantId);
    const { count } = await tx.invitation.updateMany({ where: { id: invitationId, tenantId, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count === 0) throw notFound("Invitation");
    await recordAudit(tx, actor, { tenantId, action: "invitation.revoked", targetType: "invitation", targetId: invitationId });
  });
}

async function getActiveMembershipOrThrow(tx: Tx, tenantId: string, membershipId: string): Promise<Membership> {
  const membership = await tx.membership.findFirst({ where: { id: membershipId, tenantId, removedAt: null } });
  if (!membership) throw notFound("Member");
  return membership;
}

async function assertNotLastOwner(tx: Tx, tenantId: string, membership: Membership, change: string): Promise<void> {
  if (membership.role !== "owner") return;
  const owners = await tx.membership.count({ where: { tenantId, role: "owner", removedAt: null } });
  if (owners <= 1) {
    throw new AppError("CONFLICT", `The last owner cannot be ${change}: make another member owner first`, { reason: "last_owner" });
  }
}

export async function updateMemberRole(tenantId: string, membershipId: string, role: Role, actor: Actor): Promise<Membership> {
  return whileChangingTenantAccess(tenantId, () => getDb().$transaction(async (tx) => {
    await lockMembers(tx, tenantId);
    const membership = await getActiveMembershipOrThrow(tx, tenantId, membershipId);
    if (membership.role === role) return membership;
    if (role !== "owner") await assertNotLastOwner(tx, tenantId, membership, "demoted");
    const updated = await tx.membership.update({ where: { id: membership.id }, data: { role } });
    const tokens = await narrowTokensToRole(tx, tenantId, membership.userId, role);
    await recordAudit(tx, actor, {
      tenantId,
      action: "member.role_changed",
      targetType: "user",
      targetId: membership.userId,
      metadata: { from: membership.role, to: role, tokens_narrowed: tokens.narrowed, tokens_revoked: tokens.revoked },
    });
    return updated;
  }));
}

/**
 * A token never grants more than the role of the member who made it. A demoted member's active tokens lose the
 * scopes the new role lacks (an owner made viewer keeps read-only tokens, not write access through them); a token
 * left with no scope is revoked. Promotion gives nothing back: a token's scopes only ever shrink, so an owner who
 * wants more mints a new token, seeing what it grants. Operator-made tokens (no creator) are not tied to anyone.
 * The membership trigger drops every instance's cached tokens of the tenant at commit.
 */
async function narrowTokensToRole(tx: Tx, tenantId: string, userId: string, role: Role): Promise<{ narrowed: number; revoked: number }> {
  const allowed = ROLE_SCOPES[role];
  const tokens = await tx.apiToken.findMany({ where: { tenantId, createdById: userId, revokedAt: null }, select: { id: true, scopes: true } });
  const now = new Date();
  let narrowed = 0;
  let revoked = 0;
  for (const token of tokens) {
    const kept = token.scopes.filter((scope) => (allowed as readonly string[]).includes(scope));
    if (kept.length === token.scopes.length) continue;
    if (kept.length === 0) {
      await tx.apiToken.update({ where: { id: token.id }, data: { revokedAt: now } });
      revoked += 1;
    } else {
      await tx.apiToken.update({ where: { id: token.id }, data: { scopes: kept } });
      narrowed += 1;
    }
  }
  return { narrowed, revoked };
}

export async function removeMember(tenantId: string, membershipId: string, actor: Actor): Promise<void> {
  // The hold keeps this process from serving the removed member's tokens from its cache from before the commit on.
  await whileChangingTenantAccess(tenantId, () => getDb().$transaction(async (tx) => {
    await lockMembers(tx, tenantId);
    const membership = await getActiveMembershipOrThrow(tx, tenantId, membershipId);
    await assertNotLastOwner(tx, tenantId, membership, "removed");
    const now = new Date();
    await tx.membership.update({ where: { id: membership.id }, data: { removedAt: now } });
    // Their API tokens leave with them: a removed person must not keep access through a token they made.
    const revoked = await tx.apiToken.updateMany({ where: { tenantId, createdById: membership.userId, revokedAt: null }, data: { revokedAt: now } });
    await recordAudit(tx, actor, { tenantId, action: "member.removed", targetType: "user", targetId: membership.userId, metadata: { role: membership.role, tokens_revoked: revoked.count } });
  }));
}

/**
 * At sign-in: accepts the open, unexpired invitations addressed to any of the person's verified addresses. An
 * existing membership keeps the higher of its role and the invited one; a removed member is re-admitted.
 */
export async function acceptInvitationsInTx(tx: Tx, userId: string, addresses: string[], now: Date): Promise<{ tenantId: string; role: Role }[]> {
  if (addresses.length === 0) return [];
  const invitations = await tx.invitation.findMany({
    where: { email: { in: addresses }, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    orderBy: [{ tenantId: "asc" }, { id: "asc" }], // one lock order for every sign-in: no deadlock between two
  });
  const accepted: { tenantId: string; role: Role }[] = [];
  for (const invitation of invitations) {
    await lockMembers(tx, invitation.tenantId);
    // Claimed under the lock: a revocation (which takes the same lock) or another acceptance may have come first.
    const claimed = await tx.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { acceptedAt: now, acceptedById: userId },
    });
    if (claimed.count === 0) continue;
    const existing = await tx.membership.findUnique({ where: { tenantId_userId: { tenantId: invitation.tenantId, userId } } });
    const role = existing && !existing.removedAt ? higherRole(existing.role, invitation.role) : invitation.role;
    await tx.membership.upsert({
      where: { tenantId_userId: { tenantId: invitation.tenantId, userId } },
      create: { id: newId("membership"), tenantId: invitation.tenantId, userId, role },
      update: { role, removedAt: null },
    });
    await recordAudit(tx, { type: "user", id: userId }, {
      tenantId: invitation.tenantId,
      action: "invitation.accepted",
      targetType: "invitation",
      targetId: invitation.id,
      metadata: { email: invitation.email, role },
    });
    accepted.push({ tenantId: invitation.tenantId, role });
  }
  return accepted;
}
