import "server-only";
import type { ScanType } from "@/lib/generated/prisma/enums";
import { log } from "@/lib/log";

/** What the API hands to the job layer once a scan row exists. */
export type ScanJob = { scanId: string; tenantId: string; scanType: ScanType };

export type ScanJobHandler = (job: ScanJob) => Promise<void>;

/**
 * The job layer's one seam. Drivers: `inline` (embedded default: runs jobs in this process, not durable) and,
 * with the scan engine, `inngest` (durable). Tests install a recording driver with setJobDriver().
 */
export interface JobDriver {
  readonly name: string;
  enqueueScan(job: ScanJob): Promise<void>;
}

let scanHandler: ScanJobHandler | undefined;

/** Registers the code that executes a scan job in-process (the scan engine registers itself here). */
export function registerScanHandler(handler: ScanJobHandler | undefined): void {
  scanHandler = handler;
}

export function createInlineDriver(): JobDriver {
  let announced = false;
  return {
    name: "inline",
    async enqueueScan(job) {
      if (!announced) {
        announced = true;
        log.warn("job driver: inline (in-process, not durable; a restart abandons running scans)");
      }
      // Run after the HTTP response, like a queue would: the caller only needs to know the job was accepted.
      setImmediate(() => {
        if (!scanHandler) {
          log.info("scan accepted; no scan engine is registered in this process yet", { scanId: job.scanId });
          return;
        }
        scanHandler(job).catch((error: unknown) => log.error("inline scan job failed", { scanId: job.scanId, error: String(error) }));
      });
    },
  };
}

const holder = globalThis as unknown as { __aetherJobDriver?: JobDriver };

export function getJobDriver(): JobDriver {
  holder.__aetherJobDriver ??= createInlineDriver();
  return holder.__aetherJobDriver;
}

export function setJobDriver(driver: JobDriver | undefined): void {
  holder.__aetherJobDriver = driver;
}
