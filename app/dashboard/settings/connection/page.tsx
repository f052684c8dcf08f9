import type { Metadata } from "next";
import { ConnectForm } from "@/components/settings/connect-form";
import { ConnectionActions } from "@/components/settings/connection-actions";
import { ConsentOutcomeAlert } from "@/components/settings/consent-outcome";
import { Badge, ConnectionBadge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { requireTenant } from "@/lib/auth/current";
import { getTenantResource } from "@/lib/tenants/service";

export const metadata: Metadata = { title: "Connection" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1 py-3 sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="min-w-0 text-sm text-slate-900 sm:col-span-2">{children}</dd>
    </div>
  );
}

export default async function ConnectionSettingsPage({ searchParams }: { searchParams: SearchParams }) {
  const { consent } = await searchParams;
  const { membership, can } = await requireTenant("/dashboard/settings/connection");
  const t = await getTenantResource(membership.tenantId, membership.role);
  const owner = can("connection:write");
  return (
    <div className="space-y-6">
      <ConsentOutcomeAlert outcome={typeof consent === "string" ? consent : undefined} reason={t.connection.error} />
      <Card
        title="Microsoft 365 connection"
        description="Aether365 reads this Microsoft 365 organization with read-only application permissions granted by admin consent."
        actions={<ConnectionBadge status={t.connection.status} />}
      >
        <dl className="divide-y divide-slate-100" data-testid="connection-details">
          <Row label="Status">
            <span data-testid="connection-status">{t.connection.status}</span>
          </Row>
          <Row label="Organization">{t.connection.display_name ?? <span className="text-slate-400">Not read yet</span>}</Row>
          <Row label="Microsoft tenant id">
            <code className="break-all text-xs">{t.connection.ms_tenant_id ?? "—"}</code>
          </Row>
          <Row label="Verified domains">
            {t.connection.verified_domains.length === 0 ? (
              <span className="text-slate-400">None read yet</span>
            ) : (
              <ul className="flex flex-wrap gap-2" data-testid="verified-domains">
                {t.connection.verified_domains.map((d) => (
                  <li key={d.name} className="flex items-center gap-1 rounded-md border border-slate-200 px-2 py-1">
                    <span className="font-mono text-xs">{d.name}</span>
                    {d.is_default && <Badge tone="sky">default</Badge>}
                    {d.is_initial && <Badge>initial</Badge>}
                  </li>
                ))}
              </ul>
            )}
          </Row>
          <Row label="Consent granted">
            <LocalTime value={t.connection.consented_at} />
          </Row>
          <Row label="Last checked">
            <LocalTime value={t.connection.checked_at} />
          </Row>
          {t.connection.error && (
            <Row label="Last problem">
              <span className="text-red-800">{t.connection.error}</span>
            </Row>
          )}
          <Row label="Plan">
            {t.plan} · {t.usage.scans_used} of {t.usage.scans_limit} scans used this period (until <LocalTime value={t.usage.period_end} pattern="d MMM yyyy" />)
          </Row>
        </dl>
        {owner ? (
          <div className="mt-4 flex flex-wrap items-start gap-3 border-t border-slate-100 pt-4">
            <ConnectForm tenantId={t.id} label={t.connection.status === "connected" ? "Reconnect" : "Connect Microsoft 365"} variant={t.connection.status === "connected" ? "secondary" : "primary"} />
            <ConnectionActions tenantId={t.id} status={t.connection.status} canVerify={Boolean(t.connection.ms_tenant_id && t.connection.consented_at)} />
          </div>
        ) : (
          <p className="mt-4 border-t border-slate-100 pt-4 text-sm text-slate-600">Only owners can change the connection.</p>
        )}
      </Card>
    </div>
  );
}
