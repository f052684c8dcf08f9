"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { apiFetch, ApiError } from "@/lib/api/client";

export type SwitcherTenant = { id: string; name: string; role: string; connectionStatus: string };

/** Which tenant the dashboard is about. One tenant: its name. Several: a select that switches the session's tenant. */
export function TenantSwitcher({ tenants, activeId }: { tenants: SwitcherTenant[]; activeId: string | null }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const active = tenants.find((t) => t.id === activeId);
  if (tenants.length <= 1) {
    return (
      <span className="truncate text-sm font-medium text-slate-800" data-testid="tenant-name">
        {active?.name ?? "No tenant"}
      </span>
    );
  }
  return (
    <div className="flex min-w-0 items-center gap-2">
      <label htmlFor="tenant-switcher" className="sr-only">
        Tenant
      </label>
      <select
        id="tenant-switcher"
        data-testid="tenant-switcher"
        value={activeId ?? ""}
        disabled={pending}
        onChange={(event) => {
          const tenantId = event.target.value;
          setError(null);
          startTransition(async () => {
            try {
              await apiFetch("/api/session/tenant", { method: "PUT", body: { tenant_id: tenantId } });
              router.push("/dashboard");
              router.refresh();
            } catch (e) {
              setError(e instanceof ApiError ? e.message : "Could not switch tenant");
            }
          });
        }}
        className="max-w-[11rem] truncate rounded-md border border-slate-300 bg-white py-1.5 pl-2 pr-7 text-sm font-medium text-slate-800 shadow-sm focus:outline-2 focus:outline-sky-600 sm:max-w-xs"
      >
        {tenants.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
      {error && (
        <span role="alert" className="text-xs text-red-700">
          {error}
        </span>
      )}
    </div>
  );
}
