// React Query keys and hooks of the exceptions API.
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/client";
import type { ExceptionResource } from "@/lib/exceptions/schemas";

export const exceptionKeys = { list: (tenantId: string) => ["exceptions", tenantId] as const };
export const exceptionPaths = { list: "/tenants/me/exceptions", one: (id: string) => `/tenants/me/exceptions/${encodeURIComponent(id)}` };

export function useExceptions(tenantId: string) {
  return useQuery({ queryKey: exceptionKeys.list(tenantId), queryFn: () => apiFetch<ExceptionResource[]>(exceptionPaths.list) });
}
