import net from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { newId } from "@/lib/ids";
import { startSimulator, type Simulator } from "../../scripts/m365-simulator/index";
import { appEnvironmentFor } from "../../scripts/m365-simulator/app-env";
import { startTestApp, type TestApp } from "../../scripts/test-app";
import { makeTenant, makeToken, setupIsolatedDb } from "../helpers";

/**
 * The database goes away for 10 s while the app serves requests, then comes back. The app (the production build)
 * talks to PostgreSQL through a TCP proxy this test controls; cutting it destroys every live connection and refuses
 * new ones, as a database restart or a network partition would. During the cut every request must answer, within a
 * generous bound (no hang), a 503 SERVICE_UNAVAILABLE envelope with Retry-After — never a 500; afterwards the same
 * process (no restart) serves 200s again, runs a scan, and its background tick (the reaper) works again.
 *
 * PostgreSQL only (TEST_DATABASE_URL, which CI sets): an embedded PGlite lives inside the test process, so "the
 * database going away" is not something it can show honestly.
 */
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;
if (!TEST_DATABASE_URL) console.warn("db-outage.test.ts skipped: set TEST_DATABASE_URL to a PostgreSQL database (CI does)");

const OUTAGE_MS = 10_000;
/** Shaped like a session token (so it is looked up in the database), belonging to nobody. */
const FAKE_SESSION = "x".repeat(43);
/** Generous: a request that has not answered by then is hanging (the app's own bounds are 5 s connect, 30 s query). */
const ANSWER_WITHIN_MS = 20_000;

