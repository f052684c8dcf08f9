import { NonRetriableError } from "inngest";
import { inngest } from "@/inngest/client";
import { getEnv } from "@/lib/env";
import { scanRequested } from "@/inngest/events";
import { describeFailure, markScanFailed, runScan, type StepRunner } from "@/lib/scans/run";

/** onFailure: all retries are spent (or the run was cancelled by its timeout) → the scan shows why it failed. */
export async function handleScanFailure({
  event,
  error,
  step,
}: {
  event: { data: { event: { data: unknown } } };
  error: unknown;
  step: { run: (name: string, fn: () => Promise<boolean>) => Promise<unknown> };
}): Promise<void> {
  const job = event.data.event.data as { scanId: string; tenantId: string };
  const failure = describeFailure(error);
  await step.run("mark-scan-failed", () => markScanFailed(job, failure.code, failure.message));
}

/**
 * Runs one scan durably. Retried twice; a run that is still going after 30 minutes is cancelled and handled by
 * onFailure. Concurrency, enforced by the Inngest server across every app instance (runs beyond it wait in
 * Inngest's queue, so a tick's 100k hand-offs never open 100k Graph sessions): at most SCAN_CONCURRENCY_PER_TENANT
 * per customer tenant (default 2, one per scan type — Graph throttles per tenant) and SCAN_CONCURRENCY_GLOBAL in
 * all (default 50). Inngest counts executing steps, which is where the Graph sessions are. The inline driver
 * applies the same two limits in-process (lib/jobs/limiter.ts).
 */
const env = getEnv();
export const runScanFunction = inngest.createFunction(
  {
    id: "run-scan",
    triggers: [scanRequested],
    retries: 2,
    concurrency: [{ key: "event.data.tenantId", limit: env.SCAN_CONCURRENCY_PER_TENANT }, { limit: env.SCAN_CONCURRENCY_GLOBAL }],
    idempotency: "event.data.scanId",
    timeouts: { finish: "30m" },
    onFailure: handleScanFailure,
  },
  async ({ event, step }) => {
    // Inngest memoises step results as JSON; the pipeline's step values are plain JSON by design.
    const steps: StepRunner = { run: (name, fn) => step.run(name, fn) as Promise<Awaited<ReturnType<typeof fn>>> };
    try {
      return await runScan(steps, event.data);
    } catch (error) {
      const failure = describeFailure(error);
      // Retrying cannot fix a refused token or a rejected request; fail now with the reason.
      if (!failure.retriable) throw new NonRetriableError(failure.message, { cause: error });
      throw error;
    }
  },
);
