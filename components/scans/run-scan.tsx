"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { apiFetch, ApiError } from "@/lib/api/client";
import type { ScanResource } from "@/lib/scans/schemas";

type ScanType = "compliance" | "exposure";

/** What each documented refusal means to the person who clicked. */
function explain(error: ApiError): React.ReactNode {
  const details = (error.details ?? {}) as { scan_id?: string; limit?: number; used?: number; period_end?: string };
  switch (error.code) {
    case "SCAN_ALREADY_RUNNING":
      return (
        <>
          A scan of this type is already running{details.scan_id ? <> (<Link className="underline" href={`/dashboard/scans/${details.scan_id}`}>open it</Link>)</> : null}.
        </>
      );
    case "TENANT_NOT_CONNECTED":
      return (
        <>
          Microsoft 365 is not connected yet. <Link className="underline" href="/dashboard/onboarding">Connect it</Link> first.
        </>
      );
    case "SCAN_PLAN_LIMIT_REACHED":
      return `Your plan's scans for this period are used up (${details.used ?? "?"} of ${details.limit ?? "?"})${details.period_end ? `; the next period starts ${new Date(details.period_end).toLocaleString()}` : ""}. The automatic plan scan still runs.`;
    case "FORBIDDEN":
      return "Your role cannot start scans. Ask an owner to make you an admin.";
    default:
      return error.message;
  }
}

export function RunScan() {
  const router = useRouter();
  const run = useMutation({
    mutationFn: (scanType: ScanType) => apiFetch<ScanResource>("/tenants/me/scans", { method: "POST", body: { scan_type: scanType } }),
    onSuccess: () => router.refresh(),
  });
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap gap-2">
        <Button onClick={() => run.mutate("compliance")} disabled={run.isPending}>
          Run compliance scan
        </Button>
        <Button variant="secondary" onClick={() => run.mutate("exposure")} disabled={run.isPending}>
          Run exposure scan
        </Button>
      </div>
      {run.isSuccess && (
        <p role="status" className="text-sm text-emerald-800">
          The {run.data.scan_type} scan started.
        </p>
      )}
      {run.error && (
        <p role="alert" className="text-sm text-red-700">
          {run.error instanceof ApiError ? explain(run.error) : "The scan could not be started."}
        </p>
      )}
    </div>
  );
}
