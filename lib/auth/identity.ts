import "server-only";
import { recordAudit, recordAuditMany, type Actor } from "@/lib/audit";
import { deleteUserSessions, type AuthenticatedSession } from "@/lib/auth/sessions";
import { getDb, lockForTransaction } from "@/lib/db";
import type { User } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import { acceptInvitationsInTx } from "@/lib/tenants/members";
import { createTenantInTx } from "@/lib/tenants/service";

/** Who Microsoft says signed in, from a validated id token (lib/auth/entra.ts). */
export type EntraIdentity = {
  tid: string;
  oid: string;
  /** `preferred_username` (the UPN for work accounts), lowercased. */
  username: string;
  name: string | null;
  /** The `email` claim only when Entra vouches for its domain (`xms_edov`); otherwise null. */
  verifiedEmail: string | null;
};

function placeholderTenantName(username: string): string {
  return username.split("@")[1] || "My organization";
}

/**
 * Turns a sign-in into a user and memberships, in one transaction serialised per Microsoft tenant:
 * - the user is found or created by (tid, oid) — never by e-mail — and their name and sign-in name refreshed;
 * - the first person of a Microsoft tenant without an Aether365 tenant creates one (free plan, connection pending)
 *   and owns it; later people of that Microsoft tenant join it as viewers (as owner if it has no owner at all, e.g.
 *   a tenant the operator created). Someone an owner removed stays removed until invited again;
 * - open invitations to the person's UPN or verified e-mail are accepted.
 */
export async function signInIdentity(identity: EntraIdentity, now = new Date()): Promise<User> {
  return getDb().$transaction(
    async (tx) => {
      await lockForTransaction(tx, `ms-tenant:${identity.tid}`);
      const user = await tx.user.upsert({
        where: { msTenantId_msObjectId: { msTenantId: identity.tid, msObjectId: identity.oid } },
        create: { id: newId("user"), msTenantId: identity.tid, msObjectId: identity.oid, email: identity.username, name: identity.name, lastSignInAt: now },
        update: { email: identity.username, name: identity.name, lastSignInAt: now },
      });
      const actor: Actor = { type: "user", id: user.id };
      const tenant = await tx.tenant.findUnique({ where: { msTenantId: identity.tid }, select: { id: true } });
      if (!tenant) {
        const created = await createTenantInTx(tx, { name: placeholderTenantName(identity.username), plan: "free", msTenantId: identity.tid }, actor);
        await tx.membership.create({ data: { id: newId("membership"), tenantId: created.id, userId: user.id, role: "owner" } });
        await recordAudit(tx, actor, { tenantId: created.id, action: "member.joined", targetType: "user", targetId: user.id, metadata: { role: "owner", via: "created_tenant" } });
      } else {
        const membership = await tx.membership.findUnique({ where: { tenantId_userId: { tenantId: tenant.id, userId: user.id } }, select: { id: true } });
        if (!membership) {
          const owners = await tx.membership.count({ where: { tenantId: tenant.id, role: "owner", removedAt: null } });
          const role = owners === 0 ? "owner" : "viewer";
          await tx.membership.create({ data: { id: newId("membership"), tenantId: tenant.id, userId: user.id, role } });
          await recordAudit(tx, actor, { tenantId: tenant.id, action: "member.joined", targetType: "user", targetId: user.id, metadata: { role, via: "microsoft_tenant" } });
        }
      }
      const addresses = [...new Set([identity.username, identity.verifiedEmail].filter((a): a is string => Boolean(a)))];
      await acceptInvitationsInTx(tx, user.id, addresses, now);
      const memberships = await tx.membership.findMany({ where: { userId: user.id, removedAt: null }, select: { tenantId: true } });
      await recordAuditMany(
        tx,
        actor,
        memberships.map((m) => ({ tenantId: m.tenantId, action: "user.signed_in", targetType: "user", targetId: user.id, metadata: { username: identity.username } })),
      );
      return user;
    },
    { maxWait: 15_000, timeout: 15_000 },
  );
}

/** "Sign out everywhere": ends every session of the user, audited in each of their tenants. */
export async function signOutEverywhere(session: AuthenticatedSession): Promise<number> {
  const count = await deleteUserSessions(session.user.id);
  await recordAuditMany(
    getDb(),
    { type: "user", id: session.user.id },
    session.memberships.map((m) => ({ tenantId: m.tenantId, action: "user.signed_out_everywhere", targetType: "user", targetId: session.user.id, metadata: { sessions: count } })),
  );
  return count;
}
