import "server-only";
import { getEnv } from "@/lib/env";
import type { ScanType } from "@/lib/generated/prisma/enums";
import { ConcurrencyLimiter } from "@/lib/jobs/limiter";
import { briefError, log } from "@/lib/log";

/** What the API hands to the job layer once a scan row exists. */
export type ScanJob = { scanId: string; tenantId: string; scanType: ScanType };

/**
 * The job layer's one seam. Drivers: `inngest` (durable; used when INNGEST_EVENT_KEY or INNGEST_DEV is set)
 * and `inline` (the embedded default: runs jobs in this process, with retries, but not durable — a restart
 * abandons running scans, which the reaper then fails). Tests install their own with setJobDriver().
 */
export interface JobDriver {
  readonly name: string;
  enqueueScan(job: ScanJob): Promise<void>;
  /** Many at once (the schedule dispatcher); all or nothing from the caller's point of view. */
  enqueueScans?(jobs: ScanJob[]): Promise<void>;
}

/** Hands over many jobs: in one go where the driver can, otherwise one by one. */
export async function enqueueScans(driver: JobDriver, jobs: ScanJob[]): Promise<void> {
  if (jobs.length === 0) return;
  if (driver.enqueueScans) return driver.enqueueScans(jobs);
  for (const job of jobs) await driver.enqueueScan(job);
}

const INNGEST_SEND_CHUNK = 500;

const INLINE_ATTEMPTS = 3; // like the Inngest function: one try plus two retries
const INLINE_RETRY_DELAY_MS = 2_000;

export type InlineDriverOptions = {
  /** The bound on running scans; by default one per process from SCAN_CONCURRENCY_GLOBAL / _PER_TENANT. */
  limiter?: ConcurrencyLimiter;
  /** What running a job means; by default the scan pipeline with retries (benchmarks pass a stand-in). */
  run?: (job: ScanJob) => Promise<void>;
};

const limiterHolder = globalThis as unknown as { __aetherScanLimiter?: ConcurrencyLimiter };

/** The process's scan limiter (one per process, whatever the number of drivers or module copies). */
export function getScanLimiter(): ConcurrencyLimiter {
  if (!limiterHolder.__aetherScanLimiter) {
    const env = getEnv();
    limiterHolder.__aetherScanLimiter = new ConcurrencyLimiter({ global: env.SCAN_CONCURRENCY_GLOBAL, perKey: env.SCAN_CONCURRENCY_PER_TENANT });
  }
  return limiterHolder.__aetherScanLimiter;
}

/**
 * Runs scans in this process after the caller returns (the HTTP response, the dispatcher batch: they only need to
 * know the job was accepted), never more at once than the limiter allows — globally and per customer tenant.
 */
export function createInlineDriver(options: InlineDriverOptions = {}): JobDriver {
  const run = options.run ?? runInline;
  const limiter = () => options.limiter ?? getScanLimiter();
  return {
    name: "inline",
    async enqueueScan(job) {
      limiter().enqueue(job.tenantId, () => run(job));
    },
    async enqueueScans(jobs) {
      const l = limiter();
      for (const job of jobs) l.enqueue(job.tenantId, () => run(job));
    },
  };
}

async function runInline(job: ScanJob): Promise<void> {
  const { describeFailure, markScanFailed, runScan } = await import("@/lib/scans/run");
  const step = { run: <T>(_name: string, fn: () => Promise<T>) => fn() };
  for (let attempt = 1; ; attempt++) {
    try {
      await runScan(step, job);
      return;
    } catch (error) {
      const failure = describeFailure(error);
      if (failure.retriable && attempt < INLINE_ATTEMPTS) {
        log.warn("scan attempt failed; retrying", { scanId: job.scanId, attempt, code: failure.code });
        await new Promise((r) => setTimeout(r, INLINE_RETRY_DELAY_MS * attempt));
        continue;
      }
      log.warn("scan failed", { scanId: job.scanId, code: failure.code, error: (error as Error).message });
      await markScanFailed(job, failure.code, failure.message).catch((e) => log.error("could not mark scan failed", { scanId: job.scanId, ...briefError(e) }));
      return;
    }
  }
}

export function createInngestDriver(): JobDriver {
  return {
    name: "inngest",
    async enqueueScan(job) {
      const [{ inngest }, { scanRequested }] = await Promise.all([import("@/inngest/client"), import("@/inngest/events")]);
      // The event id is the scan id: Inngest drops duplicate sends of the same scan for 24 h.
      await inngest.send(scanRequested.create(job, { id: job.scanId }));
    },
    async enqueueScans(jobs) {
      const [{ inngest }, { scanRequested }] = await Promise.all([import("@/inngest/client"), import("@/inngest/events")]);
      for (let i = 0; i < jobs.length; i += INNGEST_SEND_CHUNK) {
        await inngest.send(jobs.slice(i, i + INNGEST_SEND_CHUNK).map((job) => scanRequested.create(job, { id: job.scanId })));
      }
    },
  };
}

export function usesInngest(): boolean {
  const env = getEnv();
  return Boolean(env.INNGEST_EVENT_KEY || env.INNGEST_DEV);
}

const holder = globalThis as unknown as { __aetherJobDriver?: JobDriver };

export function getJobDriver(): JobDriver {
  if (!holder.__aetherJobDriver) {
    holder.__aetherJobDriver = usesInngest() ? createInngestDriver() : createInlineDriver();
    if (holder.__aetherJobDriver.name === "inline") {
      log.warn("job driver: inline — scans run in this process and are not durable; set INNGEST_DEV or INNGEST_EVENT_KEY for Inngest");
    }
  }
  return holder.__aetherJobDriver;
}

export function setJobDriver(driver: JobDriver | undefined): void {
  holder.__aetherJobDriver = driver;
}
