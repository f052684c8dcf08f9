// React Query key and hook of the break-glass API.
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/client";
import type { BreakGlassResource } from "@/lib/break-glass/schemas";

export const breakGlassKeys = { declaration: (tenantId: string) => ["break-glass", tenantId] as const };
export const breakGlassPath = "/tenants/me/break-glass";

export function useBreakGlass(tenantId: string) {
  return useQuery({ queryKey: breakGlassKeys.declaration(tenantId), queryFn: () => apiFetch<BreakGlassResource>(breakGlassPath) });
}
