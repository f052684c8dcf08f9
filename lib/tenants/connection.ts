import "server-only";
import { AppError, notFound } from "@/lib/api/errors";
import { recordAudit, type Actor } from "@/lib/audit";
import { getAppOrigin } from "@/lib/auth/config";
import { roleAllows } from "@/lib/auth/scopes";
import { hashToken } from "@/lib/auth/tokens";
import { getDb } from "@/lib/db";
import type { Tenant } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import { log } from "@/lib/log";
import { getMicrosoftConfig } from "@/lib/microsoft/config";
import { GraphError } from "@/lib/microsoft/errors";
import { GraphClient } from "@/lib/microsoft/graph";
import type { GraphCollection, Organization } from "@/lib/microsoft/graph-types";
import { forgetAppToken } from "@/lib/microsoft/token";
import { signConsentState, verifyConsentState } from "@/lib/tenants/consent-state";

/**
 * The tenant's connection to Microsoft 365: admin consent to our multi-tenant Entra app, verified by actually
 * reading the tenant (an app-only token and GET /organization) before it counts as connected.
 */
export const CONSENT_TTL_MS = 10 * 60_000;
export const GRAPH_DEFAULT_SCOPE = "https://graph.microsoft.com/.default";
export const CONSENT_CALLBACK_PATH = "/api/admin-consent/callback";

/** How a consent round trip ended; the callback redirects with one of these and the page words it. */
export const CONSENT_OUTCOMES = [
  "connected",
  "denied",
  "consent_error",
  "verify_failed",
  "invalid_state",
  "expired_state",
  "used_state",
  "wrong_user",
  "wrong_tenant",
  "forbidden",
] as const;
export type ConsentOutcome = (typeof CONSENT_OUTCOMES)[number];

export type VerifiedDomain = { name: string; isDefault: boolean; isInitial: boolean };

/** Starts admin consent for the tenant: records a single-use request and returns Microsoft's consent URL. */
export async function startAdminConsent(tenantId: string, userId: string, now = new Date()): Promise<{ url: string }> {
  const db = getDb();
  const tenant = await db.tenant.findUnique({ where: { id: tenantId } });
  if (!tenant) throw notFound("Tenant");
  const { authorityHost, clientId } = getMicrosoftConfig();
  if (!clientId) throw new AppError("SERVICE_UNAVAILABLE", "Microsoft sign-in is not configured on this server (ENTRA_CLIENT_ID)");
  const consentId = newId("consentRequest");
  const expiresAt = new Date(now.getTime() + CONSENT_TTL_MS);
  const state = signConsentState({ consentId, tenantId, userId, expiresAt });
  await db.$transaction(async (tx) => {
    await tx.consentRequest.create({ data: { id: consentId, state: hashToken(state), tenantId, userId, createdAt: now, expiresAt } });
    await recordAudit(tx, { type: "user", id: userId }, { tenantId, action: "consent.started", targetType: "tenant", targetId: tenantId });
  });
  const url = new URL(`${authorityHost}/${tenant.msTenantId ?? "organizations"}/v2.0/adminconsent`);
  url.searchParams.set("client_id", clientId);
  url.searchParams.set("scope", GRAPH_DEFAULT_SCOPE);
  url.searchParams.set("redirect_uri", `${getAppOrigin()}${CONSENT_CALLBACK_PATH}`);
  url.searchParams.set("state", state);
  return { url: url.toString() };
}

/** Microsoft's error_description, first line, without trace ids, as plain text of bounded length. */
function describeMicrosoftError(description: string | undefined): string {
  const first = (description ?? "").split(/\r?\n/)[0] ?? "";
  return first
    .replace(/\s*Trace ID:.*$/i, "")
    .replace(/[\p{Cc}]/gu, " ")
    .trim()
    .slice(0, 300);
}

const DENIED_ERRORS = new Set(["access_denied", "consent_required", "interaction_required"]);

/**
 * Completes an admin-consent round trip from the callback's query. The state must be authentic, unexpired,
 * unused, issued to this user for a tenant they may connect; Microsoft's answer must be a grant for that tenant's
 * Microsoft tenant. Only then is the connection verified. Returns the outcome; never throws for bad input.
 */
