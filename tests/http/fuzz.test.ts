import fc from "fast-check";
import net from "node:net";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { ERROR_STATUS } from "@/lib/api/errors";
import { Browser } from "../browser-session";
import { makeTenant, makeToken, setupAppDb } from "../helpers";
import { registerSimulatedTenant } from "../simulator-client";

// Property-based fuzzing of every operation in the OpenAPI document over real HTTP (issue 10 item 2): hostile
// paths, query strings, headers and bodies must get status < 500, the JSON error envelope on every error, no stack
// or library names, and no row written by a rejected request. Seeded: FUZZ_SEED=<n> replays a run.
const db = setupAppDb();
const appUrl = () => inject("appUrl");

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
const RUNS = Number(process.env.FUZZ_RUNS ?? 2200);

type Operation = { method: string; template: string; params: string[]; query: string[]; bodyKeys: string[] | null; memberOnly: boolean };
type Caller = { kind: "token" | "session"; tenantId: string; headers: Record<string, string> };
type FuzzRequest = { op: Operation; path: string; query: string; headers: Record<string, string>; body: Uint8Array | null; asSession: boolean };

const LEAKS = /prisma|node:|\bat \/|node_modules|webpack|turbopack|\.next\/|next\/dist|TypeError|ReferenceError|SyntaxError|ECONN|postgres|invalid byte sequence/i;

// ---- generators -------------------------------------------------------------------------------------------------

/** Hostile strings: the classes the issue names, and anything fast-check can make of UTF-16. */
const hostileString = fc.oneof(
  fc.constantFrom("\u0000", "a\u0000b", "\u0001", "\u001b[31m", "\u007f", "\ud800", "\udc00x", "x\ud83d", "\ufeff", "\u202e", "\r\n", "\t"),
  fc.string({ unit: "binary", maxLength: 24 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 8 }),
  fc.integer({ min: 201, max: 3000 }).map((n) => "x".repeat(n)),
  fc.constantFrom("__proto__", "constructor", "prototype", "../../etc/passwd", "' OR 1=1 --", "${7*7}", "%s%n", "null", "[]", "{}", "me", "plan"),
);

/** Percent-escapes as they may arrive on the wire, valid or not. */
const rawEscape = fc.constantFrom("%", "%E0%A4%A", "%ZZ", "%ED%A0%80", "%00", "%C0%AF", "%FF", "%2F", "%2e%2e", "%u0041", "%%", "%E2%82", "%F0%9F%98%80");

/** Percent-encodes any UTF-16 string, lone surrogates included (as CESU-8 bytes, which are not valid UTF-8). */
function encodeAny(value: string): string {
  let out = "";
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join("");
    } else out += encodeURIComponent(ch);
  }
  return out;
}

function segment(known: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...known) },
    { weight: 3, arbitrary: hostileString.map(encodeAny) },
    { weight: 2, arbitrary: fc.tuple(fc.string({ maxLength: 4 }), rawEscape, fc.string({ maxLength: 4 })).map(([a, e, b]) => `${encodeAny(a)}${e}${encodeAny(b)}`) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 9 }).map((n) => `${known[0]}${"/x".repeat(n)}`) },
  );
}

const numberish = fc.constantFrom("0", "-1", "1", "100", "101", "2147483647", "2147483648", "9007199254740993", "99999999999999999999", "1e400", "NaN", "Infinity", "1.5", "0x10", " 5", "");

function queryString(names: string[]): fc.Arbitrary<string> {
  const name = fc.oneof(fc.constantFrom(...names, "limit", "page", "status", "__proto__"), hostileString);
  const value = fc.oneof(numberish, hostileString, fc.constantFrom("in_progress", "completed", "compliance", "exposure"));
  const pair = fc.oneof(
    { weight: 4, arbitrary: fc.tuple(name, value).map(([k, v]) => `${encodeAny(k)}=${encodeAny(v)}`) },
    { weight: 1, arbitrary: fc.tuple(name, rawEscape).map(([k, e]) => `${encodeAny(k)}=${e}`) },
  );
  return fc.array(pair, { maxLength: 5 }).chain((pairs) =>
    // Sometimes the same parameter twice.
    fc.boolean().map((dup) => (dup && pairs.length > 0 ? [...pairs, pairs[0]!] : pairs).join("&")),
  );
}

