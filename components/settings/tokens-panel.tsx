"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Card, EmptyState } from "@/components/ui/card";
import { ExpiryField, DEFAULT_EXPIRY, expiryInstant } from "@/components/ui/expiry-field";
import { Field, Input } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import { apiFetch } from "@/lib/api/client";
import { createTokenSchema } from "@/lib/auth/schemas";
import { TOKEN_SCOPES } from "@/lib/auth/scopes";
import { tenantKeys, tenantPaths, useTokens } from "@/lib/tenants/queries";
import type { TokenResource } from "@/lib/tenants/schemas";

const SCOPE_HELP: Record<string, string> = {
  "scans:read": "list and read scans",
  "scans:write": "start scans",
  "schedules:read": "list and read schedules",
  "schedules:write": "create, change and delete schedules",
  "exceptions:read": "list accepted risks",
  "exceptions:write": "accept and withdraw risks",
};
// The form edits name and scopes with the API's own schema; the expiry preset becomes `expires_at` on submit.
const formSchema = createTokenSchema.pick({ name: true, scopes: true });
type FormInput = { name: string; scopes: (typeof TOKEN_SCOPES)[number][] };

function NewTokenSecret({ token, onDone }: { token: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div role="status" className="rounded-md border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-900" data-testid="new-token">
      <p className="font-semibold">Copy the token now — it is shown only once.</p>
      <div className="mt-2 flex flex-col gap-2 sm:flex-row">
        <code className="block min-w-0 flex-1 break-all rounded border border-emerald-200 bg-white px-2 py-1.5 font-mono text-xs text-slate-900" data-testid="new-token-value">
          {token}
        </code>
        <div className="flex gap-2">
          <Button
            variant="secondary"
            size="sm"
            onClick={async () => {
              await navigator.clipboard.writeText(token).then(
                () => setCopied(true),
                () => setCopied(false),
              );
            }}
          >
            {copied ? "Copied" : "Copy"}
          </Button>
          <Button variant="ghost" size="sm" onClick={onDone}>
            Done
          </Button>
        </div>
      </div>
    </div>
  );
}

function CreateTokenForm({ tenantId }: { tenantId: string }) {
  const queryClient = useQueryClient();
  const [expiry, setExpiry] = useState(DEFAULT_EXPIRY);
  const [secret, setSecret] = useState<string | null>(null);
  const form = useForm<FormInput>({ resolver: zodResolver(formSchema), defaultValues: { name: "", scopes: ["scans:read"] } });
  const create = useMutation({
    mutationFn: (input: FormInput) =>
      apiFetch<TokenResource & { token: string }>(tenantPaths.tokens(tenantId), {
        method: "POST",
        body: { ...input, expires_at: expiryInstant(expiry) },
      }),
    onSuccess: (created) => {
      setSecret(created.token);
      form.reset({ name: "", scopes: ["scans:read"] });
      void queryClient.invalidateQueries({ queryKey: tenantKeys.tokens(tenantId) });
    },
  });
  const { errors } = form.formState;
  if (secret) return <NewTokenSecret token={secret} onDone={() => setSecret(null)} />;
  return (
    <form onSubmit={form.handleSubmit((input) => create.mutate(input))} className="space-y-4" noValidate>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="token-name" label="Name" hint="What uses it, e.g. “Sentinel export”" error={errors.name?.message}>
          <Input id="token-name" autoComplete="off" aria-invalid={Boolean(errors.name)} {...form.register("name")} />
        </Field>
        <ExpiryField id="token-expiry" value={expiry} onChange={setExpiry} />
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Scopes</legend>
        <div className="mt-2 grid gap-2 sm:grid-cols-2">
          {TOKEN_SCOPES.map((scope) => (
            <label key={scope} className="flex items-start gap-2 rounded-md border border-slate-200 px-3 py-2 text-sm">
              <input type="checkbox" value={scope} className="mt-0.5 h-4 w-4 accent-sky-700" {...form.register("scopes")} />
              <span>
                <code className="text-xs">{scope}</code> <span className="text-slate-600">— {SCOPE_HELP[scope]}</span>
              </span>
            </label>
          ))}
        </div>
        {errors.scopes && (
          <p role="alert" className="mt-1 text-xs text-red-700">
            {errors.scopes.message ?? "Choose at least one scope"}
          </p>
        )}
      </fieldset>
      {create.error && (
        <p role="alert" className="text-sm text-red-700">
          {create.error.message}
        </p>
      )}
      <Button type="submit" disabled={create.isPending}>
        {create.isPending ? "Creating…" : "Create token"}
      </Button>
    </form>
  );
}

const STATUS_TONE = { active: "green", expired: "amber", revoked: "neutral" } as const;

export function TokensPanel({ tenantId, canManage }: { tenantId: string; canManage: boolean }) {
  const queryClient = useQueryClient();
  const tokens = useTokens(tenantId);
  const revoke = useMutation({
    mutationFn: (id: string) => apiFetch(tenantPaths.token(tenantId, id), { method: "DELETE" }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: tenantKeys.tokens(tenantId) }),
  });
  return (
    <div className="space-y-6">
      {canManage && (
        <Card title="Create an API token" description="For integrations: send it as Authorization: Bearer <token>. It can do only what its scopes allow, in this tenant only.">
          <CreateTokenForm tenantId={tenantId} />
        </Card>
      )}
      <Card title="API tokens" description={canManage ? undefined : "Only owners can create or revoke tokens."}>
        {tokens.isPending ? (
          <div className="h-24 animate-pulse rounded bg-slate-100" aria-busy="true" />
        ) : tokens.isError ? (
          <p role="alert" className="text-sm text-red-700">
            {tokens.error.message}
          </p>
        ) : tokens.data.data.length === 0 ? (
          <EmptyState title="No API tokens yet">{canManage ? "Create one above to connect a SIEM, a ticketing system or a script." : null}</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100">
            {tokens.data.data.map((t) => (
              <li key={t.id} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center" data-testid="token-row" data-name={t.name}>
                <div className="min-w-0 flex-1">
                  <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
                    {t.name} <Badge tone={STATUS_TONE[t.status]}>{t.status}</Badge>
                  </p>
                  <p className="text-xs text-slate-600">
                    <code>{t.prefix}…</code> · {t.scopes.join(", ")}
                  </p>
                  <p className="text-xs text-slate-500">
                    Created <LocalTime value={t.created_at} />
                    {t.created_by ? ` by ${t.created_by.name ?? t.created_by.email}` : ""} · last used <LocalTime value={t.last_used_at} fallback="never" /> ·{" "}
                    {t.expires_at ? (
                      <>
                        expires <LocalTime value={t.expires_at} />
                      </>
                    ) : (
                      "no expiry"
                    )}
                  </p>
                </div>
                {canManage && t.status === "active" && (
                  <div className="flex gap-2">
                    <ConfirmButton action="Revoke" confirmAction="Revoke now" label={`Revoke ${t.name}`} onConfirm={() => revoke.mutate(t.id)} pending={revoke.isPending} />
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
        {revoke.error && (
          <p role="alert" className="mt-2 text-sm text-red-700">
            {revoke.error.message}
          </p>
        )}
      </Card>
    </div>
  );
}
