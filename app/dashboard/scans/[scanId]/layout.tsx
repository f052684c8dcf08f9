// The access check for every page of one scan, ahead of any streaming: another tenant's (or an impossible) scan id
// must answer a real 404 status. A page under a loading.tsx boundary has already sent 200 when it calls notFound(),
// so the scan's own skeleton lives in (scan)/loading.tsx, below this layout, and compare/ (whose `against` scan is a
// search param a layout cannot see) renders without a boundary and 404s by itself.
import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { paramProblem } from "@/lib/api/input";
import { requireTenant } from "@/lib/auth/current";
import { orNotFound } from "@/lib/dashboard/pages";
import { getScanOrThrow } from "@/lib/scans/service";

export default async function ScanLayout({ children, params }: { children: ReactNode; params: Promise<{ scanId: string }> }) {
  const { scanId } = await params;
  if (paramProblem(scanId)) notFound();
  const { membership } = await requireTenant(`/dashboard/scans/${scanId}`);
  await orNotFound(getScanOrThrow(membership.tenantId, scanId));
  return children;
}
