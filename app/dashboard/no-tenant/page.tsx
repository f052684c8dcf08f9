import { EmptyState } from "@/components/ui/card";
import { requireSession } from "@/lib/auth/current";

export default async function NoTenantPage() {
  const session = await requireSession();
  return (
    <EmptyState title="You are not a member of any tenant">
      You are signed in as {session.user.email}, but no Aether365 tenant includes you — an owner may have removed you. Ask an owner to invite you
      again; the invitation is accepted the next time you sign in.
    </EmptyState>
  );
}
