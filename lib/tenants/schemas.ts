import { z } from "zod";
import { roleSchema } from "@/lib/auth/scopes";

// Resources of the tenant-management routes (snake_case, like the Scans API they sit beside).

const isoTimestamp = z.string().meta({ format: "date-time", description: "ISO 8601, UTC (Z)" });

export const verifiedDomainSchema = z.object({ name: z.string(), is_default: z.boolean(), is_initial: z.boolean() });

export const tenantResourceSchema = z.object({
  id: z.string(),
  name: z.string(),
  plan: z.enum(["free", "pro", "enterprise"]),
  role: roleSchema.nullable().meta({ description: "The signed-in caller's role; null for API tokens" }),
  connection: z.object({
    status: z.enum(["pending", "connected", "disconnected"]),
    ms_tenant_id: z.string().nullable(),
    display_name: z.string().nullable().meta({ description: "The organization's name in Microsoft 365" }),
    verified_domains: z.array(verifiedDomainSchema),
    consented_at: isoTimestamp.nullable(),
    checked_at: isoTimestamp.nullable(),
    error: z.string().nullable().meta({ description: "Why the last connection attempt failed" }),
  }),
  usage: z.object({ scans_used: z.number().int(), scans_limit: z.number().int(), period_start: isoTimestamp, period_end: isoTimestamp }),
  created_at: isoTimestamp,
});
export type TenantResource = z.infer<typeof tenantResourceSchema>;

export const tenantSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  role: roleSchema.nullable(),
  connection_status: z.enum(["pending", "connected", "disconnected"]),
  active: z.boolean().meta({ description: "The tenant the dashboard session is about (`me`)" }),
});
export type TenantSummary = z.infer<typeof tenantSummarySchema>;

export const memberResourceSchema = z.object({
  id: z.string().meta({ description: "Membership id (mem_…)" }),
  user_id: z.string(),
  name: z.string().nullable(),
  email: z.string(),
  role: roleSchema,
  joined_at: isoTimestamp,
  last_sign_in_at: isoTimestamp.nullable(),
});
export type MemberResource = z.infer<typeof memberResourceSchema>;

export const invitationResourceSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: roleSchema,
  created_at: isoTimestamp,
  expires_at: isoTimestamp,
  expired: z.boolean(),
});
export type InvitationResource = z.infer<typeof invitationResourceSchema>;

export const tokenResourceSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string().meta({ description: "The token's first characters, to tell tokens apart" }),
  scopes: z.array(z.string()),
  created_at: isoTimestamp,
  created_by: z.object({ id: z.string(), name: z.string().nullable(), email: z.string() }).nullable(),
  last_used_at: isoTimestamp.nullable(),
  expires_at: isoTimestamp.nullable(),
  revoked_at: isoTimestamp.nullable(),
  status: z.enum(["active", "expired", "revoked"]),
});
export type TokenResource = z.infer<typeof tokenResourceSchema>;

export const createdTokenResourceSchema = tokenResourceSchema.extend({
  token: z.string().meta({ description: "The secret, shown only in this response; store it now" }),
});

export const auditEventResourceSchema = z.object({
  id: z.string(),
  action: z.string().meta({ example: "member.role_changed" }),
  actor: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
  target: z.object({ type: z.string().nullable(), id: z.string().nullable() }),
  metadata: z.unknown(),
  created_at: isoTimestamp,
});
export type AuditEventResource = z.infer<typeof auditEventResourceSchema>;
