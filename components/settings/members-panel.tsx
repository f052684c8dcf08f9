"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useForm } from "react-hook-form";
import { RoleBadge, Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Card, EmptyState } from "@/components/ui/card";
import { Field, Input, Select } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import { apiFetch, ApiError } from "@/lib/api/client";
import { inviteMemberSchema, type InviteMemberInput } from "@/lib/auth/schemas";
import { tenantKeys, tenantPaths, useInvitations, useMembers } from "@/lib/tenants/queries";
import type { InvitationResource, MemberResource } from "@/lib/tenants/schemas";

const ROLE_HELP =
  "Viewers read everything; admins also run scans and edit schedules; owners also manage members, tokens and the connection. Making someone a viewer takes the write scopes off the API tokens they made.";

function InviteForm({ tenantId }: { tenantId: string }) {
  const queryClient = useQueryClient();
  const form = useForm<InviteMemberInput>({ resolver: zodResolver(inviteMemberSchema), defaultValues: { email: "", role: "viewer" } });
  const invite = useMutation({
    mutationFn: (input: InviteMemberInput) => apiFetch<InvitationResource>(tenantPaths.invitations(tenantId), { method: "POST", body: input }),
    onSuccess: () => {
      form.reset({ email: "", role: form.getValues("role") });
      void queryClient.invalidateQueries({ queryKey: tenantKeys.invitations(tenantId) });
    },
    onError: (error) => {
      const fields = error instanceof ApiError ? error.fieldErrors() : {};
      if (fields.email) form.setError("email", { message: fields.email });
    },
  });
  const { errors } = form.formState;
  return (
    <form onSubmit={form.handleSubmit((input) => invite.mutate(input))} className="grid gap-4 sm:grid-cols-[1fr_10rem_auto] sm:items-end" noValidate>
      <Field id="invite-email" label="Sign-in address (UPN)" error={errors.email?.message}>
        <Input id="invite-email" type="email" autoComplete="off" placeholder="name@customer.com" aria-invalid={Boolean(errors.email)} {...form.register("email")} />
      </Field>
      <Field id="invite-role" label="Role">
        <Select id="invite-role" {...form.register("role")}>
          <option value="viewer">Viewer</option>
          <option value="admin">Admin</option>
          <option value="owner">Owner</option>
        </Select>
      </Field>
      <Button type="submit" disabled={invite.isPending}>
        {invite.isPending ? "Inviting…" : "Invite"}
      </Button>
      {invite.error && !(invite.error instanceof ApiError && invite.error.fieldErrors().email) && (
        <p role="alert" className="text-sm text-red-700 sm:col-span-3">
          {invite.error.message}
        </p>
      )}
      {invite.isSuccess && (
        <p role="status" className="text-sm text-emerald-800 sm:col-span-3">
          Invitation created. It is accepted when {invite.data.email} next signs in with Microsoft (valid 7 days).
        </p>
      )}
    </form>
  );
}

function MemberRow({ tenantId, member, me, canManage }: { tenantId: string; member: MemberResource; me: string; canManage: boolean }) {
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: tenantKeys.members(tenantId) });
  const change = useMutation({ mutationFn: (role: string) => apiFetch(tenantPaths.member(tenantId, member.id), { method: "PATCH", body: { role } }), onSettled: refresh });
  const remove = useMutation({ mutationFn: () => apiFetch(tenantPaths.member(tenantId, member.id), { method: "DELETE" }), onSettled: refresh });
  const error = (change.error ?? remove.error) as Error | null;
  return (
    <li className="flex flex-col gap-3 py-3 sm:flex-row sm:items-center" data-testid="member-row" data-email={member.email}>
      <div className="min-w-0 flex-1">
        <p className="truncate font-medium text-slate-900">
          {member.name ?? member.email} {member.user_id === me && <Badge tone="sky">you</Badge>}
        </p>
        <p className="truncate text-sm text-slate-600">{member.email}</p>
        <p className="text-xs text-slate-500">
          Last sign-in <LocalTime value={member.last_sign_in_at} fallback="never" />
        </p>
        {error && (
          <p role="alert" className="mt-1 text-sm text-red-700">
            {error.message}
          </p>
        )}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {canManage ? (
          <>
            <label htmlFor={`role-${member.id}`} className="sr-only">
              Role of {member.email}
            </label>
            <div className="w-36">
              <Select id={`role-${member.id}`} value={member.role} disabled={change.isPending} onChange={(e) => change.mutate(e.target.value)}>
                <option value="viewer">Viewer</option>
                <option value="admin">Admin</option>
                <option value="owner">Owner</option>
              </Select>
            </div>
            <ConfirmButton action="Remove" label={`Remove ${member.email}`} onConfirm={() => remove.mutate()} pending={remove.isPending} />
          </>
        ) : (
          <RoleBadge role={member.role} />
        )}
      </div>
    </li>
  );
}

export function MembersPanel({ tenantId, currentUserId, canManage }: { tenantId: string; currentUserId: string; canManage: boolean }) {
  const queryClient = useQueryClient();
  const members = useMembers(tenantId);
  const invitations = useInvitations(tenantId);
  const revoke = useMutation({
    mutationFn: (id: string) => apiFetch(tenantPaths.invitation(tenantId, id), { method: "DELETE" }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: tenantKeys.invitations(tenantId) }),
  });
  return (
    <div className="space-y-6">
      <Card title="Members" description={ROLE_HELP}>
        {members.isPending ? (
          <div className="space-y-3" aria-busy="true">
            {[0, 1, 2].map((i) => (
              <div key={i} className="h-12 animate-pulse rounded bg-slate-100" />
            ))}
          </div>
        ) : members.isError ? (
          <p role="alert" className="text-sm text-red-700">
            {members.error.message}{" "}
            <button type="button" className="underline" onClick={() => void members.refetch()}>
              Retry
            </button>
          </p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {members.data.map((m) => (
              <MemberRow key={m.id} tenantId={tenantId} member={m} me={currentUserId} canManage={canManage} />
            ))}
          </ul>
        )}
      </Card>
      <Card
        title="Invitations"
        description="People of your organization join as viewers when they first sign in. Invite anyone else — for example an MSP engineer — by their Microsoft sign-in address."
      >
        {canManage && <InviteForm tenantId={tenantId} />}
        <div className={canManage ? "mt-6" : ""}>
          {invitations.data && invitations.data.length === 0 ? (
            <EmptyState title="No open invitations" />
          ) : (
            <ul className="divide-y divide-slate-100">
              {invitations.data?.map((i) => (
                <li key={i.id} className="flex flex-wrap items-center gap-3 py-3" data-testid="invitation-row">
                  <div className="min-w-0 flex-1">
                    <p className="truncate font-medium text-slate-900">{i.email}</p>
                    <p className="text-xs text-slate-500">
                      {i.role} · {i.expired ? "expired" : "expires"} <LocalTime value={i.expires_at} />
                    </p>
                  </div>
                  {i.expired && <Badge tone="amber">expired</Badge>}
                  {canManage && (
                    <Button variant="ghost" size="sm" onClick={() => revoke.mutate(i.id)} disabled={revoke.isPending} aria-label={`Revoke the invitation of ${i.email}`}>
                      Revoke
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      </Card>
    </div>
  );
}
