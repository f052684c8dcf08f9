import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "@/lib/api/openapi";

// Every JSON route the app serves is in the OpenAPI document, with each method it implements; adding a route
// without documenting it fails here.
const APP = path.join(process.cwd(), "app");
/** Not JSON API routes: next-auth's OIDC endpoints, the browser redirects of admin consent, Inngest, the document itself. */
const UNDOCUMENTED = ["/api/auth/{nextauth}", "/api/admin-consent/start", "/api/admin-consent/callback", "/api/inngest", "/openapi.json"];

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return name === "route.ts" ? [full] : [];
  });
}

function toOpenApiPath(file: string): string | null {
  const rel = path.relative(APP, path.dirname(file)).split(path.sep);
  if (rel.some((segment) => segment.startsWith("[..."))) return rel[1] === "auth" ? "/api/auth/{nextauth}" : null; // catch-all 404s
  return `/${rel.map((s) => s.replace(/^\[(.+)\]$/, "{$1}")).join("/")}`.replace(/\/$/, "") || "/";
}

describe("the OpenAPI document", () => {
  it("documents every route and method the app implements", () => {
    const doc = buildOpenApiDocument();
    const documented = doc.paths as Record<string, Record<string, unknown>>;
    const missing: string[] = [];
    for (const file of routeFiles(APP)) {
      const route = toOpenApiPath(file);
      if (!route || UNDOCUMENTED.includes(route) || route === "/") continue;
      const source = readFileSync(file, "utf8");
      const implemented = [...source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]!.toLowerCase());
      for (const method of implemented) if (!documented[route]?.[method]) missing.push(`${method.toUpperCase()} ${route}`);
    }
    expect(missing).toEqual([]);
  });
});

describe("503 in the OpenAPI document", () => {
  it("every operation documents SERVICE_UNAVAILABLE with Retry-After", () => {
    const doc = buildOpenApiDocument() as unknown as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { responses: Record<string, { headers: Record<string, unknown> }> };
    };
    const without = Object.entries(doc.paths).flatMap(([route, item]) =>
      Object.entries(item)
        .filter(([, op]) => (op.responses["503"] as { $ref?: string } | undefined)?.$ref !== "#/components/responses/ServiceUnavailable")
        .map(([method]) => `${method.toUpperCase()} ${route}`),
    );
    expect(without).toEqual([]);
    expect(Object.keys(doc.paths).length).toBeGreaterThan(10);
    expect(doc.components.responses.ServiceUnavailable!.headers["Retry-After"]).toBeTruthy();
  });
});
