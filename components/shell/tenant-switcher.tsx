"use client";

import { useSwitchTenant } from "@/components/shell/use-switch-tenant";

export type SwitcherTenant = { id: string; name: string; role: string; connectionStatus: string };

/** Which tenant the dashboard is about. One tenant: its name. Several: a select that switches the session's tenant. */
export function TenantSwitcher({ tenants, activeId }: { tenants: SwitcherTenant[]; activeId: string | null }) {
  const switchTo = useSwitchTenant();
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
        disabled={switchTo.isPending}
        onChange={(event) => switchTo.mutate(event.target.value)}
        className="max-w-[11rem] truncate rounded-md border border-slate-300 bg-white py-1.5 pl-2 pr-7 text-sm font-medium text-slate-800 shadow-sm focus:outline-2 focus:outline-sky-600 sm:max-w-xs"
      >
        {tenants.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
      {switchTo.error && (
        <span role="alert" className="text-xs text-red-700">
          {switchTo.error.message}
        </span>
      )}
    </div>
  );
}
