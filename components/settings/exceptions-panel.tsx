"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Badge } from "@/components/ui/badge";
import { Card, EmptyState } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { LocalTime } from "@/components/ui/local-time";
import { apiFetch } from "@/lib/api/client";
import { exceptionKeys, exceptionPaths, useExceptions } from "@/lib/exceptions/queries";

/** The tenant's accepted risks: what, why, who, until when; admins can withdraw them. */
export function ExceptionsPanel({ tenantId, canEdit }: { tenantId: string; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const exceptions = useExceptions(tenantId);
  const withdraw = useMutation({
    mutationFn: (id: string) => apiFetch(exceptionPaths.one(id), { method: "DELETE" }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: exceptionKeys.list(tenantId) }),
  });
  return (
    <Card
      title="Accepted risks"
      description="Checks (or single domains, apps or users of a check) your team decided to live with. Scans report the failing results they cover as accepted risk — outside the score — until they expire."
    >
      {exceptions.isPending ? (
        <div className="h-24 animate-pulse rounded bg-slate-100" aria-busy="true" />
      ) : exceptions.isError ? (
        <p role="alert" className="text-sm text-red-700">
          {exceptions.error.message}
        </p>
      ) : exceptions.data.length === 0 ? (
        <EmptyState title="No accepted risks">{canEdit ? "Accept a risk from a failing finding on a scan's page." : null}</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100">
          {exceptions.data.map((e) => (
            <li key={e.id} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start" data-testid="exception-row" data-check-id={e.check_id}>
              <div className="min-w-0 flex-1">
                <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
                  <span className="font-mono text-xs text-slate-500">{e.check_id}</span> {e.check_title}
                  {e.object_id && <Badge tone="sky">only {e.object_id}</Badge>}
                  <Badge tone={e.status === "active" ? "green" : "amber"}>{e.status}</Badge>
                </p>
                <p className="mt-1 text-sm text-slate-700">{e.reason}</p>
                <p className="mt-1 text-xs text-slate-500">
                  By {e.created_by ? (e.created_by.name ?? e.created_by.email) : "an API token"} on <LocalTime value={e.created_at} /> ·{" "}
                  {e.expires_at ? (
                    <>
                      {e.status === "expired" ? "expired" : "expires"} <LocalTime value={e.expires_at} />
                    </>
                  ) : (
                    "no expiry"
                  )}
                </p>
              </div>
              {canEdit && (
                <ConfirmButton action="Withdraw" label={`Withdraw the accepted risk of ${e.check_id}`} onConfirm={() => withdraw.mutate(e.id)} pending={withdraw.isPending} />
              )}
            </li>
          ))}
        </ul>
      )}
      {withdraw.error && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {withdraw.error.message}
        </p>
      )}
    </Card>
  );
}
