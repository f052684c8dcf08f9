import type { ReactNode } from "react";
import { PageHeader } from "@/components/ui/card";
import { TabNav } from "@/components/ui/tab-nav";
import { requireTenant } from "@/lib/auth/current";

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const { membership, can } = await requireTenant("/dashboard/settings");
  const links = [
    { href: "/dashboard/settings/connection", label: "Connection" },
    { href: "/dashboard/settings/members", label: "Members" },
    { href: "/dashboard/settings/break-glass", label: "Break-glass" },
    { href: "/dashboard/settings/exceptions", label: "Accepted risks" },
    { href: "/dashboard/settings/tokens", label: "API tokens" },
    ...(can("audit:read") ? [{ href: "/dashboard/settings/audit", label: "Audit log" }] : []),
  ];
  return (
    <div>
      <PageHeader title="Settings" description={`${membership.tenantName} · your role: ${membership.role}`} />
      <div className="mb-6 border-b border-slate-200">
        <TabNav links={links} label="Settings" />
      </div>
      {children}
    </div>
  );
}
