import type { FixtureExpectations } from "@/lib/scans/checks/fixture-expectations";

// The unlicensed fixture (Microsoft 365 Business Basic) keeps a new tenant's SharePoint defaults.
export const EXPECTATIONS: FixtureExpectations = {
  C44: { "well-configured": "pass", misconfigured: "fail", unlicensed: "fail" },
  C45: { "well-configured": "pass", misconfigured: "fail", unlicensed: "fail" },
  C46: { "well-configured": "pass", misconfigured: "fail", unlicensed: "fail" },
  C47: { "well-configured": "pass", misconfigured: "fail", unlicensed: "fail" },
  C48: { "well-configured": "pass", misconfigured: "fail", unlicensed: "fail" },
  C49: { "well-configured": "pass", misconfigured: "fail", unlicensed: "fail" },
  X12: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
};
