"use client";

import { useSwitchTenant } from "@/components/shell/use-switch-tenant";

/** Switches the session to a tenant and opens a page of it (the fleet view's rows). */
export function OpenTenantButton({ tenantId, name, href = "/dashboard" }: { tenantId: string; name: string; href?: string }) {
  const open = useSwitchTenant(href);
  return (
    <span>
      <button
        type="button"
        disabled={open.isPending}
        className="font-medium text-sky-800 hover:underline focus-visible:outline-2 focus-visible:outline-sky-600"
        onClick={() => open.mutate(tenantId)}
      >
        {name}
      </button>
      {open.error && (
        <span role="alert" className="block text-xs text-red-700">
          {open.error.message}
        </span>
      )}
    </span>
  );
}
