import type { FixtureExpectations } from "@/lib/scans/checks/fixture-expectations";

// The unlicensed fixture keeps a new tenant's defaults: store and trials open, the Forms phishing scan on (Microsoft's
// default), personal-scope consent for Teams apps on.
export const EXPECTATIONS: FixtureExpectations = {
  C50: { "well-configured": "pass", misconfigured: "fail", unlicensed: "fail" },
  C51: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
  C52: { "well-configured": "pass", misconfigured: "fail", unlicensed: "fail" },
};
