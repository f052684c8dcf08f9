import "server-only";
import { createHash } from "node:crypto";
import { notFound } from "@/lib/api/errors";
import { AppError } from "@/lib/api/errors";
import { recordAudit, type Actor } from "@/lib/audit";
import type { TokenScope } from "@/lib/auth/scopes";
import { runningTokenCache, tokenCacheFor } from "@/lib/auth/token-cache";
import { getDb } from "@/lib/db";
import type { ApiToken, Prisma } from "@/lib/generated/prisma/client";
import { newId, randomBase62 } from "@/lib/ids";

/**
 * API tokens: `a365_` + 40 base62 characters (~238 bits). Only a sha256 of the token is stored. A fast hash
 * is the right tool here (GitHub and Stripe do the same): the token is random and long, so there is nothing
 * to brute-force, and a slow hash would be paid on every API request.
 */
const TOKEN_PREFIX = "a365_";
const TOKEN_PATTERN = /^a365_[0-9A-Za-z]{40}$/;
const LAST_USED_RESOLUTION_MS = 60_000;

export type AuthenticatedToken = { id: string; tenantId: string; scopes: TokenScope[] };

/** sha256 hex of a secret (API tokens, session tokens, consent state): what the database keeps instead. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function generateToken(): string {
  return TOKEN_PREFIX + randomBase62(40);
}

export type TokenWithCreator = ApiToken & { createdBy: { id: string; name: string | null; email: string } | null };
export type CreatedToken = { token: string; record: TokenWithCreator };
const CREATOR = { createdBy: { select: { id: true, name: true, email: true } } } as const;

export async function createApiToken(
  tenantId: string,
  input: { name: string; scopes: TokenScope[]; expiresAt?: Date | null },
  actor: Actor,
): Promise<CreatedToken> {
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
        expiresAt: input.expiresAt ?? null,
        createdById: actor.type === "user" ? actor.id : null,
      },
      include: CREATOR,
    });
    await recordAudit(tx, actor, {
      tenantId,
      action: "api_token.created",
      targetType: "api_token",
      targetId: created.id,
      metadata: { name: created.name, scopes: created.scopes, expires_at: created.expiresAt?.toISOString() ?? null },
    });
    return created;
  });
  return { token, record };
}

/**
 * Returns the token's tenant and scopes, or null for a malformed, unknown, expired or revoked token. Served from the
 * process's token cache when it may be (lib/auth/token-cache.ts: invalidated through LISTEN/NOTIFY, off while the
 * listener is down), otherwise one indexed lookup of the token row.
 */
export async function authenticateToken(token: string): Promise<AuthenticatedToken | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const db = getDb();
  const cache = tokenCacheFor(db);
  const hash = hashToken(token);
  const now = Date.now();
  let cached = cache?.get(hash, now);
  if (!cached) {
    // Read before the lookup: a NOTIFY arriving while it runs makes set() refuse its (possibly stale) result.
    const generation = cache?.currentGeneration() ?? 0;
    const record = await db.apiToken.findUnique({
      where: { tokenHash: hash },
      select: { id: true, tenantId: true, scopes: true, revokedAt: true, lastUsedAt: true, expiresAt: true },
    });
    if (!record || record.revokedAt) return null; // not cached: unknown and revoked tokens always ask the database
    cached = {
      id: record.id,
      tenantId: record.tenantId,
      scopes: Object.freeze([...record.scopes]),
      expiresAt: record.expiresAt?.getTime() ?? null,
      lastUsedAt: record.lastUsedAt?.getTime() ?? null,
    };
    cache?.set(hash, cached, generation, now);
  }
  if (cached.expiresAt !== null && cached.expiresAt <= now) return null;
  if (cached.lastUsedAt === null || now - cached.lastUsedAt > LAST_USED_RESOLUTION_MS) {
    // Best effort and coarse: at most one write per token per minute per process (the cached entry remembers the
    // write; the condition keeps other instances from repeating it). Bookkeeping must not slow or fail a request.
    cached.lastUsedAt = now;
    void db.apiToken
      .updateMany({ where: { id: cached.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now - LAST_USED_RESOLUTION_MS) } }] }, data: { lastUsedAt: new Date(now) } })
      .catch(() => {});
  }
  return { id: cached.id, tenantId: cached.tenantId, scopes: cached.scopes as TokenScope[] };
}

/**
 * Runs a change to a tenant's access (member removal, role change) so that this process serves none of the tenant's
 * tokens from its cache from before the change commits until it is done; other instances drop them when the
 * database's notification arrives (the triggers of the auth_change_notify migration).
 */
export async function whileChangingTenantAccess<T>(tenantId: string, change: () => Promise<T>): Promise<T> {
  const release = runningTokenCache()?.hold({ tenantId });
  try {
    return await change();
  } finally {
    release?.();
  }
}

/** A tenant's tokens, newest first, revoked and expired ones included (Settings shows their state). */
export async function listApiTokens(tenantId: string, page: number, limit: number): Promise<{ tokens: TokenWithCreator[]; total: number }> {
  const db = getDb();
  const [tokens, total] = await Promise.all([
    db.apiToken.findMany({
      where: { tenantId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * limit,
      take: limit,
      include: CREATOR,
    }),
    db.apiToken.count({ where: { tenantId } }),
  ]);
  return { tokens, total };
}

async function revokeWhere(where: Prisma.ApiTokenWhereInput, actor: Actor): Promise<ApiToken> {
  let release: (() => void) | undefined;
  try {
    return await getDb().$transaction(async (tx) => {
      const existing = await tx.apiToken.findFirst({ where });
      if (!existing) throw notFound("API token");
      if (existing.revokedAt) return existing; // revoking twice is not an error
      // From before the commit until after it, this process's cache neither serves nor stores the token; the
      // release drops it. Other instances drop it on the NOTIFY the api_tokens trigger sends at commit.
      release = runningTokenCache()?.hold({ tokenId: existing.id });
      const revoked = await tx.apiToken.update({ where: { id: existing.id }, data: { revokedAt: new Date() } });
      await recordAudit(tx, actor, { tenantId: revoked.tenantId, action: "api_token.revoked", targetType: "api_token", targetId: revoked.id, metadata: { name: revoked.name } });
      return revoked;
    });
  } finally {
    release?.();
  }
}

/** Revokes one of the tenant's tokens, effective with the next request. Another tenant's token is NOT_FOUND. */
export async function revokeTenantToken(tenantId: string, tokenId: string, actor: Actor): Promise<ApiToken> {
  return revokeWhere({ id: tokenId, tenantId }, actor);
}

/** Operator action (CLI): revokes a token by id, whatever its tenant. */
export async function revokeApiToken(tokenId: string, actor: Actor): Promise<ApiToken> {
  return revokeWhere({ id: tokenId }, actor);
}

export function assertScopes(scopes: readonly string[], required: string, who = "This token"): void {
  if (!scopes.includes(required)) {
    throw new AppError("FORBIDDEN", `${who} lacks the '${required}' scope`, { required_scope: required });
  }
}
