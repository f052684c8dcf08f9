"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { ScheduleForm } from "@/components/schedules/schedule-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { LocalTime } from "@/components/ui/local-time";
import { apiFetch, ApiError } from "@/lib/api/client";
import { describeCadence } from "@/lib/dashboard/format";
import { PLAN_SCHEDULE_EDITABLE, type CreateScheduleInput, type ScheduleResource } from "@/lib/schedules/schemas";
import { scheduleKeys, schedulePaths, useScheduleRuns, useSchedules } from "@/lib/schedules/queries";

const OUTCOMES: Record<string, { label: string; tone: "green" | "amber" | "neutral" | "red" }> = {
  started: { label: "Started", tone: "green" },
  skipped_running: { label: "Skipped: a scan of this type was running", tone: "amber" },
  skipped_quota: { label: "Skipped: plan quota used up", tone: "amber" },
  skipped_not_connected: { label: "Skipped: Microsoft 365 not connected", tone: "red" },
};

function Runs({ tenantId, schedule }: { tenantId: string; schedule: ScheduleResource }) {
  const runs = useScheduleRuns(tenantId, schedule.id, true);
  if (runs.isPending) return <div className="h-10 animate-pulse rounded bg-slate-100" aria-busy="true" />;
  if (runs.isError) return <p className="text-sm text-red-700">{runs.error.message}</p>;
  if (runs.data.data.length === 0) return <p className="text-sm text-slate-500">This schedule has not fired yet.</p>;
  return (
    <ul className="divide-y divide-slate-100 text-sm" data-testid="schedule-runs">
      {runs.data.data.map((r) => (
        <li key={r.id} className="flex flex-wrap items-center gap-3 py-1.5">
          <LocalTime value={r.slot} titleZone={schedule.timezone} />
          <Badge tone={OUTCOMES[r.outcome]?.tone ?? "neutral"}>{OUTCOMES[r.outcome]?.label ?? r.outcome}</Badge>
          {r.scanId && (
            <Link href={`/dashboard/scans/${r.scanId}`} className="text-sky-800 hover:underline">
              Open scan
            </Link>
          )}
        </li>
      ))}
    </ul>
  );
}

function PauseToggle({ tenantId, schedule, disabled }: { tenantId: string; schedule: ScheduleResource; disabled: boolean }) {
  const queryClient = useQueryClient();
  const key = scheduleKeys.list(tenantId);
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => apiFetch<ScheduleResource>(schedulePaths.one(schedule.id), { method: "PATCH", body: { enabled } }),
    // Optimistic: the switch moves at once and moves back if the API refuses.
    onMutate: async (enabled) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<ScheduleResource[]>(key);
      queryClient.setQueryData<ScheduleResource[]>(key, (list) => list?.map((s) => (s.id === schedule.id ? { ...s, enabled } : s)));
      return { previous };
    },
    onError: (_error, _enabled, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: key }),
  });
  return (
    <span className="inline-flex flex-col items-start gap-1">
      <button
        type="button"
        role="switch"
        aria-checked={schedule.enabled}
        aria-label={`${schedule.enabled ? "Pause" : "Resume"} ${schedule.name}`}
        disabled={disabled}
        onClick={() => toggle.mutate(!schedule.enabled)}
        data-testid="schedule-toggle"
        className={`relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600 disabled:opacity-50 ${
          schedule.enabled ? "bg-sky-700" : "bg-slate-300"
        }`}
      >
        <span className={`inline-block h-5 w-5 rounded-full bg-white shadow transition-transform ${schedule.enabled ? "translate-x-5" : "translate-x-0.5"}`} />
      </button>
      {toggle.error && (
        <span role="alert" className="text-xs text-red-700">
          {toggle.error.message}
        </span>
      )}
    </span>
  );
}