/** A TCP proxy in front of PostgreSQL that can be cut (live sockets destroyed, new ones refused) and restored. */
class CuttableProxy {
  private readonly sockets = new Set<net.Socket>();
  private up = true;
  refused = 0;
  private readonly server: net.Server;
  constructor(private readonly target: { host: string; port: number }) {
    this.server = net.createServer((client) => {
      client.on("error", () => {});
      if (!this.up) {
        this.refused++;
        client.destroy();
        return;
      }
      const upstream = net.connect(target.port, target.host);
      this.sockets.add(client).add(upstream);
      upstream.on("error", () => client.destroy());
      client.on("close", () => (upstream.destroy(), this.sockets.delete(client)));
      upstream.on("close", () => (client.destroy(), this.sockets.delete(upstream)));
      client.pipe(upstream).pipe(client);
    });
  }
  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return (this.server.address() as net.AddressInfo).port;
  }
  cut(): number {
    this.up = false;
    const live = this.sockets.size;
    for (const socket of this.sockets) socket.destroy();
    return live;
  }
  restore(): void {
    this.up = true;
  }
  async close(): Promise<void> {
    this.cut();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

type Answer = { status: number; ms: number; contentType: string | null; retryAfter: string | null; body: unknown; text: string };

describe.skipIf(!TEST_DATABASE_URL)("the database goes away for 10 s", () => {
  const db = setupIsolatedDb();
  let sim: Simulator;
  let proxy: CuttableProxy;
  let app: TestApp;
  let token: string;
  let scanId: string;

  async function call(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
    const started = Date.now();
    // An empty header value means "send no such header" (a session-cookie caller sends no Authorization).
    const headers = Object.entries({ authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers }).filter(([, v]) => v !== "");
    const res = await fetch(`${app.url}${path}`, {
      method: init.method ?? "GET",
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      redirect: "manual",
      signal: AbortSignal.timeout(ANSWER_WITHIN_MS),
    });
    const text = await res.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: the assertions say so
    }
    return { status: res.status, ms: Date.now() - started, contentType: res.headers.get("content-type"), retryAfter: res.headers.get("retry-after"), body, text };
  }

  beforeAll(async () => {
    sim = await startSimulator();
    const target = new URL(inject("databaseUrl"));
    proxy = new CuttableProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(target);
    viaProxy.hostname = "127.0.0.1";
    viaProxy.port = String(await proxy.listen());
    app = await startTestApp({ database: { url: viaProxy.toString(), schema: db.schema }, env: { ...appEnvironmentFor(sim), TICK_INTERVAL_SECONDS: "1" } });
    const tenant = await makeTenant();
    await db().tenant.update({ where: { id: tenant.id }, data: { msTenantId: sim.registerTenant("misconfigured") } });
    token = await makeToken(tenant.id);
  });
  afterAll(async () => {
    await app?.stop();
    await proxy?.close();
    await sim?.stop();
  });

  it("answers 503 envelopes during the outage, never a 500 or a hang, and serves again afterwards without a restart", async () => {
    // Before: full service, a completed scan to read later.
    const created = await call("/tenants/me/scans", { method: "POST", body: { scan_type: "compliance" } });
    expect(created.status).toBe(201);
    scanId = (created.body as { data: { id: string } }).data.id;
    await expect.poll(async () => ((await call(`/scans/${scanId}`)).body as { data: { status: string } }).data.status, { timeout: 20_000 }).toBe("completed");

    const requests: { label: string; path: string; method?: string; body?: unknown; headers?: Record<string, string> }[] = [
      { label: "list scans", path: "/tenants/me/scans?limit=5" },
      { label: "one scan", path: `/scans/${scanId}` },
      { label: "findings", path: `/scans/${scanId}/results` },
      { label: "trigger", path: "/tenants/me/scans", method: "POST", body: { scan_type: "exposure" } },
      { label: "schedules", path: "/tenants/me/scheduled-scans" },
      { label: "session-authenticated API", path: "/tenants/me/scans", headers: { authorization: "", cookie: `a365.session=${FAKE_SESSION}` } },
    ];

    const live = proxy.cut();
    expect(live).toBeGreaterThan(0); // the app's pool really had connections to lose
    const outageStarted = Date.now();
    // While the database is away: keep firing every request (in parallel bursts) until the 10 s are over.
    // A stuck scan is planted meanwhile directly in the database (the app cannot see it yet): after the outage the
    // app's background tick must reap it, which shows the tick survived.
    const stuck = await db().scan.create({
      data: { id: newId("scan"), tenantId: (await db().apiToken.findFirstOrThrow()).tenantId, scanType: "exposure", status: "in_progress", trigger: "api", startedAt: new Date(Date.now() - 2 * 3600_000) },
    });
    const during: (Answer & { label: string })[] = [];
    while (Date.now() - outageStarted < OUTAGE_MS) {
      const burst = await Promise.all(requests.map(async (r) => ({ label: r.label, ...(await call(r.path, r)) })));
      during.push(...burst);
      await new Promise((r) => setTimeout(r, 250));
    }
    // A dashboard page: its error boundary, not a hang (server components read the database directly).
    const page = await call("/dashboard/scans", { headers: { authorization: "", cookie: `a365.session=${FAKE_SESSION}` } });
    proxy.restore();

    expect(during.length).toBeGreaterThanOrEqual(requests.length * 3);
    for (const answer of during) {
      const summary = `${answer.label}: ${answer.status} ${answer.text.slice(0, 200)}`;
      expect(answer.status, summary).toBe(503);
      expect(answer.contentType, summary).toMatch(/^application\/json/);
      expect(answer.body, summary).toEqual({ success: false, error: { code: "SERVICE_UNAVAILABLE", message: expect.any(String) } });
      expect(answer.retryAfter, summary).toMatch(/^[1-9][0-9]*$/);
      expect(answer.text, summary).not.toMatch(/prisma|node_modules|at .*\.js|ECONN|Connection terminated|127\.0\.0\.1/i);
      expect(answer.ms, summary).toBeLessThan(ANSWER_WITHIN_MS);
    }
    expect(proxy.refused).toBeGreaterThan(0); // the app kept trying to reconnect, and was refused
    // Next answers a server component's error with its error document, whose payload the browser renders into the
    // nearest error boundary (React does not render boundaries on the server): app/error.tsx, since the dashboard
    // layout itself reads the session. Its code ships with the page.
    expect(page.status, page.text.slice(0, 200)).toBe(500);
    expect(page.contentType).toMatch(/^text\/html/);
    expect(page.text).toContain('id="__next_error__"');
    expect(page.text).toMatch(/E\{\\"digest\\":\\"\d+\\"\}/); // the error reaches the client as a digest only
    const chunks = [...new Set(page.text.match(/\/_next\/static\/chunks\/[\w.-]+\.js/g) ?? [])];
    const sources = await Promise.all(chunks.map(async (c) => (await fetch(`${app.url}${c}`)).text()));
    expect(sources.some((js) => js.includes("Aether365 is temporarily unavailable"))).toBe(true);
    // Nothing half-written by the refused trigger.
    expect(await db().scan.count({ where: { scanType: "exposure", id: { not: stuck.id } } })).toBe(0);

    // After: the same process serves again (bounded wait while the pool reconnects), no restart.
    await expect.poll(async () => (await call("/tenants/me/scans?limit=5")).status, { timeout: 15_000, interval: 250 }).toBe(200);
    expect((await call(`/scans/${scanId}`)).body).toMatchObject({ success: true, data: { id: scanId, status: "completed" } });
    expect((await call("/tenants/me/scheduled-scans")).status).toBe(200);
    // The background tick survived: it reaps the scan planted during the outage (older than the 30 min timeout).
    await expect
      .poll(async () => (await db().scan.findUniqueOrThrow({ where: { id: stuck.id } })).status, { timeout: 15_000, interval: 250 })
      .toBe("failed");
    // And a new scan runs end to end (its type was freed by the reaper).
    const again = await call("/tenants/me/scans", { method: "POST", body: { scan_type: "exposure" } });
    expect(again.status, again.text).toBe(201);
    const againId = (again.body as { data: { id: string } }).data.id;
    await expect.poll(async () => ((await call(`/scans/${againId}`)).body as { data: { status: string } }).data.status, { timeout: 20_000 }).toBe("completed");
  }, 120_000);
});
