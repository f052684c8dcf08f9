// React Query keys and hooks of the Scheduled Scans API.
import { useQuery } from "@tanstack/react-query";
import { apiFetch, apiFetchPage } from "@/lib/api/client";
import type { PreviewScheduleInput, ScheduleResource } from "@/lib/schedules/schemas";

export type PreviewRun = { at: string; local: string };
export type ScheduleRun = { id: string; slot: string; outcome: "started" | "skipped_running" | "skipped_quota" | "skipped_not_connected"; scanId: string | null; createdAt: string };

export const scheduleKeys = {
  all: (tenantId: string) => ["schedules", tenantId] as const,
  list: (tenantId: string) => [...scheduleKeys.all(tenantId), "list"] as const,
  runs: (tenantId: string, id: string) => [...scheduleKeys.all(tenantId), "runs", id] as const,
  preview: (input: PreviewScheduleInput) => ["schedule-preview", input] as const,
};

export const schedulePaths = {
  list: "/tenants/me/scheduled-scans",
  one: (id: string) => `/tenants/me/scheduled-scans/${encodeURIComponent(id)}`,
  runs: (id: string) => `/tenants/me/scheduled-scans/${encodeURIComponent(id)}/runs?limit=20`,
  preview: "/tenants/me/scheduled-scans/preview",
};

export function useSchedules(tenantId: string, initialData: ScheduleResource[]) {
  return useQuery({ queryKey: scheduleKeys.list(tenantId), queryFn: () => apiFetch<ScheduleResource[]>(schedulePaths.list), initialData });
}

export function useScheduleRuns(tenantId: string, id: string, enabled: boolean) {
  return useQuery({ queryKey: scheduleKeys.runs(tenantId, id), queryFn: () => apiFetchPage<ScheduleRun[]>(schedulePaths.runs(id)), enabled });
}

/** The next runs of a draft; `input` null (the draft is not valid yet) keeps the last answer on screen. */
export function useSchedulePreview(input: PreviewScheduleInput | null) {
  return useQuery({
    queryKey: scheduleKeys.preview(input ?? ({} as PreviewScheduleInput)),
    // The zone travels with the runs, so a half-typed zone never formats the previous answer.
    queryFn: async () => ({ zone: input!.timezone, runs: await apiFetch<PreviewRun[]>(schedulePaths.preview, { method: "POST", body: input }) }),
    enabled: input !== null,
    placeholderData: (previous) => previous,
    staleTime: 60_000,
  });
}
