// Next.js calls register() once when a server process starts.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Unknown HTTP methods get the envelope 405 instead of Next's 500 / empty 400 (lib/api/http-guard.ts).
  const { installHttpGuard } = await import("@/lib/api/http-guard");
  installHttpGuard();
  const { getEnv } = await import("@/lib/env");
  const env = getEnv();
  if (env.NODE_ENV === "production") {
    // Refuse to start half-configured: without these, sign-in, consent and the CSRF origin check cannot be right.
    const missing = (["NEXTAUTH_URL", "NEXTAUTH_SECRET"] as const).filter((k) => !env[k]);
    if (missing.length > 0) throw new Error(`Missing configuration: ${missing.join(", ")} (see .env.example)`);
  }
  if (env.DATABASE_URL) {
    const { startBackgroundWork } = await import("@/lib/jobs/background");
    startBackgroundWork();
  }
}
