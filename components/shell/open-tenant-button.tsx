"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch, ApiError } from "@/lib/api/client";

/** Switches the session to a tenant and opens a page of it (the fleet view's rows). */
export function OpenTenantButton({ tenantId, name, href = "/dashboard" }: { tenantId: string; name: string; href?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  return (
    <span>
      <button
        type="button"
        className="font-medium text-sky-800 hover:underline focus-visible:outline-2 focus-visible:outline-sky-600"
        onClick={async () => {
          try {
            await apiFetch("/api/session/tenant", { method: "PUT", body: { tenant_id: tenantId } });
            router.push(href);
            router.refresh();
          } catch (e) {
            setError(e instanceof ApiError ? e.message : "Could not open the tenant");
          }
        }}
      >
        {name}
      </button>
      {error && (
        <span role="alert" className="block text-xs text-red-700">
          {error}
        </span>
      )}
    </span>
  );
}
