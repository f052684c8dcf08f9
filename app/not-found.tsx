import { LinkButton } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-md px-4 py-24 text-center">
      <p className="text-sm font-semibold text-sky-700">404</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">This page does not exist</h1>
      <p className="mt-2 text-sm text-slate-600">It may have moved, or the link is mistyped.</p>
      <div className="mt-6">
        <LinkButton href="/dashboard">Go to the dashboard</LinkButton>
      </div>
    </main>
  );
}
