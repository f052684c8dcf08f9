"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { Field, Textarea } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import { apiFetch, ApiError } from "@/lib/api/client";
import { breakGlassKeys, breakGlassPath, useBreakGlass } from "@/lib/break-glass/queries";
import {
  breakGlassFormSchema,
  MAX_BREAK_GLASS_GROUPS,
  MAX_BREAK_GLASS_USERS,
  type BreakGlassCandidate,
  type BreakGlassCandidates,
  type BreakGlassResource,
} from "@/lib/break-glass/schemas";

type FormInput = z.input<typeof breakGlassFormSchema>;
type FormOutput = z.output<typeof breakGlassFormSchema>;

type CandidateScan = BreakGlassCandidates | null;

const FIND_IDS = "Entra admin center › Users (or Groups) › the account › Overview › Object ID.";

/**
 * The tenant's declared emergency-access accounts and groups. Conditional Access checks accept a policy's exclusion
 * only for these, so the page also offers what the last compliance scan saw excluded but undeclared, for an admin to
 * confirm one by one — never declared automatically.
 */
export function BreakGlassPanel({ tenantId, canEdit, suggestions }: { tenantId: string; canEdit: boolean; suggestions: CandidateScan }) {
  const declaration = useBreakGlass(tenantId);
  return (
    <div className="space-y-6">
      <Card
        title="Break-glass accounts"
        description="Emergency-access accounts stay out of Conditional Access so nobody is locked out of the tenant. A policy that excludes anyone else — or a role, or guests — has a gap, and the Conditional Access checks fail it. Declare the accounts, or groups holding them (nested members count), that your policies may exclude."
      >
        {declaration.isPending ? (
          <div className="h-40 animate-pulse rounded bg-slate-100" aria-busy="true" />
        ) : declaration.isError ? (
          <p role="alert" className="text-sm text-red-700">
            {declaration.error.message}
          </p>
        ) : canEdit ? (
          <DeclarationForm tenantId={tenantId} current={declaration.data} suggestions={suggestions} />
        ) : (
          <DeclarationView current={declaration.data} />
        )}
      </Card>
    </div>
  );
}

function DeclarationView({ current }: { current: BreakGlassResource }) {
  if (current.user_ids.length === 0 && current.group_ids.length === 0) {
    return <EmptyState title="Nothing declared">Tenant admins declare the break-glass accounts.</EmptyState>;
  }
  return (
    <dl className="grid gap-4 sm:grid-cols-2">
      {(["user_ids", "group_ids"] as const).map((key) => (
        <div key={key}>
          <dt className="text-sm font-medium text-slate-800">{key === "user_ids" ? "Accounts" : "Groups"}</dt>
          <dd className="mt-1 space-y-1 font-mono text-xs break-all text-slate-700" data-testid={`declared-${key}`}>
            {current[key].length === 0 ? <span className="font-sans text-slate-500">none</span> : current[key].map((id) => <p key={id}>{id}</p>)}
          </dd>
        </div>
      ))}
      <Updated at={current.updated_at} />
    </dl>
  );
}

function Updated({ at }: { at: string | null }) {
  if (!at) return null;
  return (
    <p className="text-xs text-slate-500 sm:col-span-2">
      Last changed <LocalTime value={at} />.
    </p>
  );
}

const toText = (ids: string[]) => ids.join("\n");

