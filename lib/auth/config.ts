import "server-only";
import { hkdfSync } from "node:crypto";
import { SESSION_COOKIE } from "@/lib/auth/constants";
import { getEnv } from "@/lib/env";

/** Sign-in configuration derived from the environment (lib/env.ts), in one place for next-auth and our routes. */

/** The origin the browser uses for the app; cookie-authenticated changes must come from it. */
export function getAppOrigin(req?: Request): string {
  const configured = getEnv().NEXTAUTH_URL;
  if (configured) return new URL(configured).origin;
  if (req) return new URL(req.url).origin;
  throw new Error("NEXTAUTH_URL is not set (the browser's origin of the app, e.g. https://app.example.com)");
}

export function usesSecureCookies(): boolean {
  return (getEnv().NEXTAUTH_URL ?? "").startsWith("https://");
}

/**
 * The session cookie. `__Host-` on https binds it to this exact origin (no Domain, Path=/, Secure); SameSite=Lax
 * keeps it off cross-site subrequests and form posts while a top-level redirect back from Microsoft still carries it.
 */
export function sessionCookieName(): string {
  return usesSecureCookies() ? SESSION_COOKIE.secure : SESSION_COOKIE.plain;
}

export function getAuthSecret(): string {
  const secret = getEnv().NEXTAUTH_SECRET;
  if (!secret) throw new Error("NEXTAUTH_SECRET is not set: generate one with `openssl rand -base64 32` (npm run dev makes one in .data/)");
  return secret;
}

/** A key for one purpose, derived from NEXTAUTH_SECRET so one leaked derived key does not expose the others. */
export function deriveKey(purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", getAuthSecret(), "aether365", purpose, 32));
}

export function sessionLimits(): { idleMs: number; maxMs: number } {
  const env = getEnv();
  return { idleMs: env.SESSION_IDLE_MINUTES * 60_000, maxMs: env.SESSION_MAX_HOURS * 3_600_000 };
}
