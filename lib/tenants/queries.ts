// React Query keys and hooks of the tenant-management routes (members, invitations, tokens, connection).
import { useQuery } from "@tanstack/react-query";
import { apiFetch, apiFetchPage } from "@/lib/api/client";
import type { InvitationResource, MemberResource, TenantResource, TokenResource } from "@/lib/tenants/schemas";

export const tenantKeys = {
  all: (tenantId: string) => ["tenant", tenantId] as const,
  detail: (tenantId: string) => [...tenantKeys.all(tenantId), "detail"] as const,
  members: (tenantId: string) => [...tenantKeys.all(tenantId), "members"] as const,
  invitations: (tenantId: string) => [...tenantKeys.all(tenantId), "invitations"] as const,
  tokens: (tenantId: string) => [...tenantKeys.all(tenantId), "tokens"] as const,
};

const base = (tenantId: string) => `/tenants/${encodeURIComponent(tenantId)}`;

export function useTenant(tenantId: string, initialData?: TenantResource) {
  return useQuery({ queryKey: tenantKeys.detail(tenantId), queryFn: () => apiFetch<TenantResource>(base(tenantId)), initialData });
}

export function useMembers(tenantId: string) {
  return useQuery({ queryKey: tenantKeys.members(tenantId), queryFn: () => apiFetch<MemberResource[]>(`${base(tenantId)}/members`) });
}

export function useInvitations(tenantId: string) {
  return useQuery({ queryKey: tenantKeys.invitations(tenantId), queryFn: () => apiFetch<InvitationResource[]>(`${base(tenantId)}/invitations`) });
}

export function useTokens(tenantId: string) {
  return useQuery({ queryKey: tenantKeys.tokens(tenantId), queryFn: () => apiFetchPage<TokenResource[]>(`${base(tenantId)}/api-tokens?limit=100`) });
}

export const tenantPaths = {
  members: (tenantId: string) => `${base(tenantId)}/members`,
  member: (tenantId: string, id: string) => `${base(tenantId)}/members/${encodeURIComponent(id)}`,
  invitations: (tenantId: string) => `${base(tenantId)}/invitations`,
  invitation: (tenantId: string, id: string) => `${base(tenantId)}/invitations/${encodeURIComponent(id)}`,
  tokens: (tenantId: string) => `${base(tenantId)}/api-tokens`,
  token: (tenantId: string, id: string) => `${base(tenantId)}/api-tokens/${encodeURIComponent(id)}`,
  connection: (tenantId: string) => `${base(tenantId)}/connection`,
  verify: (tenantId: string) => `${base(tenantId)}/connection/verify`,
};
