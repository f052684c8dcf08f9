import "server-only";
import { getDb } from "@/lib/db";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";

export type Actor =
  | { type: "token"; id: string }
  | { type: "user"; id: string }
  | { type: "system"; id?: string }
  | { type: "operator"; id?: string };

type Tx = Prisma.TransactionClient | PrismaClient;

type AuditEventInput = { tenantId: string | null; action: string; targetType?: string; targetId?: string; metadata?: Prisma.InputJsonValue };

function auditRow(actor: Actor, event: AuditEventInput) {
  return {
    id: newId("auditEvent"),
    tenantId: event.tenantId,
    actorType: actor.type,
    actorId: actor.id ?? null,
    action: event.action,
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
    metadata: event.metadata,
  };
}

/** Appends an audit event in the caller's transaction, so the event exists exactly when the change does. */
export async function recordAudit(tx: Tx, actor: Actor, event: AuditEventInput): Promise<void> {
  await tx.auditEvent.create({ data: auditRow(actor, event) });
}

/** The same for several events of one actor (one per tenant of a person, say), in one statement. */
export async function recordAuditMany(tx: Tx, actor: Actor, events: AuditEventInput[]): Promise<void> {
  if (events.length > 0) await tx.auditEvent.createMany({ data: events.map((e) => auditRow(actor, e)) });
}

export type AuditEventView = {
  id: string;
  action: string;
  actor: { type: string; id: string | null; name: string | null };
  target: { type: string | null; id: string | null };
  metadata: unknown;
  createdAt: Date;
};

/**
 * A tenant's audit log, newest first, with actors named (member name or e-mail, token name). A fixed three
 * queries per page, whatever the page holds.
 */
export async function listAuditEvents(tenantId: string, page: number, limit: number): Promise<{ events: AuditEventView[]; total: number }> {
  const db = getDb();
  const [events, total] = await Promise.all([
    db.auditEvent.findMany({ where: { tenantId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: (page - 1) * limit, take: limit }),
    db.auditEvent.count({ where: { tenantId } }),
  ]);
  const ids = (type: string) => [...new Set(events.filter((e) => e.actorType === type && e.actorId).map((e) => e.actorId!))];
  const [users, tokens] = await Promise.all([
    db.user.findMany({ where: { id: { in: ids("user") } }, select: { id: true, name: true, email: true } }),
    db.apiToken.findMany({ where: { id: { in: ids("token") }, tenantId }, select: { id: true, name: true, prefix: true } }),
  ]);
  const names = new Map<string, string>([
    ...users.map((u) => [u.id, u.name ? `${u.name} (${u.email})` : u.email] as const),
    ...tokens.map((t) => [t.id, `API token "${t.name}" (${t.prefix}…)`] as const),
  ]);
  return {
    total,
    events: events.map((e) => ({
      id: e.id,
      action: e.action,
      actor: { type: e.actorType, id: e.actorId, name: e.actorId ? (names.get(e.actorId) ?? null) : null },
      target: { type: e.targetType, id: e.targetId },
      metadata: e.metadata,
      createdAt: e.createdAt,
    })),
  };
}
