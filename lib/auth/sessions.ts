import "server-only";
import { randomBytes } from "node:crypto";
import { notFound } from "@/lib/api/errors";
import { sessionLimits } from "@/lib/auth/config";
import { hashToken } from "@/lib/auth/tokens";
import { getDb, rawName } from "@/lib/db";
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

type SessionRow = {
  id: string;
  activeTenantId: string | null;
  expiresAt: Date;
  lastSeenAt: Date;
  user: SessionUser;
  memberships: { role: Role; tenant: { id: string; name: string; connectionStatus: ConnectionStatus; msTenantId: string | null } }[];
};

type JoinedRow = {
  id: string;
  active_tenant_id: string | null;
  expires_at: Date;
  last_seen_at: Date;
  user_id: string;
  email: string;
  user_name: string | null;
  user_ms_tenant_id: string;
  role: Role | null;
  tenant_id: string | null;
  tenant_name: string | null;
  connection_status: ConnectionStatus | null;
  tenant_ms_tenant_id: string | null;
};

/**
 * The session, its user and the user's active memberships in one statement (one row per membership). Every
 * dashboard request runs this; the ORM's nested include sent four dependent queries, a round trip each.
 */
async function findSession(tokenHash: string): Promise<SessionRow | null> {
  const db = getDb();
  const t = (name: string) => rawName(name, db);
  const rows = await db.$queryRawUnsafe<JoinedRow[]>(
    `SELECT s.id, s.active_tenant_id, s.expires_at, s.last_seen_at,
            u.id AS user_id, u.email, u.name AS user_name, u.ms_tenant_id AS user_ms_tenant_id,
            m.role::text AS role, tn.id AS tenant_id, tn.name AS tenant_name, tn.connection_status::text AS connection_status,
            tn.ms_tenant_id AS tenant_ms_tenant_id
     FROM ${t("sessions")} s
     JOIN ${t("users")} u ON u.id = s.user_id
     LEFT JOIN ${t("memberships")} m ON m.user_id = u.id AND m.removed_at IS NULL
     LEFT JOIN ${t("tenants")} tn ON tn.id = m.tenant_id
     WHERE s.token_hash = $1`,
    tokenHash,
  );
  const first = rows[0];
  if (!first) return null;
  return {
    id: first.id,
    activeTenantId: first.active_tenant_id,
    expiresAt: first.expires_at,
    lastSeenAt: first.last_seen_at,
    user: { id: first.user_id, email: first.email, name: first.user_name, msTenantId: first.user_ms_tenant_id },
    memberships: rows
      .filter((r) => r.tenant_id !== null && r.role !== null)
      .map((r) => ({ role: r.role!, tenant: { id: r.tenant_id!, name: r.tenant_name!, connectionStatus: r.connection_status!, msTenantId: r.tenant_ms_tenant_id } })),
  };
}

/** The session behind a cookie value, or null when it is unknown, expired or idle too long. */
export async function authenticateSession(token: string, now = new Date()): Promise<AuthenticatedSession | null> {
  if (token.length < 20 || token.length > 200) return null;
  const db = getDb();
  const row = await findSession(hashToken(token));
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
  const rows = [...row.memberships].sort((a, b) => a.tenant.name.localeCompare(b.tenant.name) || a.tenant.id.localeCompare(b.tenant.id));
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
