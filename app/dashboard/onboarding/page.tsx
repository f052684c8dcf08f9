import type { Metadata } from "next";
import { ConnectForm } from "@/components/settings/connect-form";
import { ConnectionActions } from "@/components/settings/connection-actions";
import { ConsentOutcomeAlert } from "@/components/settings/consent-outcome";
import { Alert } from "@/components/ui/alert";
import { LinkButton } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { requireTenant } from "@/lib/auth/current";
import { GRAPH_APPLICATION_PERMISSIONS } from "@/lib/microsoft/permissions";
import { listMembers } from "@/lib/tenants/members";
import { getTenantOrThrow } from "@/lib/tenants/service";

export const metadata: Metadata = { title: "Connect Microsoft 365" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function OnboardingPage({ searchParams }: { searchParams: SearchParams }) {
  const { consent } = await searchParams;
  const { membership, can } = await requireTenant("/dashboard/onboarding");
  const tenant = await getTenantOrThrow(membership.tenantId);
  const connected = tenant.connectionStatus === "connected";
  const owners = can("connection:write") ? [] : (await listMembers(tenant.id)).filter((m) => m.role === "owner");
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader
        title="Connect Microsoft 365"
        description={`${tenant.name} — Aether365 reads your tenant through Microsoft Graph once an administrator of your organization grants consent.`}
      />
      <ConsentOutcomeAlert outcome={typeof consent === "string" ? consent : undefined} reason={tenant.connectionError} />
      {connected ? (
        <Alert tone="success" title="This tenant is connected" actions={<LinkButton href="/dashboard">Go to the overview</LinkButton>}>
          {tenant.msDisplayName ?? tenant.name} is connected; scans can run.
        </Alert>
      ) : (
        <Card title="Grant admin consent" description="One step, done by a Global Administrator or Privileged Role Administrator of your Microsoft 365 organization.">
          <ol className="list-decimal space-y-2 pl-5 text-sm text-slate-700">
            <li>You are signed in — Aether365 created this tenant for your organization.</li>
            <li>Microsoft shows the permissions below; an administrator accepts them for the organization.</li>
            <li>Aether365 checks that it can read your organization before it marks the tenant connected.</li>
          </ol>
          <h3 className="mt-5 text-sm font-semibold text-slate-900">Read-only Microsoft Graph application permissions</h3>
          <ul className="mt-2 grid gap-1 text-sm sm:grid-cols-2">
            {GRAPH_APPLICATION_PERMISSIONS.map((p) => (
              <li key={p.name}>
                <code className="rounded bg-slate-100 px-1 text-xs">{p.name}</code>
              </li>
            ))}
          </ul>
          <div className="mt-6 flex flex-wrap items-start gap-3">
            {can("connection:write") ? (
              <>
                <ConnectForm tenantId={tenant.id} label={tenant.consentedAt ? "Connect again" : "Connect Microsoft 365"} />
                {tenant.msTenantId && tenant.consentedAt && tenant.connectionError && <ConnectionActions tenantId={tenant.id} status={tenant.connectionStatus} canVerify />}
              </>
            ) : (
              <Alert tone="info" title="An owner connects the tenant">
                Your role is {membership.role}. Ask {owners.length > 0 ? owners.map((o) => o.user.name ?? o.user.email).join(", ") : "an owner"} to connect
                Microsoft 365.
              </Alert>
            )}
          </div>
        </Card>
      )}
    </div>
  );
}
