// Next.js calls register() once when a server process starts.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs" && process.env.DATABASE_URL) {
    const { startBackgroundWork } = await import("@/lib/jobs/background");
    startBackgroundWork();
  }
}
