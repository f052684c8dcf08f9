import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { Card, EmptyState } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { Pagination } from "@/components/ui/pagination";
import { listAuditQuerySchema } from "@/lib/auth/schemas";
import { listAuditEvents } from "@/lib/audit";
import { requireTenant } from "@/lib/auth/current";

export const metadata: Metadata = { title: "Audit log" };

const ACTIONS: Record<string, string> = {
  "tenant.created": "Created the tenant",
  "tenant.connected": "Connected Microsoft 365",
  "tenant.disconnected": "Disconnected Microsoft 365",
  "consent.started": "Started admin consent",
  "consent.connected": "Completed admin consent",
  "consent.denied": "Admin consent was declined",
  "consent.consent_error": "Admin consent failed",
  "consent.verify_failed": "Connection could not be verified",
  "consent.wrong_tenant": "Consent came back for another tenant",
  "user.signed_in": "Signed in",
  "user.signed_out_everywhere": "Signed out everywhere",
  "member.joined": "Joined",
  "member.invited": "Invited a member",
  "member.role_changed": "Changed a member's role",
  "member.removed": "Removed a member",
  "invitation.accepted": "Accepted an invitation",
  "invitation.revoked": "Revoked an invitation",
  "api_token.created": "Created an API token",
  "api_token.revoked": "Revoked an API token",
  "scan.triggered": "Started a scan",
  "scan.discarded": "A scan could not be queued",
  "scheduled_scan.created": "Created a schedule",
  "scheduled_scan.updated": "Changed a schedule",
  "scheduled_scan.deleted": "Deleted a schedule",
  "exception.created": "Accepted a risk",
  "exception.deleted": "Withdrew an accepted risk",
};

function describeMetadata(metadata: unknown): string {
  if (!metadata || typeof metadata !== "object") return "";
  return Object.entries(metadata as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k.replace(/_/g, " ")}: ${Array.isArray(v) ? v.join(", ") : typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(" · ");
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const { membership, can } = await requireTenant("/dashboard/settings/audit");
  if (!can("audit:read")) {
    return <Alert tone="info" title="Only owners can read the audit log" />;
  }
  const raw = await searchParams;
  const parsed = listAuditQuerySchema.safeParse({ page: typeof raw.page === "string" ? raw.page : undefined, limit: "25" });
  const page = parsed.success ? parsed.data.page : 1;
  const { events, total } = await listAuditEvents(membership.tenantId, page, 25);
  return (
    <Card title="Audit log" description="Who did what in this tenant, newest first. Sign-ins, consent, members, tokens, schedules and scan triggers.">
      {events.length === 0 ? (
        <EmptyState title="Nothing on this page" />
      ) : (
        <ul className="divide-y divide-slate-100" aria-label="Audit events">
          {events.map((e) => (
            <li key={e.id} data-testid="audit-row" data-action={e.action} className="grid gap-1 py-3 text-sm sm:grid-cols-[11rem_minmax(0,14rem)_minmax(0,1fr)] sm:gap-4">
              <span className="text-slate-600">
                <LocalTime value={e.createdAt.toISOString()} pattern="d MMM yyyy, HH:mm:ss" />
              </span>
              <span className="truncate text-slate-900">{e.actor.name ?? (e.actor.type === "system" ? "Aether365" : e.actor.type)}</span>
              <span className="min-w-0">
                <span className="font-medium text-slate-900">{ACTIONS[e.action] ?? e.action}</span>
                {describeMetadata(e.metadata) && <span className="block break-words text-xs text-slate-600">{describeMetadata(e.metadata)}</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={page} limit={25} total={total} href={(p) => `/dashboard/settings/audit?page=${p}`} />
    </Card>
  );
}
