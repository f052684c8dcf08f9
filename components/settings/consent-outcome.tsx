import { Alert } from "@/components/ui/alert";
import { LinkButton } from "@/components/ui/button";
import { CONSENT_OUTCOMES, type ConsentOutcome } from "@/lib/tenants/connection";

/** The words for each admin-consent outcome; the callback only ever passes one of these codes. */
const MESSAGES: Record<ConsentOutcome, { tone: "success" | "error" | "warning"; title: string; text: string }> = {
  connected: { tone: "success", title: "Microsoft 365 is connected", text: "Aether365 read your organization and its verified domains. You can run your first scan now." },
  denied: { tone: "warning", title: "Admin consent was not granted", text: "Nothing was connected. An administrator of your Microsoft 365 organization has to accept the permissions." },
  consent_error: { tone: "error", title: "Microsoft could not complete the consent", text: "Nothing was connected. Try again; the reason Microsoft gave is below when it gave one." },
  verify_failed: { tone: "error", title: "Consent was granted, but the connection could not be verified", text: "The tenant stays not connected until Aether365 can read it. The reason is below." },
  invalid_state: { tone: "error", title: "This consent link is not valid", text: "It was not issued by Aether365 for this sign-in, or it was altered. Start the connection again from this page." },
  expired_state: { tone: "error", title: "This consent link has expired", text: "Consent links are valid for 10 minutes. Start the connection again." },
  used_state: { tone: "warning", title: "This consent link was already used", text: "Each link works once. Check the connection status below, or start again." },
  wrong_user: { tone: "error", title: "This consent was started by someone else", text: "Only the person who started a connection can finish it. Start the connection yourself." },
  wrong_tenant: { tone: "error", title: "Consent was granted for a different Microsoft tenant", text: "Sign in to Microsoft as an administrator of this organization and try again." },
  forbidden: { tone: "error", title: "Only owners can connect Microsoft 365", text: "Ask an owner of this tenant to connect it." },
};

export function ConsentOutcomeAlert({ outcome, reason }: { outcome: string | undefined; reason?: string | null }) {
  if (!outcome || !(CONSENT_OUTCOMES as readonly string[]).includes(outcome)) return null;
  const m = MESSAGES[outcome as ConsentOutcome];
  return (
    <div data-testid="consent-outcome" data-outcome={outcome}>
      <Alert tone={m.tone} title={m.title} actions={outcome === "connected" ? <LinkButton href="/dashboard" size="sm">Go to the overview</LinkButton> : undefined}>
        <p>{m.text}</p>
        {reason && outcome !== "connected" && <p className="mt-2 font-medium">Reason: {reason}</p>}
      </Alert>
    </div>
  );
}
