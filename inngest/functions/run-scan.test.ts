import { InngestTestEngine } from "@inngest/test";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { newId } from "@/lib/ids";
import { GraphError } from "@/lib/microsoft/errors";
import { handleScanFailure, runScanFunction } from "@/inngest/functions/run-scan";
import { startSimulator, type Simulator } from "../../scripts/m365-simulator/index";
import { makeTenant, setupIsolatedDb, useSimulatorInProcess } from "../../tests/helpers";

// The Inngest function with @inngest/test (no Inngest server can run here; see shared/notes/inngest-v4.md).
const db = setupIsolatedDb();
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator();
  await useSimulatorInProcess(sim);
});
afterAll(() => sim.stop());

async function newScan(scanType: "compliance" | "exposure" = "compliance") {
  const tenant = await makeTenant();
  await db().tenant.update({ where: { id: tenant.id }, data: { msTenantId: sim.registerTenant("misconfigured") } });
  const scan = await db().scan.create({ data: { id: newId("scan"), tenantId: tenant.id, scanType, trigger: "api" } });
  const event = { name: "scans/scan.requested" as const, id: scan.id, data: { scanId: scan.id, tenantId: tenant.id, scanType } };
  return { scan, event };
}

// A new engine per execution: engines keep state between runs (shared/notes/inngest-v4.md).
const engineFor = (event: object) => new InngestTestEngine({ function: runScanFunction, events: [event as never] });

describe("run-scan (Inngest)", () => {
  it("runs the whole pipeline through named steps and completes the scan", async () => {
    const { scan, event } = await newScan();
    const { result, error, ctx } = await engineFor(event).execute();
    expect(error).toBeUndefined();
    expect(result).toMatchObject({ status: "completed" });
    const names = vi.mocked(ctx.step.run).mock.calls.map((c) => c[0]);
    expect(names).toEqual(["load-scan", "collect-and-evaluate", "save-results"]);
    expect(await db().scan.findUniqueOrThrow({ where: { id: scan.id } })).toMatchObject({ status: "completed" });
    expect(await db().checkResult.count({ where: { scanId: scan.id } })).toBeGreaterThan(0);
  });

  it("keeps step outputs small: per-check results, not Graph payloads", async () => {
    const { event } = await newScan("exposure");
    const { state } = await engineFor(event).execute();
    for (const value of Object.values(state)) {
      const output = await value;
      expect(Buffer.byteLength(JSON.stringify(output ?? null))).toBeLessThan(256 * 1024);
    }
  });

  it("surfaces a throwing step as the run's error", async () => {
    const { event } = await newScan();
    const { error } = await engineFor(event).execute({
      steps: [{ id: "collect-and-evaluate", handler: () => { throw new GraphError("unavailable", 503, "serviceNotAvailable", "Graph is down"); } }],
    });
    expect(error).toBeDefined();
    expect(String((error as { message?: string }).message)).toMatch(/Graph is down/);
  });

  it("does not retry what retrying cannot fix: an auth failure is non-retriable", async () => {
    const { event } = await newScan();
    const { error } = await engineFor(event).execute({
      steps: [{ id: "collect-and-evaluate", handler: () => { throw new GraphError("auth", 400, "unauthorized_client", "consent revoked"); } }],
    });
    expect((error as { name?: string }).name).toBe("NonRetriableError");
  });

  it("skips a scan that is no longer in progress (a retry after the reaper, a duplicate event)", async () => {
    const { scan, event } = await newScan();
    await db().scan.update({ where: { id: scan.id }, data: { status: "failed", errorCode: "SCAN_TIMED_OUT" } });
    const { result } = await engineFor(event).execute();
    expect(result).toMatchObject({ status: "skipped" });
  });
});

describe("the failure handler", () => {
  it("marks the scan failed with a code and message", async () => {
    const { scan, event } = await newScan();
    const step = { run: (_: string, fn: () => Promise<boolean>) => fn() };
    await handleScanFailure({ event: { data: { event } }, error: new GraphError("throttled", 429, "TooManyRequests", "slow down"), step });
    expect(await db().scan.findUniqueOrThrow({ where: { id: scan.id } })).toMatchObject({ status: "failed", errorCode: "GRAPH_THROTTLED" });
  });

  it("never overwrites a scan that completed", async () => {
    const { scan, event } = await newScan();
    await db().scan.update({ where: { id: scan.id }, data: { status: "completed" } });
    const step = { run: (_: string, fn: () => Promise<boolean>) => fn() };
    await handleScanFailure({ event: { data: { event } }, error: new Error("late"), step });
    expect(await db().scan.findUniqueOrThrow({ where: { id: scan.id } })).toMatchObject({ status: "completed", errorCode: null });
  });
});