export async function completeAdminConsent(
  userId: string,
  query: Record<string, string | undefined>,
  now = new Date(),
): Promise<{ outcome: ConsentOutcome; tenantId?: string }> {
  const db = getDb();
  const payload = query.state ? verifyConsentState(query.state) : null;
  if (!payload) return { outcome: "invalid_state" };
  if (payload.userId !== userId) return { outcome: "wrong_user" };
  if (payload.expiresAt <= now) return { outcome: "expired_state", tenantId: payload.tenantId };
  const membership = await db.membership.findFirst({ where: { tenantId: payload.tenantId, userId, removedAt: null }, select: { role: true } });
  if (!membership || !roleAllows(membership.role, "connection:write")) return { outcome: "forbidden" };

  // Single use: exactly one callback can claim the request; a replay finds it completed.
  const claimed = await db.consentRequest.updateMany({
    where: { id: payload.consentId, state: hashToken(query.state!), tenantId: payload.tenantId, userId, completedAt: null, expiresAt: { gt: now } },
    data: { completedAt: now },
  });
  if (claimed.count === 0) return { outcome: "used_state", tenantId: payload.tenantId };

  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: payload.tenantId } });
  const actor: Actor = { type: "user", id: userId };
  const finish = async (outcome: ConsentOutcome, connectionError?: string | null, extra?: Record<string, string>) => {
    await db.$transaction(async (tx) => {
      await tx.consentRequest.update({ where: { id: payload.consentId }, data: { outcome } });
      if (connectionError !== undefined) await tx.tenant.update({ where: { id: tenant.id }, data: { connectionError, connectionCheckedAt: now } });
      await recordAudit(tx, actor, { tenantId: tenant.id, action: `consent.${outcome}`, targetType: "tenant", targetId: tenant.id, metadata: extra });
    });
    return { outcome, tenantId: tenant.id };
  };

  if (query.error) {
    const detail = describeMicrosoftError(query.error_description);
    const code = query.error.slice(0, 64).replace(/[^A-Za-z0-9_]/g, "");
    const denied = DENIED_ERRORS.has(code);
    const reason = denied
      ? `Declined at Microsoft${detail ? ` — ${detail}` : "."}`
      : `Microsoft returned an error (${code || "unknown"})${detail ? `: ${detail}` : "."}`;
    return finish(denied ? "denied" : "consent_error", reason, { error: code });
  }
  const granted = (query.admin_consent ?? "").toLowerCase() === "true";
  const grantedTenant = (query.tenant ?? "").toLowerCase();
  const expectedTenant = tenant.msTenantId?.toLowerCase();
  if (!granted || !grantedTenant || (expectedTenant && grantedTenant !== expectedTenant)) {
    const reason = `Consent was granted for another Microsoft tenant than this one${expectedTenant ? ` (${expectedTenant})` : ""}. Sign in to Microsoft as an administrator of this tenant and try again.`;
    return finish("wrong_tenant", reason, { granted_tenant: grantedTenant.slice(0, 64) });
  }
  if (!expectedTenant) {
    // A tenant the operator created without a Microsoft tenant: the redirect is not signed by Microsoft, so its
    // `tenant` value is only believed when it is the consenting person's own, signed-in Microsoft tenant.
    const user = await db.user.findUnique({ where: { id: userId }, select: { msTenantId: true } });
    if (!user || grantedTenant !== user.msTenantId.toLowerCase()) {
      return finish("wrong_tenant", "Consent can only connect your own Microsoft tenant: sign in with an administrator account of the organization to connect.");
    }
    const owner = await db.tenant.findUnique({ where: { msTenantId: grantedTenant }, select: { id: true } });
    if (owner && owner.id !== tenant.id) return finish("wrong_tenant", "That Microsoft tenant is already connected to another Aether365 tenant.");
  }
  await db.tenant.update({ where: { id: tenant.id }, data: { consentedAt: now, ...(expectedTenant ? {} : { msTenantId: grantedTenant }) } });
  const verified = await verifyConnection(tenant.id, actor, now);
  return finish(verified.connectionStatus === "connected" ? "connected" : "verify_failed");
}