const encoder = new TextEncoder();

/** A JSON text built from the operation's own field names with hostile values, then one hostile twist. */
function jsonBody(keys: string[]): fc.Arbitrary<Uint8Array> {
  const fieldNames = keys.length > 0 ? keys : ["name"];
  const value = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    hostileString,
    fc.constantFrom(0, -1, 23, 59, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, Number.MAX_SAFE_INTEGER, "compliance", "weekly", "UTC", true, null),
  );
  const base = fc.dictionary(fc.constantFrom(...fieldNames), value, { maxKeys: fieldNames.length });
  const texts = fc.oneof(
    // A plain object (may even be valid: then it may be accepted, and then it may write).
    { weight: 2, arbitrary: base.map((o) => JSON.stringify(o)) },
    // Duplicate key.
    { weight: 2, arbitrary: fc.tuple(base, fc.constantFrom(...fieldNames)).map(([o, k]) => JSON.stringify(o).replace(/^\{/, `{"${k}":1,"${k}":2${Object.keys(o).length ? "," : ""}`)) },
    // Prototype keys, at the top or nested.
    { weight: 2, arbitrary: fc.tuple(base, fc.constantFrom("__proto__", "constructor", "prototype"), fc.boolean()).map(([o, k, nested]) => JSON.stringify(o).replace(/^\{/, nested ? `{"x":{"${k}":{"admin":true}},` : `{"${k}":{"admin":true},`).replace(/,\}$/, "}")) },
    // Unstorable strings spelled as JSON escapes, in a key or a value.
    {
      weight: 3,
      arbitrary: fc.tuple(base, fc.constantFrom(...fieldNames), fc.constantFrom("\\u0000", "\\u0007", "\\u001f", "\\ud800", "\\udfff", "a\\ud83d"), fc.boolean()).map(([o, k, esc, inKey]) =>
        JSON.stringify(o).replace(/^\{/, inKey ? `{"${k}${esc}":"v",` : `{"${k}":"x${esc}y",`).replace(/,\}$/, "}"),
      ),
    },
    // Numbers beyond 53 bits, or not finite.
    { weight: 2, arbitrary: fc.tuple(base, fc.constantFrom(...fieldNames), fc.constantFrom("1e400", "-1e400", "9007199254740993", "-9007199254740993", "123456789012345678901234567890", "2e53")).map(([o, k, n]) => JSON.stringify({ ...o, [k]: 0 }).replace(`"${k}":0`, `"${k}":${n}`)) },
    // Nesting deeper than 16.
    { weight: 1, arbitrary: fc.integer({ min: 17, max: 2000 }).map((d) => `{"a":${"[".repeat(d)}${"]".repeat(d)}}`) },
    // Not JSON, or not an object.
    { weight: 2, arbitrary: fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom("{", '{"a":', '{"a":1,}', "[1,2]", "42", '"s"', "null", "{'a':1}", "{\"a\":01}", "NaN", "")) },
  );
  return fc.oneof(
    { weight: 8, arbitrary: texts.map((t) => encoder.encode(t)) },
    // Bytes that are not UTF-8, or a UTF-16 body.
    { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Uint8Array.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, ...b, 0xc0, 0x22, 0x7d])) },
  );
}

const OWN_CREDENTIAL = "<the caller's own credential>";

function headersFor(c: Caller): fc.Arbitrary<Record<string, string>> {
  const contentType = fc.constantFrom(undefined, "application/json", "application/json; charset=utf-8", "application/merge-patch+json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16", "*/*", "garbage");
  const auth = fc.oneof(
    { weight: 8, arbitrary: fc.constant("own") },
    { weight: 1, arbitrary: fc.constantFrom("Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer a365_" + "x".repeat(300), "Bearer a365_invalid", "bearer\tx", "Bearer \u00e9") },
  );
  const extra = fc.record({ accept: fc.constantFrom("application/json", "text/html", "*/*", ""), "x-forwarded-for": fc.constantFrom("127.0.0.1", "::1", "999.1.1.1", "a".repeat(500)) }, { requiredKeys: [] });
  return fc.tuple(contentType, auth, extra).map(([ct, a, x]) => {
    const headers: Record<string, string> = { ...x };
    // A placeholder, filled in by send(): counterexamples printed on failure never carry a token or a cookie.
    if (a === "own") for (const name of Object.keys(c.headers)) headers[name] = OWN_CREDENTIAL;
    else headers.authorization = a;
    if (ct) headers["content-type"] = ct;
    return headers;
  });
}

