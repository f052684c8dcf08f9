"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { useForm } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { ExpiryField, DEFAULT_EXPIRY, expiryInstant } from "@/components/ui/expiry-field";
import { Field, Select } from "@/components/ui/field";
import { apiFetch, ApiError } from "@/lib/api/client";
import { exceptionKeys, exceptionPaths } from "@/lib/exceptions/queries";
import { createExceptionSchema, type ExceptionResource } from "@/lib/exceptions/schemas";
import type { Finding } from "@/lib/scans/findings";

/** The objects a failing finding names, for a per-object exception (domains that failed, apps, users, groups). */
export function offendingObjects(finding: Pick<Finding, "object_kind" | "evidence">): { id: string; label: string }[] {
  const evidence = (finding.evidence ?? {}) as Record<string, unknown>;
  const rows = Object.values(evidence).filter(Array.isArray).flat() as Record<string, unknown>[];
  const seen = new Map<string, string>();
  for (const row of rows) {
    if (!row || typeof row !== "object") continue;
    if (finding.object_kind === "domain" && typeof row.domain === "string" && row.outcome === "fail") seen.set(row.domain, row.domain);
    if (finding.object_kind === "application" && typeof row.appId === "string") seen.set(row.appId, `${row.appDisplayName ?? row.appId} (${row.appId})`);
    if (finding.object_kind === "user" && typeof row.userPrincipalName === "string") seen.set(row.userPrincipalName, row.userPrincipalName);
    if (finding.object_kind === "group" && typeof row.id === "string") seen.set(row.id, `${typeof row.displayName === "string" ? row.displayName : row.id} (${row.id})`);
  }
  return [...seen].map(([id, label]) => ({ id, label }));
}

const formSchema = createExceptionSchema.pick({ check_id: true, object_id: true, reason: true });
type FormValues = { check_id: string; object_id?: string | null; reason: string };

/** "Accept risk" for a failing finding: a reason, an expiry and, for per-object checks, optionally one object. */
export function AcceptRiskForm({ finding, tenantId, onDone }: { finding: Finding; tenantId: string; onDone: () => void }) {
  const queryClient = useQueryClient();
  const [expiry, setExpiry] = useState(DEFAULT_EXPIRY);
  const objects = useMemo(() => offendingObjects(finding), [finding]);
  const form = useForm<FormValues>({ resolver: zodResolver(formSchema), defaultValues: { check_id: finding.check_id, object_id: null, reason: "" } });
  const create = useMutation({
    mutationFn: (values: FormValues) =>
      apiFetch<ExceptionResource>(exceptionPaths.list, {
        method: "POST",
        body: { ...values, object_id: values.object_id || null, expires_at: expiryInstant(expiry) },
      }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: exceptionKeys.list(tenantId) }),
    onError: (error) => {
      const fields = error instanceof ApiError ? error.fieldErrors() : {};
      if (fields.reason) form.setError("reason", { message: fields.reason });
    },
  });
  const { errors } = form.formState;
  if (create.isSuccess) {
    return (
      <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900" data-testid="risk-accepted">
        Risk accepted{create.data.object_id ? ` for ${create.data.object_id}` : ""}. From the next scan this result is reported as accepted risk
        {create.data.expires_at ? ` until ${new Date(create.data.expires_at).toLocaleDateString()}` : ""}. Manage it under{" "}
        <Link className="underline" href="/dashboard/settings/exceptions">
          Settings → Accepted risks
        </Link>
        .
      </div>
    );
  }
  return (
    <form onSubmit={form.handleSubmit((v) => create.mutate(v))} className="space-y-3 rounded-md border border-slate-200 p-3" noValidate data-testid="accept-risk-form">
      <Field id="risk-reason" label="Why is this risk accepted?" error={errors.reason?.message} hint="Shown with every result it covers, and in the audit log.">
        <textarea
          id="risk-reason"
          rows={3}
          aria-invalid={Boolean(errors.reason)}
          className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-sky-600 focus:outline-2 focus:outline-sky-600"
          {...form.register("reason")}
        />
      </Field>
      <div className="grid gap-3 sm:grid-cols-2">
        {objects.length > 0 && (
          <Field id="risk-object" label="Applies to">
            <Select id="risk-object" {...form.register("object_id")}>
              <option value="">The whole check</option>
              {objects.map((o) => (
                <option key={o.id} value={o.id}>
                  Only {o.label}
                </option>
              ))}
            </Select>
          </Field>
        )}
        <ExpiryField id="risk-expiry" value={expiry} onChange={setExpiry} />
      </div>
      {create.error && !(create.error instanceof ApiError && create.error.fieldErrors().reason) && (
        <p role="alert" className="text-sm text-red-700">
          {create.error.message}
        </p>
      )}
      <div className="flex gap-2">
        <Button type="submit" disabled={create.isPending}>
          {create.isPending ? "Saving…" : "Accept risk"}
        </Button>
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
