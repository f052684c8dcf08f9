import "server-only";
import { createHash } from "node:crypto";
import { AppError, notFound } from "@/lib/api/errors";
import { recordAudit, type Actor } from "@/lib/audit";
import type { Scope } from "@/lib/auth/scopes";
import { getDb } from "@/lib/db";
import { newId, randomBase62 } from "@/lib/ids";

/**
 * API tokens: `a365_` + 40 base62 characters (~238 bits). Only a sha256 of the token is stored. A fast hash
 * is the right tool here (GitHub and Stripe do the same): the token is random and long, so there is nothing
 * to brute-force, and a slow hash would be paid on every API request.
 */
const TOKEN_PREFIX = "a365_";
const TOKEN_PATTERN = /^a365_[0-9A-Za-z]{40}$/;
const LAST_USED_RESOLUTION_MS = 60_000;

export type AuthenticatedToken = { id: string; tenantId: string; scopes: Scope[] };

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function generateToken(): string {
  return TOKEN_PREFIX + randomBase62(40);
}

export async function createApiToken(
  tenantId: string,
  input: { name: string; scopes: Scope[] },
  actor: Actor,
): Promise<{ token: string; id: string; name: string; prefix: string; scopes: Scope[]; createdAt: Date }> {
  const db = getDb();
  const token = generateToken();
  const record = await db.$transaction(async (tx) => {
    const tenant = await tx.tenant.findUnique({ where: { id: tenantId }, select: { id: true } });
    if (!tenant) throw notFound("Tenant");
    const created = await tx.apiToken.create({
      data: {
        id: newId("apiToken"),
        tenantId,
        name: input.name,
        tokenHash: hashToken(token),
        prefix: token.slice(0, 12),
        scopes: [...new Set(input.scopes)],
      },
    });
    await recordAudit(tx, actor, { tenantId, action: "api_token.created", targetType: "api_token", targetId: created.id, metadata: { scopes: created.scopes } });
    return created;
  });
  return { token, id: record.id, name: record.name, prefix: record.prefix, scopes: record.scopes as Scope[], createdAt: record.createdAt };
}

/** Returns the token's tenant and scopes, or null for a malformed, unknown or revoked token. */
export async function authenticateToken(token: string): Promise<AuthenticatedToken | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const db = getDb();
  // Hot path of every API request: one indexed lookup, no relation load.
  const record = await db.apiToken.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, tenantId: true, scopes: true, revokedAt: true, lastUsedAt: true },
  });
  if (!record || record.revokedAt) return null;
  const now = Date.now();
  if (!record.lastUsedAt || now - record.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    // Best effort and coarse (once a minute): bookkeeping must not slow down or fail the request.
    void db.apiToken
      .updateMany({ where: { id: record.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now - LAST_USED_RESOLUTION_MS) } }] }, data: { lastUsedAt: new Date(now) } })
      .catch(() => {});
  }
  return { id: record.id, tenantId: record.tenantId, scopes: record.scopes as Scope[] };
}

/** Operator action: revokes a token by id. Revoking twice is not an error; an unknown id is. */
export async function revokeApiToken(tokenId: string, actor: Actor): Promise<{ id: string; tenantId: string; revokedAt: Date }> {
  const db = getDb();
  return db.$transaction(async (tx) => {
    const existing = await tx.apiToken.findUnique({ where: { id: tokenId } });
    if (!existing) throw notFound("API token");
    if (existing.revokedAt) return { id: existing.id, tenantId: existing.tenantId, revokedAt: existing.revokedAt };
    const revoked = await tx.apiToken.update({ where: { id: tokenId }, data: { revokedAt: new Date() } });
    await recordAudit(tx, actor, { tenantId: revoked.tenantId, action: "api_token.revoked", targetType: "api_token", targetId: revoked.id });
    return { id: revoked.id, tenantId: revoked.tenantId, revokedAt: revoked.revokedAt! };
  });
}

export function assertScopes(scopes: readonly Scope[], required: Scope): void {
  if (!scopes.includes(required)) {
    throw new AppError("FORBIDDEN", `This token lacks the '${required}' scope`, { required_scope: required });
  }
}
