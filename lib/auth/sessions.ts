import "server-only";
import { randomBytes } from "node:crypto";
import { notFound } from "@/lib/api/errors";
import { sessionLimits } from "@/lib/auth/config";
import { hashToken } from "@/lib/auth/tokens";
import { getDb } from "@/lib/db";
import type { ConnectionStatus, Role } from "@/lib/generated/prisma/enums";
import { newId } from "@/lib/ids";

/**
 * Dashboard sessions (next-auth's database strategy, through the adapter in lib/auth/next-auth.ts). The cookie carries a random
 * token; the row holds its sha256. A session is valid until `expiresAt` (absolute, SESSION_MAX_HOURS after sign-in,
 * never extended) and while requests keep coming within SESSION_IDLE_MINUTES of each other. Deleting a user's rows
 * signs them out everywhere at once, because every request looks its session up.
 */
const LAST_SEEN_RESOLUTION_MS = 60_000;

export type SessionMembership = { tenantId: string; tenantName: string; role: Role; connectionStatus: ConnectionStatus };
export type SessionUser = { id: string; email: string; name: string | null; msTenantId: string };
export type AuthenticatedSession = {
  id: string;
  user: SessionUser;
  /** Active memberships, by tenant name. */
  memberships: SessionMembership[];
  /** The tenant the dashboard is about: the switcher's choice, else the user's own Microsoft tenant's, else the first. */
  active: SessionMembership | null;
  expiresAt: Date;
};

export function generateSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

export async function createSession(userId: string, token: string, now = new Date()): Promise<{ id: string; expiresAt: Date }> {
  const { maxMs } = sessionLimits();
  const row = await getDb().session.create({
    data: { id: newId("session"), tokenHash: hashToken(token), userId, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + maxMs) },
    select: { id: true, expiresAt: true },
  });
  return row;
}

export async function deleteSessionByToken(token: string): Promise<void> {
  await getDb().session.deleteMany({ where: { tokenHash: hashToken(token) } });
}

/** The session behind a cookie value, or null when it is unknown, expired or idle too long. */
export async function authenticateSession(token: string, now = new Date()): Promise<AuthenticatedSession | null> {
  if (token.length < 20 || token.length > 200) return null;
  const db = getDb();
  const row = await db.session.findUnique({
    where: { tokenHash: hashToken(token) },
    include: {
      user: {
        select: {
          id: true,
          email: true,
          name: true,
          msTenantId: true,
          memberships: {
            where: { removedAt: null },
            select: { role: true, tenant: { select: { id: true, name: true, connectionStatus: true, msTenantId: true } } },
          },
        },
      },
    },
  });
  if (!row) return null;
  const { idleMs } = sessionLimits();
  const t = now.getTime();
  if (row.expiresAt.getTime() <= t || t - row.lastSeenAt.getTime() > idleMs) {
    void db.session.deleteMany({ where: { id: row.id } }).catch(() => {});
    return null;
  }
  if (t - row.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
    // Coarse, best effort: the idle clock needs minutes, not every request's write.
    void db.session.updateMany({ where: { id: row.id }, data: { lastSeenAt: now } }).catch(() => {});
  }
  const rows = [...row.user.memberships].sort((a, b) => a.tenant.name.localeCompare(b.tenant.name) || a.tenant.id.localeCompare(b.tenant.id));
  const memberships: SessionMembership[] = rows.map((m) => ({ tenantId: m.tenant.id, tenantName: m.tenant.name, role: m.role, connectionStatus: m.tenant.connectionStatus }));
  const at = (i: number) => (i >= 0 ? memberships[i] : undefined);
  const active =
    at(rows.findIndex((m) => m.tenant.id === row.activeTenantId)) ?? at(rows.findIndex((m) => m.tenant.msTenantId === row.user.msTenantId)) ?? memberships[0] ?? null;
  return {
    id: row.id,
    user: { id: row.user.id, email: row.user.email, name: row.user.name, msTenantId: row.user.msTenantId },
    memberships,
    active,
    expiresAt: row.expiresAt,
  };
}

/** The tenant switcher: only a tenant the user is an active member of; anything else is NOT_FOUND. */
export async function switchActiveTenant(session: AuthenticatedSession, tenantId: string): Promise<SessionMembership> {
  const membership = session.memberships.find((m) => m.tenantId === tenantId);
  if (!membership) throw notFound("Tenant");
  await getDb().session.update({ where: { id: session.id }, data: { activeTenantId: tenantId } });
  return membership;
}

/** Signs the user out on every browser: all their sessions stop working with the next request. */
export async function deleteUserSessions(userId: string): Promise<number> {
  const { count } = await getDb().session.deleteMany({ where: { userId } });
  return count;
}
