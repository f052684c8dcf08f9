import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { deriveKey } from "@/lib/auth/config";

/**
 * The `state` of an admin-consent round trip: `base64url(payload).base64url(HMAC-SHA256)`, the key derived from
 * NEXTAUTH_SECRET for this purpose only. The payload binds the consent request id, the tenant, the signed-in user
 * and an expiry; the database row of the request makes it single-use.
 */
const payloadSchema = z.strictObject({
  c: z.string().regex(/^cns_[0-9A-Za-z]{16,64}$/),
  t: z.string().regex(/^t_[0-9A-Za-z]{16,64}$/),
  u: z.string().regex(/^usr_[0-9A-Za-z]{16,64}$/),
  e: z.number().int().positive(),
});
export type ConsentStatePayload = { consentId: string; tenantId: string; userId: string; expiresAt: Date };

const MAX_STATE_LENGTH = 512;

function mac(data: string): Buffer {
  return createHmac("sha256", deriveKey("admin-consent-state")).update(data).digest();
}

export function signConsentState(payload: ConsentStatePayload): string {
  const data = Buffer.from(
    JSON.stringify({ c: payload.consentId, t: payload.tenantId, u: payload.userId, e: Math.floor(payload.expiresAt.getTime() / 1000) }),
  ).toString("base64url");
  return `${data}.${mac(data).toString("base64url")}`;
}

/** The payload of an authentic state, or null when it is malformed or its signature does not match. */
export function verifyConsentState(state: string): ConsentStatePayload | null {
  if (state.length > MAX_STATE_LENGTH) return null;
  const [data, signature, extra] = state.split(".");
  if (!data || !signature || extra !== undefined) return null;
  // Compare the encoded text, not decoded bytes: base64url's last character carries spare bits, so decoding would
  // accept several spellings of one signature.
  const expected = Buffer.from(mac(data).toString("base64url"));
  const actual = Buffer.from(signature);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(data, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) return null;
  return { consentId: parsed.data.c, tenantId: parsed.data.t, userId: parsed.data.u, expiresAt: new Date(parsed.data.e * 1000) };
}
