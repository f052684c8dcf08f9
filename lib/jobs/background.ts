import "server-only";
import { getEnv } from "@/lib/env";
import { usesInngest } from "@/lib/jobs/driver";
import { briefError, log } from "@/lib/log";

const holder = globalThis as unknown as { __aetherBackground?: NodeJS.Timeout };

/**
 * In-process background work of the inline driver: the scheduler tick (stuck-scan reaper + due schedules),
 * once at startup and then on a timer. Under Inngest the cron function `scheduler-tick` does this instead.
 * Several app instances ticking at once is safe: each slot fires exactly once (lib/schedules/dispatch.ts).
 */
export function startBackgroundWork(): void {
  if (usesInngest() || holder.__aetherBackground) return;
  const env = getEnv();
  log.warn("job driver: inline (in-process, not durable; a restart abandons running scans, which the reaper fails after the scan timeout)");
  let running = false;
  const tick = async () => {
    if (running) return; // a slow tick is not stacked on by the next one
    running = true;
    try {
      const { runSchedulerTick } = await import("@/lib/schedules/dispatch");
      await runSchedulerTick();
    } catch (error) {
      log.error("scheduler tick failed", briefError(error)); // one line per tick however long the outage
    } finally {
      running = false;
    }
  };
  void tick();
  holder.__aetherBackground = setInterval(() => void tick(), env.TICK_INTERVAL_SECONDS * 1000);
  holder.__aetherBackground.unref();
}
