import type { Metadata } from "next";
import { PublicHeader } from "@/components/shell/public-header";
import { buildOpenApiDocument } from "@/lib/api/openapi";

export const metadata: Metadata = { title: "API reference" };

type Operation = { operationId: string; summary: string; description?: string };

export default function ApiReferencePage() {
  const doc = buildOpenApiDocument();
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, Operation>).map(([method, op]) => ({ path, method: method.toUpperCase(), ...op })),
  );
  return (
    <>
      <PublicHeader />
      <main className="mx-auto max-w-4xl px-4 py-12 sm:px-6">
        <h1 className="text-3xl font-bold tracking-tight">API reference</h1>
        <p className="mt-3 text-slate-600">
          Authenticate with <code className="rounded bg-slate-200 px-1">Authorization: Bearer &lt;token&gt;</code> (create tokens under Settings → API
          tokens). Machine-readable:{" "}
          {/* A JSON document, not a page (the rule mistakes app/openapi.json/[...rest], the envelope 404, for one). */}
          {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
          <a className="text-sky-700 underline" href="/openapi.json">
            /openapi.json
          </a>{" "}
          (OpenAPI {doc.openapi}).
        </p>
        <ul className="mt-8 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {operations.map((op) => (
            <li key={op.operationId} className="flex flex-col gap-1 px-4 py-3 sm:flex-row sm:items-baseline sm:gap-4" data-testid="api-operation">
              <span className="w-16 shrink-0 font-mono text-sm font-semibold text-sky-800">{op.method}</span>
              <span className="break-all font-mono text-sm">{op.path}</span>
              <span className="text-sm text-slate-600 sm:ml-auto sm:text-right">{op.summary}</span>
            </li>
          ))}
        </ul>
      </main>
    </>
  );
}
