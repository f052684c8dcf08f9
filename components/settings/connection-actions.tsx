"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { apiFetch, ApiError } from "@/lib/api/client";
import { tenantKeys, tenantPaths } from "@/lib/tenants/queries";
import type { TenantResource } from "@/lib/tenants/schemas";

/** Owner actions on the connection: check it again now, and disconnect (with confirmation). */
export function ConnectionActions({ tenantId, status, canVerify }: { tenantId: string; status: string; canVerify: boolean }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const done = () => {
    void queryClient.invalidateQueries({ queryKey: tenantKeys.all(tenantId) });
    router.refresh();
  };
  const verify = useMutation({ mutationFn: () => apiFetch<TenantResource>(tenantPaths.verify(tenantId), { method: "POST" }), onSuccess: done });
  const disconnect = useMutation({
    mutationFn: () => apiFetch<TenantResource>(tenantPaths.connection(tenantId), { method: "DELETE" }),
    onSuccess: () => {
      setConfirming(false);
      done();
    },
  });
  const error = (verify.error ?? disconnect.error) as ApiError | null;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        {canVerify && (
          <Button variant="secondary" onClick={() => verify.mutate()} disabled={verify.isPending}>
            {verify.isPending ? "Checking…" : "Check connection"}
          </Button>
        )}
        {status === "connected" && !confirming && (
          <Button variant="ghost" className="text-red-700 hover:bg-red-50" onClick={() => setConfirming(true)}>
            Disconnect…
          </Button>
        )}
      </div>
      {confirming && (
        <div role="alertdialog" aria-labelledby="disconnect-title" className="rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-900">
          <p id="disconnect-title" className="font-semibold">
            Disconnect Microsoft 365?
          </p>
          <p className="mt-1">
            Scans and schedules stop until you connect again; scan history stays. Aether365 forgets its access tokens. To withdraw the consent itself,
            an administrator removes the Aether365 enterprise application in the Entra admin center.
          </p>
          <div className="mt-3 flex gap-2">
            <Button variant="danger" size="sm" onClick={() => disconnect.mutate()} disabled={disconnect.isPending}>
              {disconnect.isPending ? "Disconnecting…" : "Disconnect"}
            </Button>
            <Button variant="secondary" size="sm" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          </div>
        </div>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error.message}
        </p>
      )}
    </div>
  );
}
