import { redirect } from "next/navigation";
import { SignInButton } from "@/components/auth/sign-in-button";
import { PublicHeader } from "@/components/shell/public-header";
import { getCurrentSession } from "@/lib/auth/current";
import { GRAPH_APPLICATION_PERMISSIONS } from "@/lib/microsoft/permissions";

const FEATURES = [
  { title: "Compliance scans", text: "Conditional Access, MFA, privileged roles, consent and password policies against CIS Microsoft 365 and CISA SCuBA baselines." },
  { title: "Exposure scans", text: "What the outside sees: SPF, DMARC, DKIM and MTA-STS of your domains, guests, anonymous sharing, app credentials." },
  { title: "On a schedule", text: "Daily, weekly or monthly in any time zone, plus an automatic scan with your plan. No PowerShell box to keep alive." },
  { title: "History and drift", text: "Every result is kept: scores over time and what changed since the last scan, with the evidence behind each finding." },
  { title: "Many tenants", text: "For MSPs: one sign-in, every customer tenant you are invited to, one switcher." },
  { title: "A real API", text: "Everything the dashboard does is the documented REST API, with scoped tokens for your SIEM or ticketing." },
];

export default async function LandingPage() {
  if (await getCurrentSession()) redirect("/dashboard");
  return (
    <>
      <PublicHeader />
      <main>
        <section className="mx-auto max-w-6xl px-4 pb-12 pt-14 sm:px-6 sm:pt-20">
          <p className="text-sm font-semibold uppercase tracking-wide text-sky-700">Microsoft 365 security posture</p>
          <h1 className="mt-3 max-w-3xl text-3xl font-bold tracking-tight text-slate-900 sm:text-5xl">
            Know how secure your Microsoft 365 tenant is — and keep knowing.
          </h1>
          <p className="mt-5 max-w-2xl text-base text-slate-600 sm:text-lg">
            Aether365 scans your tenant through Microsoft Graph with read-only permissions, scores it against recognised baselines, and does it again
            on your schedule, so you see every change instead of one report a year.
          </p>
          <div className="mt-8 flex flex-wrap items-center gap-4">
            <SignInButton />
            <span className="text-sm text-slate-500">Work or school account. An administrator grants consent once.</span>
          </div>
        </section>
        <section aria-labelledby="features" className="border-y border-slate-200 bg-white">
          <div className="mx-auto max-w-6xl px-4 py-12 sm:px-6">
            <h2 id="features" className="sr-only">
              What you get
            </h2>
            <ul className="grid gap-6 sm:grid-cols-2 lg:grid-cols-3">
              {FEATURES.map((f) => (
                <li key={f.title} className="rounded-lg border border-slate-200 p-5">
                  <h3 className="font-semibold text-slate-900">{f.title}</h3>
                  <p className="mt-2 text-sm text-slate-600">{f.text}</p>
                </li>
              ))}
            </ul>
          </div>
        </section>
        <section aria-labelledby="permissions" className="mx-auto max-w-6xl px-4 py-12 sm:px-6">
          <h2 id="permissions" className="text-xl font-semibold text-slate-900">
            Read-only, and we say exactly what we read
          </h2>
          <p className="mt-2 max-w-2xl text-sm text-slate-600">
            Connecting your tenant grants our app these Microsoft Graph application permissions. None of them can change anything. You can remove the
            app from Entra ID at any time.
          </p>
          <ul className="mt-4 grid gap-x-8 gap-y-2 text-sm sm:grid-cols-2">
            {GRAPH_APPLICATION_PERMISSIONS.map((p) => (
              <li key={p.name}>
                <code className="rounded bg-slate-100 px-1.5 py-0.5 text-slate-800">{p.name}</code> <span className="text-slate-600">— {p.why}</span>
              </li>
            ))}
          </ul>
        </section>
      </main>
      <footer className="border-t border-slate-200 py-6 text-center text-xs text-slate-500">Aether365 · Microsoft 365 security posture, on a schedule</footer>
    </>
  );
}
