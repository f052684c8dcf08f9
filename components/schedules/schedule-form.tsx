"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { formatInTimeZone } from "date-fns-tz";
import { useEffect, useMemo, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Field, Input, Select } from "@/components/ui/field";
import { ApiError } from "@/lib/api/client";
import { createScheduleSchema, previewScheduleSchema, type CreateScheduleInput, type PreviewScheduleInput, type ScheduleResource } from "@/lib/schedules/schemas";
import { useSchedulePreview, type PreviewRun } from "@/lib/schedules/queries";

const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const pad = (n: number) => String(n).padStart(2, "0");
const toNumber = (v: unknown) => (v === "" || v === null || v === undefined ? undefined : Number(v));

function timeZones(): string[] {
  const supported = (Intl as unknown as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.("timeZone") ?? [];
  return supported.includes("UTC") ? supported : ["UTC", ...supported];
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** The UTC offset of a preview run's local time ("2026-03-29T02:30:00+02:00" → "+02:00"). */
function offsetOf(local: string): string {
  return /([+-]\d{2}:\d{2}|Z)$/.exec(local)?.[1]?.replace("Z", "+00:00") ?? "";
}

function Preview({ runs, zone, viewerZone, loading, error }: { runs: PreviewRun[] | undefined; zone: string; viewerZone: string; loading: boolean; error: Error | null }) {
  return (
    <div aria-live="polite" data-testid="schedule-preview">
      <h3 className="text-sm font-semibold text-slate-900">Next 5 runs</h3>
      {error ? (
        <p className="mt-2 text-sm text-red-700">{error.message}</p>
      ) : !runs ? (
        <p className="mt-2 text-sm text-slate-500">{loading ? "Working out the next runs…" : "Complete the schedule to see its next runs."}</p>
      ) : (
        <ol className="mt-2 space-y-1.5 text-sm">
          {runs.map((run, i) => {
            const at = new Date(run.at);
            const previous = runs[i - 1];
            const dst = previous && offsetOf(previous.local) !== offsetOf(run.local);
            return (
              <li key={run.at} className="rounded-md border border-slate-200 px-3 py-2" data-testid="preview-run">
                <span className="font-medium text-slate-900">{formatInTimeZone(at, zone, "EEE d MMM yyyy, HH:mm")}</span>{" "}
                <span className="text-slate-500">
                  {zone} (UTC{offsetOf(run.local)})
                </span>
                {viewerZone !== zone && (
                  <span className="block text-xs text-slate-600">
                    {formatInTimeZone(at, viewerZone, "EEE d MMM, HH:mm")} your time ({viewerZone})
                  </span>
                )}
                {dst && (
                  <span className="mt-1 block text-xs font-medium text-amber-800" data-testid="dst-change">
                    Clock change in {zone}: UTC{offsetOf(previous.local)} → UTC{offsetOf(run.local)}
                  </span>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}

type FormValues = CreateScheduleInput;

/**
 * Create or edit a schedule, validated with the API's own zod schema. Day fields appear with the frequency that
 * needs them; the zone is searchable and defaults to the viewer's; the next five runs are previewed live (in the
 * schedule's zone and the viewer's, with clock changes called out). The plan schedule only lets time, day and zone
 * change.
 */
export function ScheduleForm({
  schedule,
  onSubmit,
  onCancel,
  submitting,
}: {
  schedule?: ScheduleResource;
  onSubmit: (values: FormValues) => Promise<void>;
  onCancel: () => void;
  submitting: boolean;
}) {
  const viewerZone = useMemo(() => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC", []);
  const zones = useMemo(() => timeZones(), []);
  const plan = schedule?.isPlanSchedule ?? false;
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<FormValues>({
    resolver: zodResolver(createScheduleSchema),
    defaultValues: schedule
      ? {
          name: schedule.name,
          frequency: schedule.frequency,
          hour: schedule.hour,
          minute: schedule.minute,
          dayOfWeek: schedule.dayOfWeek ?? undefined,
          dayOfMonth: schedule.dayOfMonth ?? undefined,
          timezone: schedule.timezone,
          scanType: schedule.scanType,
          enabled: schedule.enabled,
        }
      : { name: "", frequency: "weekly", hour: 6, minute: 0, dayOfWeek: 0, dayOfMonth: undefined, timezone: viewerZone, scanType: "compliance", enabled: true },
  });
  const values = useWatch({ control: form.control });
  const frequency = values.frequency;
  const draft = useDebounced(
    JSON.stringify({
      frequency: values.frequency,
      hour: values.hour,
      minute: values.minute,
      dayOfWeek: frequency === "weekly" ? values.dayOfWeek : undefined,
      dayOfMonth: frequency === "monthly" ? values.dayOfMonth : undefined,
      timezone: values.timezone,
      count: 5,
    }),
    300,
  );
  const previewInput = useMemo(() => {
    const parsed = previewScheduleSchema.safeParse(JSON.parse(draft));
    return parsed.success ? (parsed.data as PreviewScheduleInput) : null;
  }, [draft]);
  const preview = useSchedulePreview(previewInput);
  const { errors } = form.formState;

  const submit = form.handleSubmit(async (input) => {
    setFormError(null);
    const cleaned: FormValues = {
      ...input,
      dayOfWeek: input.frequency === "weekly" ? input.dayOfWeek : undefined,
      dayOfMonth: input.frequency === "monthly" ? input.dayOfMonth : undefined,
    };
    try {
      await onSubmit(cleaned);
    } catch (error) {
      if (error instanceof ApiError) {
        const fields = error.fieldErrors();
        for (const [field, message] of Object.entries(fields)) form.setError(field as keyof FormValues, { message });
        setFormError(Object.keys(fields).length ? "Check the highlighted fields." : error.message);
      } else setFormError("The schedule could not be saved. Try again.");
    }
  });

  return (
    <form onSubmit={submit} noValidate className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,22rem)]" data-testid="schedule-form">
      <div className="space-y-4">
        <Field id="schedule-name" label="Name" error={errors.name?.message} hint={plan ? "The plan schedule's name, frequency and scan type come from your plan." : undefined}>
          <Input id="schedule-name" disabled={plan} aria-invalid={Boolean(errors.name)} {...form.register("name")} />
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="schedule-type" label="Scan type">
            <Select id="schedule-type" disabled={plan} {...form.register("scanType")}>
              <option value="compliance">Compliance</option>
              <option value="exposure">Exposure</option>
            </Select>
          </Field>
          <Field id="schedule-frequency" label="Frequency">
            <Select id="schedule-frequency" disabled={plan} {...form.register("frequency")}>
              <option value="daily">Daily</option>
              <option value="weekly">Weekly</option>
              <option value="monthly">Monthly</option>
            </Select>
          </Field>
        </div>
        <div className="grid gap-4 sm:grid-cols-3">
          {frequency === "weekly" && (
            <Field id="schedule-dow" label="Day of week" error={errors.dayOfWeek?.message}>
              <Select id="schedule-dow" {...form.register("dayOfWeek", { setValueAs: toNumber })}>
                {DAYS.map((d, i) => (
                  <option key={d} value={i}>
                    {d}
                  </option>
                ))}
              </Select>
            </Field>
          )}
          {frequency === "monthly" && (
            <Field id="schedule-dom" label="Day of month" error={errors.dayOfMonth?.message} hint="29–31 run on the last day of shorter months">
              <Select id="schedule-dom" {...form.register("dayOfMonth", { setValueAs: toNumber })}>
                {Array.from({ length: 31 }, (_, i) => i + 1).map((d) => (
                  <option key={d} value={d}>
                    {d}
                  </option>
                ))}
              </Select>
            </Field>
          )}
          <Field id="schedule-hour" label="Hour" error={errors.hour?.message}>
            <Select id="schedule-hour" {...form.register("hour", { setValueAs: toNumber })}>
              {Array.from({ length: 24 }, (_, h) => (
                <option key={h} value={h}>
                  {pad(h)}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="schedule-minute" label="Minute" error={errors.minute?.message}>
            <Select id="schedule-minute" {...form.register("minute", { setValueAs: toNumber })}>
              {Array.from({ length: 60 }, (_, m) => (
                <option key={m} value={m}>
                  {pad(m)}
                </option>
              ))}
            </Select>
          </Field>
        </div>
        <Field id="schedule-zone" label="Time zone" error={errors.timezone?.message} hint={`Type to search IANA zones; yours is ${viewerZone}.`}>
          <Input id="schedule-zone" list="schedule-zones" autoComplete="off" spellCheck={false} aria-invalid={Boolean(errors.timezone)} {...form.register("timezone")} />
          <datalist id="schedule-zones">
            {zones.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </Field>
        {!schedule && (
          <label className="flex items-center gap-2 text-sm text-slate-800">
            <input type="checkbox" className="h-4 w-4 accent-sky-700" {...form.register("enabled")} /> Enabled from the start
          </label>
        )}
        {formError && (
          <p role="alert" className="text-sm text-red-700">
            {formError}
          </p>
        )}
        <div className="flex gap-2">
          <Button type="submit" disabled={submitting}>
            {submitting ? "Saving…" : schedule ? "Save changes" : "Create schedule"}
          </Button>
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </div>
      <div className="rounded-md bg-slate-50 p-4">
        <Preview runs={preview.data?.runs} zone={preview.data?.zone ?? "UTC"} viewerZone={viewerZone} loading={preview.isFetching} error={preview.error} />
      </div>
    </form>
  );
}
