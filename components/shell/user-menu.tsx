"use client";

import { signOut } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch } from "@/lib/api/client";

export function UserMenu({ name, email, role }: { name: string | null; email: string; role: string | null }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const initials = (name ?? email)
    .split(/[\s.@]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]!.toUpperCase())
    .join("");
  return (
    <details className="group relative">
      <summary
        aria-label="Account menu"
        className="flex cursor-pointer list-none items-center gap-2 rounded-full p-0.5 focus-visible:outline-2 focus-visible:outline-sky-600 [&::-webkit-details-marker]:hidden"
      >
        <span className="flex h-8 w-8 items-center justify-center rounded-full bg-sky-700 text-xs font-semibold text-white">{initials}</span>
      </summary>
      <div className="absolute right-0 z-20 mt-2 w-64 rounded-md border border-slate-200 bg-white py-2 text-sm shadow-lg">
        <div className="border-b border-slate-100 px-4 pb-2">
          <p className="truncate font-medium text-slate-900">{name ?? email}</p>
          <p className="truncate text-slate-600">{email}</p>
          {role && <p className="mt-1 text-xs text-slate-500">Role in this tenant: {role}</p>}
        </div>
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void signOut({ callbackUrl: "/" });
          }}
          className="block w-full px-4 py-2 text-left text-slate-800 hover:bg-slate-50 focus-visible:bg-slate-100 focus-visible:outline-none"
        >
          Sign out
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            try {
              await apiFetch("/api/session/sign-out-everywhere", { method: "POST" });
            } finally {
              router.replace("/sign-in?signedOut=everywhere");
              router.refresh();
            }
          }}
          className="block w-full px-4 py-2 text-left text-slate-800 hover:bg-slate-50 focus-visible:bg-slate-100 focus-visible:outline-none"
        >
          Sign out everywhere
        </button>
      </div>
    </details>
  );
}
