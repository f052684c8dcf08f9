"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { apiFetch } from "@/lib/api/client";

/** Makes a tenant the session's (`me`) and opens a page of it; the header's switcher and the fleet rows share it. */
export function useSwitchTenant(href = "/dashboard") {
  const router = useRouter();
  return useMutation({
    mutationFn: (tenantId: string) => apiFetch("/api/session/tenant", { method: "PUT", body: { tenant_id: tenantId } }),
    onSuccess: () => {
      router.push(href);
      router.refresh();
    },
  });
}
