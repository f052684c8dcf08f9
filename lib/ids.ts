import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Uniformly random base62 string (rejection sampling: bytes ≥ 248 are dropped to avoid modulo bias). */
export function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248) out += ALPHABET[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

export const ID_PREFIXES = {
  tenant: "t",
  user: "usr",
  membership: "mem",
  apiToken: "tok",
  scan: "scan",
  checkResult: "chk",
  scheduledScan: "sched",
  scheduleRun: "run",
  auditEvent: "evt",
  consentRequest: "cns",
  session: "ses",
  invitation: "inv",
  riskException: "exc",
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

/** `prefix_` + 20 base62 characters (~119 bits), e.g. `scan_4fQz…`. */
export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${randomBase62(20)}`;
}

export function hasIdShape(kind: IdKind, value: string): boolean {
  return new RegExp(`^${ID_PREFIXES[kind]}_[0-9A-Za-z]{16,64}$`).test(value);
}
