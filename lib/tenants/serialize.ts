import type { AuditEventView } from "@/lib/audit";
import type { TokenWithCreator } from "@/lib/auth/tokens";
import type { Invitation, Role, Tenant } from "@/lib/generated/prisma/client";
import type { VerifiedDomain } from "@/lib/tenants/connection";
import type { MemberWithUser } from "@/lib/tenants/members";
import type { AuditEventResource, InvitationResource, MemberResource, TenantResource, TokenResource } from "@/lib/tenants/schemas";

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function toTenantResource(
  tenant: Tenant,
  role: Role | null,
  usage: { used: number; limit: number; period: { start: Date; end: Date } },
): TenantResource {
  const domains = (Array.isArray(tenant.msVerifiedDomains) ? tenant.msVerifiedDomains : []) as VerifiedDomain[];
  return {
    id: tenant.id,
    name: tenant.name,
    plan: tenant.plan,
    role,
    connection: {
      status: tenant.connectionStatus,
      ms_tenant_id: tenant.msTenantId,
      display_name: tenant.msDisplayName,
      verified_domains: domains.map((d) => ({ name: d.name, is_default: d.isDefault, is_initial: d.isInitial })),
      consented_at: iso(tenant.consentedAt),
      checked_at: iso(tenant.connectionCheckedAt),
      error: tenant.connectionError,
    },
    usage: { scans_used: usage.used, scans_limit: usage.limit, period_start: usage.period.start.toISOString(), period_end: usage.period.end.toISOString() },
    created_at: tenant.createdAt.toISOString(),
  };
}

export function toMemberResource(m: MemberWithUser): MemberResource {
  return { id: m.id, user_id: m.user.id, name: m.user.name, email: m.user.email, role: m.role, joined_at: m.createdAt.toISOString(), last_sign_in_at: iso(m.user.lastSignInAt) };
}

export function toInvitationResource(i: Invitation, now = new Date()): InvitationResource {
  return { id: i.id, email: i.email, role: i.role, created_at: i.createdAt.toISOString(), expires_at: i.expiresAt.toISOString(), expired: i.expiresAt <= now };
}

export function toTokenResource(t: TokenWithCreator, now = new Date()): TokenResource {
  const status = t.revokedAt ? "revoked" : t.expiresAt && t.expiresAt <= now ? "expired" : "active";
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    scopes: t.scopes,
    created_at: t.createdAt.toISOString(),
    created_by: t.createdBy,
    last_used_at: iso(t.lastUsedAt),
    expires_at: iso(t.expiresAt),
    revoked_at: iso(t.revokedAt),
    status,
  };
}

export function toAuditEventResource(e: AuditEventView): AuditEventResource {
  return { id: e.id, action: e.action, actor: e.actor, target: e.target, metadata: e.metadata ?? null, created_at: e.createdAt.toISOString() };
}
