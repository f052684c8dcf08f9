import { cron } from "inngest";
import { inngest } from "@/inngest/client";
import { runSchedulerTick } from "@/lib/schedules/dispatch";

/**
 * Every minute: reap stuck scans and fire due schedules. One tick at a time; even so, exactly-once per slot
 * does not depend on that (see lib/schedules/dispatch.ts), so a retried or overlapping tick is harmless.
 */
export const schedulerTickFunction = inngest.createFunction(
  { id: "scheduler-tick", triggers: [cron("* * * * *")], concurrency: 1, retries: 1 },
  async ({ step }) => step.run("tick", async () => runSchedulerTick()),
);
