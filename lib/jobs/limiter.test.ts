import { afterEach, describe, expect, it, vi } from "vitest";
import { createInlineDriver, type ScanJob } from "@/lib/jobs/driver";
import { ConcurrencyLimiter } from "@/lib/jobs/limiter";

// The bound on running scans, for both drivers: the inline driver's in-process limiter, and the limits the Inngest
// function declares to the Inngest server.
const tick = () => new Promise((r) => setTimeout(r, 1));

/** A task that records how many tasks (and of its key) run at the same time as it. */
function probe() {
  let running = 0;
  let peak = 0;
  const byKey = new Map<string, number>();
  let peakPerKey = 0;
  const order: string[] = [];
  const task = (key: string, label = key, ms = 2) => async () => {
    running++;
    byKey.set(key, (byKey.get(key) ?? 0) + 1);
    peak = Math.max(peak, running);
    peakPerKey = Math.max(peakPerKey, byKey.get(key)!);
    order.push(label);
    await new Promise((r) => setTimeout(r, ms));
    byKey.set(key, byKey.get(key)! - 1);
    running--;
  };
  return { task, get peak() { return peak; }, get peakPerKey() { return peakPerKey; }, order };
}

describe("ConcurrencyLimiter", () => {
  it("never runs more than the global limit, and runs everything", async () => {
    const limiter = new ConcurrencyLimiter({ global: 7, perKey: 2 });
    const p = probe();
    for (let i = 0; i < 2_000; i++) limiter.enqueue(`t${i}`, p.task(`t${i}`));
    expect(limiter.stats()).toMatchObject({ running: 7, queued: 1_993 });
    await limiter.idle();
    expect(p.peak).toBe(7);
    expect(limiter.stats()).toMatchObject({ running: 0, queued: 0, started: 2_000, peakRunning: 7 });
  });

  it("never runs more than the per-tenant limit, and a busy tenant does not hold up the others", async () => {
    const limiter = new ConcurrencyLimiter({ global: 4, perKey: 2 });
    const p = probe();
    for (let i = 0; i < 20; i++) limiter.enqueue("busy", p.task("busy", `busy${i}`, 5));
    limiter.enqueue("other", p.task("other"));
    await tick();
    // Two of busy's twenty (its own limit) and other's one started at once, although other came last.
    expect(p.order.slice(0, 3).sort()).toEqual(["busy0", "busy1", "other"]);
    await limiter.idle();
    expect(p.peakPerKey).toBe(2);
    expect(p.order).toHaveLength(21);
  });

  it("shares the slots round robin between tenants that have a backlog", async () => {
    const limiter = new ConcurrencyLimiter({ global: 1, perKey: 1 });
    const p = probe();
    for (let i = 0; i < 3; i++) limiter.enqueue("a", p.task("a", `a${i}`, 0));
    for (let i = 0; i < 3; i++) limiter.enqueue("b", p.task("b", `b${i}`, 0));
    await limiter.idle();
    expect(p.order).toEqual(["a0", "b0", "a1", "b1", "a2", "b2"]);
  });

  it("frees the slot of a task that throws", async () => {
    const limiter = new ConcurrencyLimiter({ global: 1, perKey: 1 });
    const ran: number[] = [];
    limiter.enqueue("a", async () => { throw new Error("boom"); });
    limiter.enqueue("a", async () => void ran.push(1));
    await limiter.idle();
    expect(ran).toEqual([1]);
    expect(limiter.stats()).toMatchObject({ running: 0, queued: 0 });
  });

  it("refuses limits below 1", () => {
    expect(() => new ConcurrencyLimiter({ global: 0, perKey: 1 })).toThrow(/≥ 1/);
  });
});

describe("the inline driver", () => {
  it("hands a dispatcher's bulk of jobs to the limiter: accepted at once, run within both limits", async () => {
    const limiter = new ConcurrencyLimiter({ global: 5, perKey: 1 });
    const p = probe();
    const driver = createInlineDriver({ limiter, run: (job: ScanJob) => p.task(job.tenantId)() });
    const jobs = Array.from({ length: 300 }, (_, i): ScanJob => ({ scanId: `scan_${i}`, tenantId: `t${i % 40}`, scanType: i % 2 ? "exposure" : "compliance" }));
    await driver.enqueueScans!(jobs);
    expect(limiter.stats().queued + limiter.stats().running).toBe(300); // nothing ran inside the call
    await limiter.idle();
    expect({ peak: p.peak, peakPerKey: p.peakPerKey, started: limiter.stats().started }).toEqual({ peak: 5, peakPerKey: 1, started: 300 });
  });
});

describe("the Inngest function", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("declares the per-tenant and global concurrency limits from the environment", async () => {
    vi.stubEnv("SCAN_CONCURRENCY_GLOBAL", "123");
    vi.stubEnv("SCAN_CONCURRENCY_PER_TENANT", "3");
    const { runScanFunction } = await import("@/inngest/functions/run-scan");
    expect(runScanFunction.opts.concurrency).toEqual([{ key: "event.data.tenantId", limit: 3 }, { limit: 123 }]);
  });

  it("defaults to 2 per tenant and 50 in all", async () => {
    vi.stubEnv("SCAN_CONCURRENCY_GLOBAL", undefined as unknown as string);
    vi.stubEnv("SCAN_CONCURRENCY_PER_TENANT", undefined as unknown as string);
    const { runScanFunction } = await import("@/inngest/functions/run-scan");
    expect(runScanFunction.opts.concurrency).toEqual([{ key: "event.data.tenantId", limit: 2 }, { limit: 50 }]);
  });
});
