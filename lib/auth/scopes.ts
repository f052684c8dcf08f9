import { z } from "zod";
import type { Role } from "@/lib/generated/prisma/enums";

/** What an API token can be granted: the public contract's scopes. */
export const TOKEN_SCOPES = ["scans:read", "scans:write", "schedules:read", "schedules:write", "exceptions:read", "exceptions:write"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];
export const tokenScopeSchema = z.enum(TOKEN_SCOPES);

/**
 * Managing the tenant itself. Only signed-in members hold these (through their role), never an API token: a
 * leaked integration token must not be able to add members, mint tokens or disconnect Microsoft 365.
 */
export const MEMBER_SCOPES = ["members:read", "members:write", "tokens:read", "tokens:write", "connection:write", "audit:read"] as const;
export type MemberScope = (typeof MEMBER_SCOPES)[number];

export type Scope = TokenScope | MemberScope;

const VIEWER: Scope[] = ["scans:read", "schedules:read", "exceptions:read", "members:read", "tokens:read"];
const ADMIN: Scope[] = [...VIEWER, "scans:write", "schedules:write", "exceptions:write"];
const OWNER: Scope[] = [...ADMIN, "members:write", "tokens:write", "connection:write", "audit:read"];

/**
 * The one place roles become permissions: viewers read everything but the audit log; admins also trigger scans
 * and edit schedules and accepted risks; owners also manage members, tokens, the connection and read the audit log.
 */
export const ROLE_SCOPES: Record<Role, readonly Scope[]> = { viewer: VIEWER, admin: ADMIN, owner: OWNER };

export const ROLES = ["owner", "admin", "viewer"] as const satisfies readonly Role[];
export const roleSchema = z.enum(ROLES);

export function roleAllows(role: Role, scope: Scope): boolean {
  return ROLE_SCOPES[role].includes(scope);
}
