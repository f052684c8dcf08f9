import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { Providers } from "@/components/providers";
import { requireSession } from "@/lib/auth/current";

export const dynamic = "force-dynamic";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const session = await requireSession();
  return (
    <Providers>
      <AppShell session={session}>{children}</AppShell>
    </Providers>
  );
}
