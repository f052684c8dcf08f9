// React Query keys and hooks of the Scans API.
import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/client";
import type { ScanResource } from "@/lib/scans/schemas";

export const scanKeys = {
  all: ["scans"] as const,
  detail: (scanId: string) => [...scanKeys.all, "detail", scanId] as const,
};

/** A scan, polled while it runs (every 1.5 s), and no longer once it has completed or failed. */
export function useScanProgress(scanId: string, initial: ScanResource) {
  return useQuery({
    queryKey: scanKeys.detail(scanId),
    queryFn: () => apiFetch<ScanResource>(`/scans/${encodeURIComponent(scanId)}`),
    initialData: initial,
    refetchInterval: (query) => (query.state.data?.status === "in_progress" ? 1500 : false),
  });
}
