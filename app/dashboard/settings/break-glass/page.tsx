import type { Metadata } from "next";
import { BreakGlassPanel } from "@/components/settings/break-glass-panel";
import { requireTenant } from "@/lib/auth/current";
import { findBreakGlassCandidates } from "@/lib/break-glass/service";

export const metadata: Metadata = { title: "Break-glass accounts" };

export default async function BreakGlassPage() {
  const { membership, can } = await requireTenant("/dashboard/settings/break-glass");
  const canEdit = can("exceptions:write");
  const suggestions = canEdit ? await findBreakGlassCandidates(membership.tenantId) : null;
  return <BreakGlassPanel key={membership.tenantId} tenantId={membership.tenantId} canEdit={canEdit} suggestions={suggestions} />;
}
