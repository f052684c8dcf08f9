import type { ReactNode } from "react";
import type { AuthenticatedSession } from "@/lib/auth/sessions";
import { ConnectionBadge } from "@/components/ui/badge";
import { Logo } from "@/components/shell/logo";
import { NavLinks } from "@/components/shell/nav-links";
import { TenantSwitcher } from "@/components/shell/tenant-switcher";
import { UserMenu } from "@/components/shell/user-menu";

/** The signed-in frame: product, the tenant every page is about (and the switcher), navigation, the account menu. */
export function AppShell({ session, children }: { session: AuthenticatedSession; children: ReactNode }) {
  const active = session.active;
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center gap-3 px-4 pt-3 sm:px-6">
          <Logo href="/dashboard" />
          <span aria-hidden="true" className="text-slate-300">
            /
          </span>
          <div className="flex min-w-0 flex-1 items-center gap-2">
            <TenantSwitcher
              tenants={session.memberships.map((m) => ({ id: m.tenantId, name: m.tenantName, role: m.role, connectionStatus: m.connectionStatus }))}
              activeId={active?.tenantId ?? null}
            />
            {active && (
              <span className="hidden sm:inline">
                <ConnectionBadge status={active.connectionStatus} />
              </span>
            )}
          </div>
          <UserMenu name={session.user.name} email={session.user.email} role={active?.role ?? null} />
        </div>
        <div className="mx-auto max-w-6xl px-2 sm:px-4">
          <NavLinks fleet={session.memberships.length > 1} />
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
        {children}
      </main>
    </div>
  );
}
