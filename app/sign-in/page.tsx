import type { Metadata } from "next";
import Link from "next/link";
import { SignInButton } from "@/components/auth/sign-in-button";
import { PublicHeader } from "@/components/shell/public-header";
import { Alert } from "@/components/ui/alert";
import { LinkButton } from "@/components/ui/button";
import { getCurrentSession } from "@/lib/auth/current";

export const metadata: Metadata = { title: "Sign in" };

/**
 * Messages for next-auth's error codes (and ours). Only these fixed texts are shown: the `error` query parameter
 * is never echoed, whatever it holds.
 */
const ERRORS: Record<string, string> = {
  PersonalAccount: "Personal Microsoft accounts (outlook.com, hotmail.com …) cannot sign in. Use your work or school account.",
  OAuthCallback: "Microsoft's answer could not be verified, so you were not signed in. Start again; if it keeps happening, check the server's clock and Entra app settings.",
  OAuthSignin: "The sign-in could not start. Try again in a moment.",
  Callback: "The sign-in was cancelled or refused by Microsoft.",
  AccessDenied: "You are not allowed to sign in.",
  OAuthAccountNotLinked: "You are already signed in with another account. Sign out first, then sign in with this one.",
  SignInFailed: "Your account could not be set up. Try again in a moment.",
  Configuration: "Sign-in is not configured on this server.",
  SessionRequired: "Sign in to continue.",
};

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/**
 * Only a path of this app: browsers read "/\evil.com" or "/<tab>/evil.com" as "//evil.com", so anything that is not a
 * plain path resolving to our own origin falls back to the dashboard.
 */
function safeCallback(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || /[\\\p{Cc}\s]/u.test(value)) return "/dashboard";
  try {
    const url = new URL(value, "https://app.invalid");
    return url.origin === "https://app.invalid" ? `${url.pathname}${url.search}` : "/dashboard";
  } catch {
    return "/dashboard";
  }
}

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const session = await getCurrentSession();
  const callbackUrl = safeCallback(params.callbackUrl);
  const error = typeof params.error === "string" ? (ERRORS[params.error] ?? "Something went wrong while signing in. Try again.") : null;
  return (
    <>
      <PublicHeader />
      <main className="mx-auto max-w-md px-4 py-16">
        <div className="rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
          <h1 className="text-2xl font-semibold text-slate-900">Sign in to Aether365</h1>
          {session ? (
            <div className="mt-6 space-y-4">
              <p className="text-sm text-slate-600">
                You are signed in as <strong className="text-slate-900">{session.user.email}</strong>.
              </p>
              <LinkButton href={callbackUrl}>Continue to the dashboard</LinkButton>
            </div>
          ) : (
            <div className="mt-6 space-y-5">
              {params.signedOut === "everywhere" && <Alert tone="success">You were signed out on every device.</Alert>}
              {error && (
                <Alert tone="error" title="You are not signed in">
                  {error}
                </Alert>
              )}
              <p className="text-sm text-slate-600">Use your Microsoft work or school account. The first person from an organization sets it up and becomes its owner.</p>
              <SignInButton callbackUrl={callbackUrl} />
            </div>
          )}
        </div>
        <p className="mt-6 text-center text-xs text-slate-500">
          Integrating a tool? Use an API token instead — see the <Link href="/docs/api" className="underline">API reference</Link>.
        </p>
      </main>
    </>
  );
}
