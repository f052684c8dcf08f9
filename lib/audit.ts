import "server-only";
import type { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";

export type Actor =
  | { type: "token"; id: string }
  | { type: "user"; id: string }
  | { type: "system"; id?: string }
  | { type: "operator"; id?: string };

type Tx = Prisma.TransactionClient | PrismaClient;

/** Appends an audit event in the caller's transaction, so the event exists exactly when the change does. */
export async function recordAudit(
  tx: Tx,
  actor: Actor,
  event: { tenantId: string | null; action: string; targetType?: string; targetId?: string; metadata?: Prisma.InputJsonValue },
): Promise<void> {
  await tx.auditEvent.create({
    data: {
      id: newId("auditEvent"),
      tenantId: event.tenantId,
      actorType: actor.type,
      actorId: actor.id ?? null,
      action: event.action,
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      metadata: event.metadata,
    },
  });
}