function ScheduleRow({ tenantId, schedule, canEdit, onEdit }: { tenantId: string; schedule: ScheduleResource; canEdit: boolean; onEdit: () => void }) {
  const queryClient = useQueryClient();
  const [showRuns, setShowRuns] = useState(false);
  const remove = useMutation({
    mutationFn: () => apiFetch(schedulePaths.one(schedule.id), { method: "DELETE" }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: scheduleKeys.list(tenantId) }),
  });
  return (
    <li className="py-4" data-testid="schedule-row" data-name={schedule.name} data-enabled={schedule.enabled}>
      <div className="flex flex-wrap items-start gap-4">
        <PauseToggle tenantId={tenantId} schedule={schedule} disabled={!canEdit} />
        <div className="min-w-0 flex-1">
          <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
            {schedule.name}
            {schedule.isPlanSchedule && <Badge tone="sky">plan</Badge>}
            <Badge>{schedule.scanType}</Badge>
            {!schedule.enabled && <Badge tone="amber">paused</Badge>}
          </p>
          <p className="text-sm text-slate-600">{describeCadence(schedule)}</p>
          <p className="mt-1 text-xs text-slate-500">
            Next run {schedule.nextRunAt ? <LocalTime value={schedule.nextRunAt} titleZone={schedule.timezone} /> : "—"} · last triggered{" "}
            <LocalTime value={schedule.lastTriggeredAt} titleZone={schedule.timezone} fallback="never" />
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Button variant="ghost" size="sm" aria-expanded={showRuns} onClick={() => setShowRuns(!showRuns)}>
            {showRuns ? "Hide runs" : "Runs"}
          </Button>
          {canEdit && (
            <Button variant="secondary" size="sm" onClick={onEdit} aria-label={`Edit ${schedule.name}`}>
              Edit
            </Button>
          )}
          {canEdit && !schedule.isPlanSchedule && (
            <ConfirmButton
              action="Delete"
              cancelText="Keep"
              label={`Delete ${schedule.name}`}
              warning={`Delete “${schedule.name}” and its run history? Scans it started stay.`}
              onConfirm={() => remove.mutate()}
              pending={remove.isPending}
            />
          )}
        </div>
      </div>
      {remove.error && (
        <p role="alert" className="mt-2 text-sm text-red-700">
          {remove.error.message}
        </p>
      )}
      {showRuns && (
        <div className="mt-3 rounded-md border border-slate-200 p-3">
          <Runs tenantId={tenantId} schedule={schedule} />
        </div>
      )}
    </li>
  );
}

export function SchedulesManager({ tenantId, initial, canEdit, customLimit }: { tenantId: string; initial: ScheduleResource[]; canEdit: boolean; customLimit: number }) {
  const queryClient = useQueryClient();
  const schedules = useSchedules(tenantId, initial);
  const [editing, setEditing] = useState<ScheduleResource | "new" | null>(null);
  const save = useMutation({
    mutationFn: async (values: CreateScheduleInput) => {
      if (editing === "new") return apiFetch<ScheduleResource>(schedulePaths.list, { method: "POST", body: values });
      const target = editing!;
      const body = target.isPlanSchedule ? Object.fromEntries(Object.entries(values).filter(([k]) => (PLAN_SCHEDULE_EDITABLE as readonly string[]).includes(k) && k !== "enabled")) : { ...values, dayOfWeek: values.dayOfWeek ?? null, dayOfMonth: values.dayOfMonth ?? null };
      return apiFetch<ScheduleResource>(schedulePaths.one(target.id), { method: "PATCH", body });
    },
    onSuccess: () => {
      setEditing(null);
      void queryClient.invalidateQueries({ queryKey: scheduleKeys.list(tenantId) });
    },
  });
  const custom = schedules.data.filter((s) => !s.isPlanSchedule).length;
  const atLimit = custom >= customLimit;
  return (
    <div className="space-y-6">
      {editing && (
        <Card title={editing === "new" ? "New schedule" : `Edit “${editing.name}”`}>
          <ScheduleForm
            key={editing === "new" ? "new" : editing.id}
            schedule={editing === "new" ? undefined : editing}
            submitting={save.isPending}
            onCancel={() => setEditing(null)}
            onSubmit={async (values) => {
              await save.mutateAsync(values);
            }}
          />
        </Card>
      )}
      <Card
        title="Schedules"
        description={`The automatic plan scan, then your own (${custom} of ${customLimit} on your plan). Times are shown in your time zone; hover for the schedule's.`}
        actions={
          canEdit && !editing ? (
            <Button onClick={() => setEditing("new")} disabled={atLimit} title={atLimit ? "Your plan's custom schedules are used up" : undefined}>
              New schedule
            </Button>
          ) : undefined
        }
      >
        {schedules.data.length === 0 ? (
          <EmptyState title="No schedules" />
        ) : (
          <ul className="divide-y divide-slate-100">
            {schedules.data.map((s) => (
              <ScheduleRow key={s.id} tenantId={tenantId} schedule={s} canEdit={canEdit} onEdit={() => setEditing(s)} />
            ))}
          </ul>
        )}
        {save.error && !(save.error instanceof ApiError && save.error.code === "VALIDATION_ERROR") && editing === null && (
          <p role="alert" className="mt-2 text-sm text-red-700">
            {save.error.message}
          </p>
        )}
      </Card>
    </div>
  );
}