function DeclarationForm({ tenantId, current, suggestions }: { tenantId: string; current: BreakGlassResource; suggestions: CandidateScan }) {
  const queryClient = useQueryClient();
  const form = useForm<FormInput, unknown, FormOutput>({
    resolver: zodResolver(breakGlassFormSchema),
    defaultValues: { users: toText(current.user_ids), groups: toText(current.group_ids) },
  });
  const save = useMutation({
    mutationFn: (input: FormOutput) => apiFetch<BreakGlassResource>(breakGlassPath, { method: "PUT", body: { user_ids: input.users, group_ids: input.groups } }),
    // The form restarts from what the server saved. A background refetch never resets it, so edits in progress are
    // not lost; a save replaces the declaration as a whole (PUT), as the API documents.
    onSuccess: (saved) => {
      queryClient.setQueryData(breakGlassKeys.declaration(tenantId), saved);
      form.reset({ users: toText(saved.user_ids), groups: toText(saved.group_ids) });
    },
    onError: (error) => {
      const fields = error instanceof ApiError ? error.fieldErrors() : {};
      for (const [field, name] of [["user_ids", "users"], ["group_ids", "groups"]] as const) {
        const message = Object.entries(fields).find(([path]) => path === field || path.startsWith(`${field}.`))?.[1];
        if (message) form.setError(name, { message });
      }
    },
  });
  const { errors, isDirty } = form.formState;

  const add = (candidate: BreakGlassCandidate) => {
    const name = candidate.kind === "user" ? "users" : "groups";
    const text = form.getValues(name).trim();
    form.setValue(name, text ? `${text}\n${candidate.id}` : candidate.id, { shouldDirty: true, shouldValidate: true });
  };
  const [users, groups] = useWatch({ control: form.control, name: ["users", "groups"] });
  const pending = (suggestions?.candidates ?? []).filter((c) => !(c.kind === "user" ? users : groups).toLowerCase().includes(c.id));

  return (
    <form onSubmit={form.handleSubmit((input) => save.mutate(input))} className="space-y-5" noValidate>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="bg-users" label={`Accounts (object ids, at most ${MAX_BREAK_GLASS_USERS})`} hint={`One per line. ${FIND_IDS}`} error={errors.users?.message}>
          <Textarea id="bg-users" rows={5} spellCheck={false} placeholder="00000000-0000-0000-0000-000000000000" aria-invalid={Boolean(errors.users)} {...form.register("users")} />
        </Field>
        <Field id="bg-groups" label={`Groups (object ids, at most ${MAX_BREAK_GLASS_GROUPS})`} hint="Their members count, nested groups included." error={errors.groups?.message}>
          <Textarea id="bg-groups" rows={5} spellCheck={false} placeholder="00000000-0000-0000-0000-000000000000" aria-invalid={Boolean(errors.groups)} {...form.register("groups")} />
        </Field>
      </div>
      {pending.length > 0 && suggestions && (
        <div className="rounded-md border border-amber-200 bg-amber-50 p-4" data-testid="break-glass-suggestions">
          <p className="text-sm font-medium text-amber-900">Excluded by your policies but not declared</p>
          <p className="mt-1 text-xs text-amber-900">
            From the compliance scan of <LocalTime value={suggestions.completedAt} />. Add only accounts that really are for emergency access: every other
            exclusion is a gap to close in the policy.
          </p>
          <ul className="mt-3 divide-y divide-amber-200">
            {pending.map((c) => (
              <li key={`${c.kind}:${c.id}`} className="flex flex-col gap-2 py-2 sm:flex-row sm:items-center" data-testid="break-glass-suggestion" data-id={c.id}>
                <div className="min-w-0 flex-1">
                  <p className="flex flex-wrap items-center gap-2 text-sm">
                    <Badge tone="neutral">{c.kind === "user" ? "account" : "group"}</Badge>
                    <span className="font-mono text-xs break-all text-slate-800">{c.id}</span>
                  </p>
                  <p className="mt-1 text-xs text-slate-600">
                    Excluded by {c.policies.length === 1 ? "1 policy" : `${c.policies.length} policies`}: {c.policies.slice(0, 3).join(", ")}
                    {c.policies.length > 3 ? ` and ${c.policies.length - 3} more` : ""}
                  </p>
                </div>
                <Button variant="secondary" size="sm" onClick={() => add(c)} aria-label={`Add ${c.kind} ${c.id}`}>
                  Add
                </Button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={save.isPending || !isDirty}>
          {save.isPending ? "Saving…" : "Save"}
        </Button>
        {isDirty && (
          <Button variant="ghost" onClick={() => form.reset()}>
            Discard changes
          </Button>
        )}
        {save.isSuccess && !isDirty && (
          <p role="status" className="text-sm text-emerald-800">
            Saved. The next compliance scan applies it.
          </p>
        )}
        {save.error && !(save.error instanceof ApiError && save.error.code === "VALIDATION_ERROR") && (
          <p role="alert" className="text-sm text-red-700">
            {save.error.message}
          </p>
        )}
      </div>
      <Updated at={current.updated_at} />
    </form>
  );
}
