import { buildOpenApiDocument } from "@/lib/api/openapi";

type Operation = { operationId: string; summary: string; description?: string };

export default function HomePage() {
  const doc = buildOpenApiDocument();
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, Operation>).map(([method, op]) => ({ path, method: method.toUpperCase(), ...op })),
  );
  return (
    <main className="mx-auto max-w-3xl px-6 py-16">
      <p className="text-sm font-semibold uppercase tracking-wide text-sky-700">Aether365</p>
      <h1 className="mt-2 text-3xl font-bold">Microsoft 365 security posture, on a schedule</h1>
      <p className="mt-4 text-slate-600">
        Compliance and exposure scans of your tenant, on demand or on schedules in any timezone, with history, trends and a REST API.
      </p>
      <section className="mt-12" aria-labelledby="api-heading">
        <h2 id="api-heading" className="text-xl font-semibold">
          API reference
        </h2>
        <p className="mt-2 text-sm text-slate-600">
          Authenticate with <code className="rounded bg-slate-200 px-1">Authorization: Bearer &lt;token&gt;</code>. Machine-readable:{" "}
          <a className="text-sky-700 underline" href="/openapi.json">
            /openapi.json
          </a>{" "}
          (OpenAPI {doc.openapi}).
        </p>
        <ul className="mt-4 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {operations.map((op) => (
            <li key={op.operationId} className="flex items-baseline gap-4 px-4 py-3" data-testid="api-operation">
              <span className="w-16 shrink-0 font-mono text-sm font-semibold text-sky-800">{op.method}</span>
              <span className="font-mono text-sm">{op.path}</span>
              <span className="ml-auto text-sm text-slate-600">{op.summary}</span>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
