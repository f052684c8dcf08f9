import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startSimulator, type Simulator } from "../../scripts/m365-simulator/index";
import { startTestApp, type TestApp } from "../../scripts/test-app";
import { appEnvironmentFor } from "../../scripts/m365-simulator/app-env";
import { makeTenant, makeToken, setupIsolatedDb } from "../helpers";

// Under the inline driver a scan lives in the app process. Kill that process mid-scan and start it again:
// the reaper must fail the orphaned scan after the timeout, and a new scan of that type must be able to start.
const db = setupIsolatedDb();
let sim: Simulator;
let app: TestApp | undefined;

beforeAll(async () => {
  sim = await startSimulator({ latencyMs: 5_000 }); // slow enough that the scan is surely still running when killed
});
afterAll(async () => {
  await app?.stop();
  await sim.stop();
});

async function call(path: string, token: string, body?: unknown) {
  const res = await fetch(`${app!.url}${path}`, {
    method: body ? "POST" : "GET",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

describe("kill -9 mid-scan, restart", () => {
  it("the reaper fails the abandoned scan after the timeout and a new scan can start", async () => {
    const env = { ...appEnvironmentFor(sim), SCAN_TIMEOUT_SECONDS: "4", TICK_INTERVAL_SECONDS: "1" };
    const database = { url: inject("databaseUrl"), schema: db.schema };
    app = await startTestApp({ database, env });
    const tenant = await makeTenant();
    await db().tenant.update({ where: { id: tenant.id }, data: { msTenantId: sim.registerTenant("misconfigured") } });
    const token = await makeToken(tenant.id);

    const started = await call("/tenants/me/scans", token, { scan_type: "compliance" });
    expect(started.status).toBe(201);
    const scanId = started.body.data.id as string;
    await app.stop("SIGKILL");
    expect(await db().scan.findUniqueOrThrow({ where: { id: scanId } })).toMatchObject({ status: "in_progress" });

    app = await startTestApp({ database, env });
    expect((await call("/tenants/me/scans", token, { scan_type: "compliance" })).body.error.code).toBe("SCAN_ALREADY_RUNNING");
    const deadline = Date.now() + 20_000;
    let scan = (await call(`/scans/${scanId}`, token)).body.data;
    while (scan.status === "in_progress" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      scan = (await call(`/scans/${scanId}`, token)).body.data;
    }
    expect(scan).toMatchObject({ status: "failed", error: { code: "SCAN_TIMED_OUT" }, score: null });
    expect((await call("/tenants/me/scans", token, { scan_type: "compliance" })).status).toBe(201);
  });
});