function explainVerificationFailure(error: unknown): { message: string; transient: boolean } {
  if (error instanceof GraphError) {
    if (error.kind === "auth") {
      return {
        message:
          "Microsoft did not let Aether365 into the tenant: admin consent may still be taking effect (allow a minute, then check again) or was removed. " +
          `(${error.code})`,
        transient: false,
      };
    }
    if (error.kind === "missing_permission") {
      return { message: "Aether365 could not read the organization profile: the Organization.Read.All permission was not granted.", transient: false };
    }
    if (error.kind === "throttled" || error.kind === "unavailable") return { message: "Microsoft Graph was unavailable; check again in a few minutes.", transient: true };
  }
  return { message: "The connection could not be verified; check again in a few minutes.", transient: true };
}

/**
 * Proves the connection: an app-only token for the tenant and GET /organization (display name, verified domains).
 * Success marks the tenant connected. Failure records the reason and leaves the tenant pending — except that a
 * passing outage (throttled, unavailable) does not disconnect a tenant that was connected.
 */
export async function verifyConnection(tenantId: string, actor: Actor, now = new Date()): Promise<Tenant> {
  const db = getDb();
  const tenant = await db.tenant.findUnique({ where: { id: tenantId } });
  if (!tenant) throw notFound("Tenant");
  if (!tenant.msTenantId) throw new AppError("VALIDATION_ERROR", "This tenant has no Microsoft tenant yet: connect it with admin consent first");
  let organization: Organization | undefined;
  let failure: { message: string; transient: boolean } | undefined;
  try {
    // Interactive: one quick retry at most, not the scan engine's patience.
    const client = new GraphClient({ ...getMicrosoftConfig(), maxRetries: 1, timeoutMs: 15_000 }, tenant.msTenantId);
    const page = await client.get<GraphCollection<Organization>>("/organization?$select=id,displayName,verifiedDomains");
    organization = page.value[0];
    if (!organization) failure = { message: "Microsoft Graph returned no organization for the tenant.", transient: false };
    else if (organization.id.toLowerCase() !== tenant.msTenantId.toLowerCase()) {
      failure = { message: "Microsoft Graph answered for another organization than this tenant's.", transient: false };
    }
  } catch (error) {
    failure = explainVerificationFailure(error);
    log.warn("connection verification failed", { tenantId, code: error instanceof GraphError ? error.code : "unknown" });
  }
  return db.$transaction(async (tx) => {
    if (organization && !failure) {
      const domains: VerifiedDomain[] = organization.verifiedDomains.map((d) => ({ name: d.name, isDefault: d.isDefault, isInitial: d.isInitial }));
      const updated = await tx.tenant.update({
        where: { id: tenant.id },
        data: {
          connectionStatus: "connected",
          consentedAt: tenant.consentedAt ?? now,
          msDisplayName: organization.displayName,
          msVerifiedDomains: domains,
          connectionError: null,
          connectionCheckedAt: now,
          // A tenant created at sign-in is named after the user's domain until Microsoft tells us its name.
          ...(domains.some((d) => d.name.toLowerCase() === tenant.name.toLowerCase()) ? { name: organization.displayName } : {}),
        },
      });
      if (tenant.connectionStatus !== "connected") {
        await recordAudit(tx, actor, { tenantId: tenant.id, action: "tenant.connected", targetType: "tenant", targetId: tenant.id, metadata: { domains: domains.length } });
      }
      return updated;
    }
    const keepConnected = failure!.transient && tenant.connectionStatus === "connected";
    return tx.tenant.update({
      where: { id: tenant.id },
      data: { connectionStatus: keepConnected ? "connected" : "pending", connectionError: failure!.message, connectionCheckedAt: now },
    });
  });
}

/**
 * Disconnects: scans stop (TENANT_NOT_CONNECTED), cached app tokens are forgotten, history stays. Microsoft keeps
 * our app's consent until an admin removes the enterprise application; the Settings page says so.
 */
export async function disconnectTenant(tenantId: string, actor: Actor): Promise<Tenant> {
  const db = getDb();
  const tenant = await db.$transaction(async (tx) => {
    const existing = await tx.tenant.findUnique({ where: { id: tenantId } });
    if (!existing) throw notFound("Tenant");
    const updated = await tx.tenant.update({ where: { id: tenantId }, data: { connectionStatus: "disconnected", consentedAt: null, connectionError: null } });
    if (existing.connectionStatus !== "disconnected") {
      await recordAudit(tx, actor, { tenantId, action: "tenant.disconnected", targetType: "tenant", targetId: tenantId });
    }
    return updated;
  });
  if (tenant.msTenantId) forgetAppToken(tenant.msTenantId);
  return tenant;
}
