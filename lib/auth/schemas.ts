import { z } from "zod";
import { paginationQuerySchema } from "@/lib/api/query";
import { futureInstantSchema, textSchema } from "@/lib/api/schemas";
import { roleSchema, TOKEN_SCOPES, tokenScopeSchema } from "@/lib/auth/scopes";

// Inputs of the tenant-management routes (members, invitations, API tokens, audit log, session), shared by the
// route handlers, the OpenAPI document and the Settings forms.

const MAX_TOKEN_LIFETIME_DAYS = 730;

export const createTokenSchema = z.strictObject({
  name: textSchema("name", 1, 80).meta({ description: "What the token is for, e.g. 'SIEM export'" }),
  scopes: z
    .array(tokenScopeSchema)
    .min(1, "choose at least one scope")
    .max(TOKEN_SCOPES.length)
    .refine((s) => new Set(s).size === s.length, "each scope at most once"),
  expires_at: futureInstantSchema("expires_at", MAX_TOKEN_LIFETIME_DAYS).meta({ description: "When the token stops working (omit or null: never)" }),
});
export type CreateTokenInput = z.infer<typeof createTokenSchema>;

/** Lowercased; a UPN or e-mail address as Entra ID issues it in `preferred_username`. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "an address is at most 254 characters")
  .pipe(z.email({ message: "enter the person's sign-in address (UPN), e.g. name@contoso.com" }));

export const inviteMemberSchema = z.strictObject({
  email: emailSchema.meta({ description: "The person's Microsoft sign-in name (UPN) or verified e-mail" }),
  role: roleSchema,
});
export type InviteMemberInput = z.infer<typeof inviteMemberSchema>;

export const updateMemberSchema = z.strictObject({ role: roleSchema });
export type UpdateMemberInput = z.infer<typeof updateMemberSchema>;

export const switchTenantSchema = z.strictObject({ tenant_id: z.string().min(1).max(64) });

export const listAuditQuerySchema = paginationQuerySchema;
export const listTokensQuerySchema = paginationQuerySchema;
