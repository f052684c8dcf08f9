import { describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { revokeApiToken } from "@/lib/auth/tokens";
import { newId } from "@/lib/ids";
import { checksFor } from "@/lib/scans/checks/registry";
import { scanResourceSchema } from "@/lib/scans/schemas";
import { PLANS } from "@/lib/tenants/plans";
import { api, makeTenant, makeToken, setupAppDb } from "../helpers";
import { makeTenantWithSlowScans } from "../simulator-client";

// Every documented behaviour of the Scans API over real HTTP against the production build (shared/spec/scans-api.md).
const db = setupAppDb();

function expectError(res: { status: number; body: any }, status: number, code: string) { // eslint-disable-line @typescript-eslint/no-explicit-any
  expect({ status: res.status, success: res.body?.success, code: res.body?.error?.code }).toEqual({ status, success: false, code });
  expect(typeof res.body.error.message).toBe("string");
  expect(JSON.stringify(res.body)).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack traces
}

async function connectedTenantWithToken(plan: "free" | "pro" | "enterprise" = "pro") {
  const tenant = await makeTenant({ plan });
  return { tenant, token: await makeToken(tenant.id) };
}

async function insertScans(tenantId: string, rows: { startedAt: Date; status?: "completed" | "failed" | "in_progress"; scanType?: "compliance" | "exposure"; id?: string }[]) {
  await db().scan.createMany({
    data: rows.map((r) => ({
      id: r.id ?? newId("scan"),
      tenantId,
      scanType: r.scanType ?? "compliance",
      status: r.status ?? "completed",
      trigger: "api" as const,
      startedAt: r.startedAt,
      completedAt: r.status === "in_progress" ? null : new Date(r.startedAt.getTime() + 60_000),
      passCount: 87,
      failCount: 12,
      skipCount: 5,
      score: 87.9,
    })),
  });
}

describe("authentication and authorisation", () => {
  it("401 without a token, with a malformed header, an unknown token or a revoked token", async () => {
    const { tenant, token } = await connectedTenantWithToken();
    const missing = await api(`/tenants/${tenant.id}/scans`);
    expectError(missing, 401, "UNAUTHORIZED");
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expectError(await api(`/tenants/${tenant.id}/scans`, { headers: { authorization: `Basic ${token}` } }), 401, "UNAUTHORIZED");
    expectError(await api(`/tenants/${tenant.id}/scans`, { token: "a365_" + "x".repeat(40) }), 401, "UNAUTHORIZED");
    const revocable = await makeToken(tenant.id);
    expect((await api(`/tenants/me/scans`, { token: revocable })).status).toBe(200);
    const row = await db().apiToken.findFirstOrThrow({ where: { tenantId: tenant.id }, orderBy: { createdAt: "desc" } });
    await revokeApiToken(row.id, { type: "system" });
    // Revoked from this test process, not through the app: the app's token cache hears of it by NOTIFY, which the
    // product promises within 1 s (tests/http/token-revocation.test.ts), not at once. Poll within that promise.
    await expect.poll(async () => (await api(`/tenants/me/scans`, { token: revocable })).status, { timeout: 1_000, interval: 20 }).toBe(401);
    expectError(await api(`/tenants/me/scans`, { token: revocable }), 401, "UNAUTHORIZED");
    expectError(await api(`/scans/${newId("scan")}`), 401, "UNAUTHORIZED");
  });

  it("403 when the token lacks the scope, per endpoint", async () => {
    const tenant = await makeTenant();
    const readOnly = await makeToken(tenant.id, ["scans:read"]);
    const writeOnly = await makeToken(tenant.id, ["scans:write"]);
    const schedulesOnly = await makeToken(tenant.id, ["schedules:read", "schedules:write"]);
    expect((await api("/tenants/me/scans", { token: readOnly })).status).toBe(200);
    expectError(await api("/tenants/me/scans", { token: readOnly, method: "POST", body: { scan_type: "compliance" } }), 403, "FORBIDDEN");
    expectError(await api("/tenants/me/scans", { token: writeOnly }), 403, "FORBIDDEN");
    expectError(await api("/tenants/me/scans", { token: schedulesOnly }), 403, "FORBIDDEN");
    expectError(await api(`/scans/${newId("scan")}`, { token: writeOnly }), 403, "FORBIDDEN");
    expect((await api("/tenants/me/scans", { token: writeOnly, method: "POST", body: { scan_type: "compliance" } })).status).toBe(201);
  });
});

describe("tenant isolation", () => {
  it("accepts `me` and the caller's own id; another tenant's id is 404 whether it exists or not", async () => {
    const a = await connectedTenantWithToken();
    const b = await connectedTenantWithToken();
    await insertScans(b.tenant.id, [{ startedAt: new Date() }]);
    expect((await api(`/tenants/me/scans`, { token: a.token })).status).toBe(200);
    expect((await api(`/tenants/${a.tenant.id}/scans`, { token: a.token })).status).toBe(200);
    const existing = await api(`/tenants/${b.tenant.id}/scans`, { token: a.token });
    const missing = await api(`/tenants/t_doesnotexist0000000000/scans`, { token: a.token });
    expectError(existing, 404, "NOT_FOUND");
    expectError(missing, 404, "NOT_FOUND");
    expect(existing.body).toEqual(missing.body); // indistinguishable
    expectError(await api(`/tenants/${b.tenant.id}/scans`, { token: a.token, method: "POST", body: { scan_type: "compliance" } }), 404, "NOT_FOUND");
    expect(await db().scan.count({ where: { tenantId: b.tenant.id } })).toBe(1);
  });

  it("another tenant's scan is 404, identical to a scan that does not exist", async () => {
    const a = await connectedTenantWithToken();
    const b = await connectedTenantWithToken();
    const created = await api(`/tenants/me/scans`, { token: b.token, method: "POST", body: { scan_type: "exposure" } });
    expect(created.status).toBe(201);
    const foreign = await api(`/scans/${created.body.data.id}`, { token: a.token });
    const unknown = await api(`/scans/${newId("scan")}`, { token: a.token });
    expectError(foreign, 404, "NOT_FOUND");
    expect(foreign.body).toEqual(unknown.body);
    expect((await api(`/scans/${created.body.data.id}`, { token: b.token })).body.data.id).toBe(created.body.data.id);
    expect((await api(`/tenants/me/scans`, { token: a.token })).body.meta.total).toBe(0);
  });
});

describe("GET /tenants/{tenantId}/scans", () => {
  it("returns the documented shape, newest first, with exact meta", async () => {
    const { token, tenant } = await connectedTenantWithToken();
    const base = Date.parse("2026-04-09T00:00:00Z");
    await insertScans(tenant.id, Array.from({ length: 25 }, (_, i) => ({ startedAt: new Date(base + i * 3_600_000) })));
    const res = await api(`/tenants/${tenant.id}/scans`, { token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    expect(res.body.success).toBe(true);
    expect(res.body.meta).toEqual({ total: 25, page: 1, limit: 20 });
    expect(res.body.data).toHaveLength(20);
    z.array(scanResourceSchema).parse(res.body.data);
    const first = res.body.data[0];
    expect(first).toMatchObject({ tenant_id: tenant.id, scan_type: "compliance", status: "completed", pass_count: 87, fail_count: 12, skip_count: 5, score: 87.9 });
    expect(first.started_at).toBe(new Date(base + 24 * 3_600_000).toISOString());
    expect(first.started_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    const starts = res.body.data.map((s: { started_at: string }) => Date.parse(s.started_at));
    expect(starts).toEqual([...starts].sort((x, y) => y - x));
  });

  it("paginates to the end and beyond", async () => {
    const { token, tenant } = await connectedTenantWithToken();
    expect((await api("/tenants/me/scans", { token })).body.meta.total).toBe(0);
    await insertScans(tenant.id, Array.from({ length: 7 }, (_, i) => ({ startedAt: new Date(Date.UTC(2026, 0, 1 + i)) })));
    const pages = await Promise.all([1, 2, 3, 4].map((page) => api(`/tenants/me/scans?page=${page}&limit=3`, { token })));
    expect(pages.map((p) => p.body.data.length)).toEqual([3, 3, 1, 0]);
    expect(pages.every((p) => p.body.meta.total === 7)).toBe(true);
    expect(pages[3]!.body.meta).toEqual({ total: 7, page: 4, limit: 3 });
    const ids = pages.flatMap((p) => p.body.data.map((s: { id: string }) => s.id));
    expect(new Set(ids).size).toBe(7);
    const all = await api(`/tenants/me/scans?limit=100`, { token });
    expect(all.body.data.map((s: { id: string }) => s.id)).toEqual(ids);
  });

  it("orders scans started at the same instant by a stable tie-break (id, descending)", async () => {
    const { token, tenant } = await connectedTenantWithToken();
    const at = new Date("2026-03-01T12:00:00Z");
    const ids = ["scan_tieAAAAAAAAAAAAAAAAAA", "scan_tieBBBBBBBBBBBBBBBBBB", "scan_tieCCCCCCCCCCCCCCCCCC", "scan_tieDDDDDDDDDDDDDDDDDD"].map((id) => id + tenant.id.slice(2, 8));
    await insertScans(tenant.id, ids.map((id) => ({ id, startedAt: at })));
    const pageA = await api("/tenants/me/scans?limit=2&page=1", { token });
    const pageB = await api("/tenants/me/scans?limit=2&page=2", { token });
    const seen = [...pageA.body.data, ...pageB.body.data].map((s: { id: string }) => s.id);
    expect(seen).toEqual([...ids].sort().reverse());
  });

  it.each([
    ["page=0", "page"],
    ["page=-1", "page"],
    ["page=abc", "page"],
    ["page=1.5", "page"],
    ["page=", "page"],
    ["page=1&page=2", "page"],
    ["limit=0", "limit"],
    ["limit=101", "limit"],
    ["limit=2.5", "limit"],
    ["limit=ten", "limit"],
    ["limit=99999999999999999999", "limit"],
    ["status=running", "status"],
    ["status=COMPLETED", "status"],
    ["scan_type=full", "scan_type"],
  ])("400 VALIDATION_ERROR for ?%s naming the field", async (query, field) => {
    const { token } = await connectedTenantWithToken();
    const res = await api(`/tenants/me/scans?${query}`, { token });
    expectError(res, 400, "VALIDATION_ERROR");
    expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it("accepts the range edges limit=1, limit=100 and filters by status and scan_type", async () => {
    const { token, tenant } = await connectedTenantWithToken();
    const t = Date.now() - 60_000; // recent: the app's reaper fails in-progress scans older than the scan timeout
    await insertScans(tenant.id, [
      { startedAt: new Date(t), status: "completed", scanType: "compliance" },
      { startedAt: new Date(t + 1000), status: "failed", scanType: "compliance" },
      { startedAt: new Date(t + 2000), status: "completed", scanType: "exposure" },
      { startedAt: new Date(t + 3000), status: "in_progress", scanType: "exposure" },
    ]);
    expect((await api("/tenants/me/scans?limit=1", { token })).body.data).toHaveLength(1);
    expect((await api("/tenants/me/scans?limit=100", { token })).body.meta).toEqual({ total: 4, page: 1, limit: 100 });
    const completed = await api("/tenants/me/scans?status=completed", { token });
    expect(completed.body.meta.total).toBe(2);
    expect(completed.body.data.every((s: { status: string }) => s.status === "completed")).toBe(true);
    const exposure = await api("/tenants/me/scans?scan_type=exposure", { token });
    expect(exposure.body.data.map((s: { scan_type: string }) => s.scan_type)).toEqual(["exposure", "exposure"]);
    const both = await api("/tenants/me/scans?scan_type=exposure&status=in_progress", { token });
    expect(both.body.meta.total).toBe(1);
    expect(both.body.data[0]).toMatchObject({ status: "in_progress", score: null, completed_at: null });
  });
});

describe("POST /tenants/{tenantId}/scans", () => {
  it("starts an in-progress scan with the documented shape", async () => {
    const tenant = await makeTenantWithSlowScans();
    const token = await makeToken(tenant.id);
    const res = await api(`/tenants/${tenant.id}/scans`, { token, method: "POST", body: { scan_type: "compliance" } });
    expect(res.status).toBe(201);
    expect(res.body.success).toBe(true);
    expect(res.body.data).toMatchObject({
      tenant_id: tenant.id,
      scan_type: "compliance",
      status: "in_progress",
      completed_at: null,
      pass_count: null,
      fail_count: null,
      skip_count: null,
      score: null,
      progress: { checks_done: 0, checks_total: checksFor("compliance").length },
    });
    expect(res.body.data.id).toMatch(/^scan_[0-9A-Za-z]{16,}$/);
    expect(Math.abs(Date.parse(res.body.data.started_at) - Date.now())).toBeLessThan(60_000);
    const fetched = await api(`/scans/${res.body.data.id}`, { token });
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual({ success: true, data: res.body.data });
  });

  it.each([
    ["{}", "missing scan_type"],
    ['{"scan_type":"full"}', "unknown scan_type"],
    ['{"scan_type":null}', "null scan_type"],
    ['{"scan_type":"compliance","extra":1}', "unknown field"],
    ["[]", "array body"],
    ['"compliance"', "string body"],
    ["{bad json", "malformed JSON"],
    ["", "empty body"],
  ])("400 VALIDATION_ERROR for %s (%s) and nothing is created", async (raw) => {
    const { token, tenant } = await connectedTenantWithToken();
    const res = await api("/tenants/me/scans", { token, method: "POST", rawBody: raw, headers: { "content-type": "application/json" } });
    expectError(res, 400, "VALIDATION_ERROR");
    expect(await db().scan.count({ where: { tenantId: tenant.id } })).toBe(0);
  });

  it("415 for a non-JSON content type", async () => {
    const { token } = await connectedTenantWithToken();
    const res = await api("/tenants/me/scans", { token, method: "POST", rawBody: "scan_type=compliance", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expectError(res, 415, "UNSUPPORTED_MEDIA_TYPE");
  });

  it("413 for a body over 64 KiB, declared or streamed in chunks without a length, and nothing is created", async () => {
    const { token, tenant } = await connectedTenantWithToken();
    const big = JSON.stringify({ scan_type: "compliance", pad: "x".repeat(70_000) });
    expectError(await api("/tenants/me/scans", { token, method: "POST", rawBody: big, headers: { "content-type": "application/json" } }), 413, "PAYLOAD_TOO_LARGE");
    const chunks = [big.slice(0, 40_000), big.slice(40_000)];
    const stream = new ReadableStream({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(new TextEncoder().encode(next));
        else controller.close();
      },
    });
    const res = await fetch(`${inject("appUrl")}/tenants/me/scans`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit & { duplex: "half" });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(await db().scan.count({ where: { tenantId: tenant.id } })).toBe(0);
  });

  it("400 TENANT_NOT_CONNECTED before anything is created — even with a bad scan_type it validates first", async () => {
    const tenant = await makeTenant({ connected: false });
    const token = await makeToken(tenant.id);
    const res = await api("/tenants/me/scans", { token, method: "POST", body: { scan_type: "compliance" } });
    expectError(res, 400, "TENANT_NOT_CONNECTED");
    expect(await db().scan.count({ where: { tenantId: tenant.id } })).toBe(0);
    expect(await db().auditEvent.count({ where: { tenantId: tenant.id, action: "scan.triggered" } })).toBe(0);
    expectError(await api("/tenants/me/scans", { token, method: "POST", body: { scan_type: "bogus" } }), 400, "VALIDATION_ERROR");
  });

  it("409 SCAN_ALREADY_RUNNING for a second scan of the same type; the other type still starts", async () => {
    const token = await makeToken((await makeTenantWithSlowScans()).id);
    const first = await api("/tenants/me/scans", { token, method: "POST", body: { scan_type: "compliance" } });
    const second = await api("/tenants/me/scans", { token, method: "POST", body: { scan_type: "compliance" } });
    expectError(second, 409, "SCAN_ALREADY_RUNNING");
    expect(second.body.error.details).toEqual({ scan_id: first.body.data.id });
    expect((await api("/tenants/me/scans", { token, method: "POST", body: { scan_type: "exposure" } })).status).toBe(201);
  });

  it("429 SCAN_PLAN_LIMIT_REACHED once the period's quota is used", async () => {
    const tenant = await makeTenantWithSlowScans("free");
    const token = await makeToken(tenant.id);
    await insertScans(tenant.id, Array.from({ length: PLANS.free.scansPerPeriod - 1 }, () => ({ startedAt: new Date() })));
    expect((await api("/tenants/me/scans", { token, method: "POST", body: { scan_type: "compliance" } })).status).toBe(201);
    const refused = await api("/tenants/me/scans", { token, method: "POST", body: { scan_type: "exposure" } });
    expectError(refused, 429, "SCAN_PLAN_LIMIT_REACHED");
    expect(refused.body.error.details).toMatchObject({ limit: PLANS.free.scansPerPeriod, used: PLANS.free.scansPerPeriod });
    expect(Date.parse(refused.body.error.details.period_end)).toBeGreaterThan(Date.now());
  });
});

describe("GET /scans/{scanId}", () => {
  it("returns a completed scan with its score (87/99 → 87.9) and UTC timestamps", async () => {
    const { token, tenant } = await connectedTenantWithToken();
    const id = newId("scan");
    await insertScans(tenant.id, [{ id, startedAt: new Date("2026-04-09T00:00:00Z") }]);
    const res = await api(`/scans/${id}`, { token });
    expect(res.body).toEqual({
      success: true,
      data: {
        id,
        tenant_id: tenant.id,
        scan_type: "compliance",
        status: "completed",
        started_at: "2026-04-09T00:00:00.000Z",
        completed_at: "2026-04-09T00:01:00.000Z",
        pass_count: 87,
        fail_count: 12,
        skip_count: 5,
        error_count: 0,
        score: 87.9,
        trigger: "api",
        progress: { checks_done: 0, checks_total: null },
        error: null,
      },
    });
  });
});

describe("the envelope everywhere", () => {
  it("404 for unknown API paths, 405 for unsupported methods, both as JSON envelopes", async () => {
    const { token } = await connectedTenantWithToken();
    expectError(await api("/tenants/me/nothing-here", { token }), 404, "NOT_FOUND");
    expectError(await api("/api/nothing", { token }), 404, "NOT_FOUND");
    for (const path of ["/scans", "/tenants/me/scans/extra", `/scans/${newId("scan")}/extra`, "/tenants/me/scans/a/b"]) {
      expectError(await api(path, { token }), 404, "NOT_FOUND");
      expectError(await api(path, { token, method: "POST", body: {} }), 404, "NOT_FOUND");
    }
    const put = await api("/tenants/me/scans", { token, method: "DELETE" });
    expectError(put, 405, "METHOD_NOT_ALLOWED");
    expect(put.headers.get("allow")).toContain("GET");
    expectError(await api(`/scans/${newId("scan")}`, { token, method: "POST", body: {} }), 405, "METHOD_NOT_ALLOWED");
    // /tenants and /tenants/{id} exist (GET only) since sign-in: the caller's tenants and the tenant itself.
    for (const path of ["/tenants", "/tenants/me"]) {
      expect((await api(path, { token })).status).toBe(200);
      expectError(await api(path, { token, method: "POST", body: {} }), 405, "METHOD_NOT_ALLOWED");
    }
  });

  it("every response carries a request id", async () => {
    const { token } = await connectedTenantWithToken();
    expect((await api("/tenants/me/scans", { token })).headers.get("x-request-id")).toMatch(/^req_/);
    expect((await api("/tenants/me/scans")).headers.get("x-request-id")).toMatch(/^req_/);
  });
});

describe("GET /openapi.json", () => {
  it("is an OpenAPI 3.1 document describing every endpoint, without auth", async () => {
    const res = await api("/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe("3.1.0");
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(["/tenants/{tenantId}/scans", "/scans/{scanId}"]));
    expect(Object.keys(res.body.paths["/tenants/{tenantId}/scans"])).toEqual(["get", "post"]);
    const limit = res.body.paths["/tenants/{tenantId}/scans"].get.parameters.find((p: { name: string }) => p.name === "limit");
    expect(limit.schema).toMatchObject({ type: "integer", minimum: 1, maximum: 100, default: 20 });
    expect(res.body.components.schemas.Scan.required).toEqual(
      expect.arrayContaining(["id", "tenant_id", "scan_type", "status", "started_at", "completed_at", "pass_count", "fail_count", "skip_count", "score"]),
    );
    expect(res.body.paths["/tenants/{tenantId}/scans"].post.responses).toHaveProperty("409");
  });
});