// ---- the run ----------------------------------------------------------------------------------------------------

let operations: Operation[] = [];
let tokenCaller: Caller;
let sessionCaller: Caller;
let otherTenantId: string;
let guid: string;

/** The session cookie of the simulated tenant's owner, through the real sign-in flow. */
async function signIn(): Promise<string> {
  const browser = new Browser(appUrl());
  await browser.signIn("megan.bowen@contoso.com", { tenant: guid });
  return browser.jar.header();
}

/** Tenant-scoped tables a request could write (a table added to the schema belongs here too). */
const TENANT_TABLES = ["scans", "check_results", "scheduled_scans", "schedule_runs", "audit_events", "api_tokens", "memberships", "invitations", "risk_exceptions", "consent_requests", "break_glass_settings"];

/**
 * Rows of the callers' tenants in every tenant-scoped table, and their tenants' rows themselves, in one round trip:
 * a rejected request must leave all of it as it was.
 */
async function snapshot(): Promise<string> {
  const schema = inject("appSchema");
  const counts = TENANT_TABLES.map((t) => `(SELECT count(*) FROM "${schema}"."${t}" WHERE tenant_id = ANY($1::text[]))`).join(" || ',' || ");
  const tenants = `(SELECT string_agg(md5(t::text), ',' ORDER BY id) FROM "${schema}"."tenants" t WHERE id = ANY($1::text[]))`;
  const [row] = await db().$queryRawUnsafe<{ s: string }[]>(`SELECT ${counts} || ';' || ${tenants} AS s`, [tokenCaller.tenantId, sessionCaller.tenantId]);
  return row!.s;
}

function operationsOf(doc: { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: unknown; security?: unknown[] }>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!["get", "post", "put", "patch", "delete"].includes(method)) continue;
      const params = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const query = (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
      const schema = (op.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined)?.content?.["application/json"]?.schema;
      const bodyKeys = op.requestBody ? propertyNames(schema, doc) : null;
      const memberOnly = JSON.stringify(op.security ?? []) === JSON.stringify([{ sessionCookie: [] }]);
      ops.push({ method: method.toUpperCase(), template, params, query, bodyKeys, memberOnly });
    }
  }
  return ops;
}

function propertyNames(schema: unknown, doc: unknown): string[] {
  const s = schema as { $ref?: string; properties?: Record<string, unknown>; anyOf?: unknown[]; oneOf?: unknown[]; allOf?: unknown[] } | undefined;
  if (!s) return [];
  if (s.$ref) {
    const target = s.$ref.replace(/^#\//, "").split("/").reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], doc);
    return propertyNames(target, doc);
  }
  const nested = [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])].flatMap((x) => propertyNames(x, doc));
  return [...new Set([...Object.keys(s.properties ?? {}), ...nested])];
}

/** API namespaces: everything under them answers JSON, whatever the path. */
const API_PATH = /^\/(tenants|scans|checks|openapi\.json|api)(\/|$)/;

async function send(r: FuzzRequest): Promise<{ status: number; contentType: string; text: string; api: boolean } | null> {
  const url = `${appUrl()}${r.path}${r.query ? `?${r.query}` : ""}`;
  // The client resolves dot segments (`%2e%2e` too): `/tenants/%2e%2e/members/x` is sent as `/members/x`, a page path.
  const api = API_PATH.test(new URL(url).pathname);
  const caller = r.asSession ? sessionCaller : tokenCaller;
  const headers = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k, v === OWN_CREDENTIAL ? caller.headers[k]! : v]));
  if (r.asSession && r.op.method !== "GET") {
    headers.origin = appUrl();
    headers["sec-fetch-site"] = "same-origin";
  }
  let res: Response;
  try {
    res = await fetch(url, { method: r.op.method, headers, body: r.op.method === "GET" || !r.body ? undefined : new Blob([r.body.slice()]) });
  } catch (error) {
    // fetch itself refuses some header values (non-Latin-1): nothing was sent, so there is nothing to check.
    if (error instanceof TypeError && !/fetch failed/.test(error.message)) return null;
    throw error;
  }
  return { status: res.status, contentType: res.headers.get("content-type") ?? "", text: await res.text(), api };
}

