import { beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { signConsentState, verifyConsentState } from "@/lib/tenants/consent-state";

const payload = { consentId: "cns_AAAAAAAAAAAAAAAAAAAA", tenantId: "t_BBBBBBBBBBBBBBBBBBBB", userId: "usr_CCCCCCCCCCCCCCCCCCCC", expiresAt: new Date("2026-12-02T10:10:00Z") };

beforeAll(() => {
  process.env.NEXTAUTH_SECRET = "x".repeat(40);
  resetEnvCache();
});

describe("admin-consent state", () => {
  it("round-trips the consent id, tenant, user and expiry", () => {
    expect(verifyConsentState(signConsentState(payload))).toEqual(payload);
  });

  it("refuses a changed payload, a changed signature, extra parts and garbage", () => {
    const state = signConsentState(payload);
    const [data, sig] = state.split(".") as [string, string];
    const other = signConsentState({ ...payload, userId: "usr_DDDDDDDDDDDDDDDDDDDD" }).split(".")[0]!;
    expect(verifyConsentState(`${other}.${sig}`)).toBeNull();
    expect(verifyConsentState(`${data}.${sig.slice(0, -2)}AA`)).toBeNull();
    // Every other spelling of the last character (some decode to the same bytes) is refused too.
    for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") {
      if (c !== sig.at(-1)) expect(verifyConsentState(`${data}.${sig.slice(0, -1)}${c}`)).toBeNull();
    }
    expect(verifyConsentState(`${state}.x`)).toBeNull();
    expect(verifyConsentState("")).toBeNull();
    expect(verifyConsentState("not-a-state")).toBeNull();
    expect(verifyConsentState("a".repeat(600))).toBeNull();
  });

  it("refuses a state signed with another secret", () => {
    const state = signConsentState(payload);
    process.env.NEXTAUTH_SECRET = "y".repeat(40);
    resetEnvCache();
    expect(verifyConsentState(state)).toBeNull();
    process.env.NEXTAUTH_SECRET = "x".repeat(40);
    resetEnvCache();
    expect(verifyConsentState(state)).toEqual(payload);
  });
});
