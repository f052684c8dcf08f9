"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";
import { buttonClasses } from "@/components/ui/button";
import { ENTRA_PROVIDER_ID } from "@/lib/auth/constants";

function MicrosoftMark() {
  return (
    <svg aria-hidden="true" viewBox="0 0 21 21" className="h-4 w-4">
      <path fill="#f25022" d="M1 1h9v9H1z" />
      <path fill="#7fba00" d="M11 1h9v9h-9z" />
      <path fill="#00a4ef" d="M1 11h9v9H1z" />
      <path fill="#ffb900" d="M11 11h9v9h-9z" />
    </svg>
  );
}

export function SignInButton({ callbackUrl = "/dashboard", label = "Sign in with Microsoft", size = "md" }: { callbackUrl?: string; label?: string; size?: "sm" | "md" }) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        void signIn(ENTRA_PROVIDER_ID, { callbackUrl }).catch(() => setBusy(false));
      }}
      className={buttonClasses("secondary", size, "border-slate-400 font-semibold")}
    >
      <MicrosoftMark />
      {busy ? "Redirecting to Microsoft…" : label}
    </button>
  );
}