// Shared by both describes: the operations, a tenant with a token, and a signed-in owner of another tenant.
beforeAll(async () => {
  const doc = await (await fetch(`${appUrl()}/openapi.json`)).json();
  operations = operationsOf(doc);
  const tenant = await makeTenant({ name: "Fuzz A", connected: false });
  tokenCaller = { kind: "token", tenantId: tenant.id, headers: { authorization: `Bearer ${await makeToken(tenant.id)}` } };
  otherTenantId = (await makeTenant({ name: "Fuzz B" })).id;
  guid = await registerSimulatedTenant("well-configured", { consented: false });
  const cookie = await signIn();
  const me = await fetch(`${appUrl()}/tenants/me`, { headers: { cookie } });
  sessionCaller = { kind: "session", tenantId: ((await me.json()) as { data: { id: string } }).data.id, headers: { cookie } };
}, 60_000);

describe(`fuzzing every API operation over HTTP (seed ${SEED}; replay with FUZZ_SEED=${SEED})`, () => {

  it(`answers ${RUNS} generated requests with < 500, the envelope, no leak and no write when rejected`, async () => {
    expect(operations.length).toBeGreaterThan(20);
    const seen = new Map<string, number>();
    let sent = 0;
    let before = await snapshot();

    const request: fc.Arbitrary<FuzzRequest> = fc
      .tuple(fc.constantFrom(...operations), fc.boolean())
      .chain(([op, asSession]) => {
        const known = (name: string) =>
          name === "tenantId" ? ["me", (asSession ? sessionCaller : tokenCaller).tenantId, otherTenantId] : name === "scheduledScanId" ? ["plan", "sched_x"] : ["x"];
        const path = fc.tuple(...op.params.map((p) => segment(known(p))), fc.constant("")).map((values) => {
          let i = 0;
          return op.template.replace(/\{\w+\}/g, () => values[i++]!);
        });
        const body = op.bodyKeys !== null || op.method !== "GET" ? fc.option(jsonBody(op.bodyKeys ?? []), { freq: 8 }) : fc.constant(null);
        const useSession = asSession || op.memberOnly;
        return fc.record({
          op: fc.constant(op),
          path,
          query: queryString(op.query),
          headers: headersFor(useSession ? sessionCaller : tokenCaller),
          body,
          asSession: fc.constant(useSession),
        });
      });

    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const res = await send(r);
        if (!res) return;
        sent++;
        const key = `${r.op.method} ${r.op.template}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
        const where = `${r.op.method} ${r.path}${r.query ? `?${r.query}` : ""} → ${res.status} ${res.text.slice(0, 300)}`;
        expect(res.status, where).toBeLessThan(500);
        // Off the API (the client resolved dot segments into a page path, e.g. `/scans/%2e%2e/x` → `/x`) only
        // "< 500" applies: Next's HTML 404 page is what a page path should get.
        if (res.status >= 400 && res.api) {
          expect(res.text, where).not.toMatch(LEAKS);
          expect(res.contentType, where).toMatch(/^application\/json/);
          const body = JSON.parse(res.text);
          expect(body, where).toMatchObject({ success: false, error: { code: expect.stringMatching(/^[A-Z_]+$/), message: expect.any(String) } });
          expect(ERROR_STATUS[body.error.code as keyof typeof ERROR_STATUS], where).toBe(res.status);
        } else if (res.status < 400 && res.contentType.startsWith("application/json")) {
          expect(JSON.parse(res.text).success, where).toBe(true);
        }
        // Signing out everywhere worked: sign in again, or the rest of the run would only see 401s.
        if (r.op.template === "/api/session/sign-out-everywhere" && res.status === 200) sessionCaller.headers.cookie = await signIn();
        const after = await snapshot();
        if (res.status >= 400) expect(after, `rows changed by a rejected request: ${where}`).toBe(before);
        before = after;
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );

    expect(sent).toBeGreaterThanOrEqual(Math.min(RUNS, 2000));
    // Every operation of the document was driven (the draw is uniform over operations).
    const fair = Math.floor(sent / operations.length / 3);
    for (const op of operations) expect(seen.get(`${op.method} ${op.template}`) ?? 0, `${op.method} ${op.template} barely fuzzed`).toBeGreaterThan(fair);
  }, 240_000);
});

function dechunk(text: string): string {
  let out = "";
  let rest = text;
  for (;;) {
    const eol = rest.indexOf("\r\n");
    const size = parseInt(rest.slice(0, eol), 16);
    if (!(size > 0)) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}

/** One raw HTTP/1.1 exchange: what fetch refuses to send (TRACE, TRACK, a body cut short) goes over a socket. */
function rawRequest(head: string, body = "", options: { abortAfterBody?: boolean } = {}): Promise<{ status: number; headers: string; body: string }> {
  const { hostname, port } = new URL(appUrl());
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(`${head}\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n${body}`);
      if (options.abortAfterBody) setTimeout(() => socket.destroy(), 200);
    });
    let data = "";
    socket.on("data", (chunk) => (data += chunk));
    socket.on("close", () => {
      const [headers = "", ...rest] = data.split("\r\n\r\n");
      let body = rest.join("\r\n\r\n");
      if (/^transfer-encoding: chunked/im.test(headers)) body = dechunk(body);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(headers)?.[1] ?? 0), headers, body });
    });
    socket.on("error", reject);
  });
}

function expectEnvelope(res: { status: number; headers: string; body: string }, status: number, code: string) {
  expect(res.status, res.headers + res.body).toBe(status);
  expect(res.headers).toMatch(/content-type: application\/json/i);
  expect(JSON.parse(res.body)).toMatchObject({ success: false, error: { code } });
}

describe("requests a fetch client cannot make", () => {
  it("answers unknown and unsupported methods with the 405 envelope and Allow", async () => {
    for (const method of ["TRACE", "TRACK", "FOO", "PROPFIND", "MKCOL"]) {
      const res = await rawRequest(`${method} /tenants/me/scans HTTP/1.1`);
      expectEnvelope(res, 405, "METHOD_NOT_ALLOWED");
      expect(res.headers).toMatch(/^allow: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS$/im);
    }
  });

  it("answers malformed percent-encoding anywhere under the API with the 400 envelope", async () => {
    for (const path of ["/scans/%E0%A4%A", "/%", "/tenants/%ZZ/scans", "/tenants/me/scheduled-scans/%ED%A0%80", "/api/%E0", "/checks/%C0", "/openapi.json/%"]) {
      expectEnvelope(await rawRequest(`GET ${path} HTTP/1.1`), 400, "VALIDATION_ERROR");
    }
    // Unmatched paths under the API prefixes are the 404 envelope, not Next's HTML page.
    for (const path of ["/checks/anything/else", "/openapi.json/x"]) expectEnvelope(await rawRequest(`GET ${path} HTTP/1.1`), 404, "NOT_FOUND");
  });

  it("refuses a body cut short by the client without a 500 and without writing", async () => {
    const before = await snapshot();
    const res = await rawRequest(
      `POST /tenants/me/scheduled-scans HTTP/1.1\r\n${tokenCaller.headers.authorization ? `Authorization: ${tokenCaller.headers.authorization}\r\n` : ""}Content-Type: application/json\r\nContent-Length: 500`,
      '{"name":"cut short","frequency":"daily"',
      { abortAfterBody: true },
    );
    expect(res.status === 0 || res.status === 400, `${res.status} ${res.body}`).toBe(true); // the client is gone: nothing, or a 400
    expect(await snapshot()).toBe(before);
  });

  it("leaves oversized request headers to Node's own 431", async () => {
    const res = await rawRequest(`GET /tenants/me/scans HTTP/1.1\r\nX-Big: ${"a".repeat(20_000)}`);
    expect(res.status).toBe(431);
  });
});
