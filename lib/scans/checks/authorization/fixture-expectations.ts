import type { FixtureExpectations } from "@/lib/scans/checks/fixture-expectations";

export const EXPECTATIONS: FixtureExpectations = {
  C27: { "well-configured": "pass", misconfigured: "fail", unlicensed: "fail" },
  C29: { "well-configured": "pass", misconfigured: "fail", unlicensed: "fail" },
  C28: { "well-configured": "pass", misconfigured: "fail", unlicensed: "fail" },
  C30: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
  C31: { "well-configured": "pass", misconfigured: "fail", unlicensed: "fail" },
  C32: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
  C33: { "well-configured": "pass", misconfigured: "fail", unlicensed: "fail" },
  C35: { "well-configured": "pass", misconfigured: "fail", unlicensed: "fail" },
  C36: { "well-configured": "skip:not_applicable", misconfigured: "fail", unlicensed: "fail" },
  C37: { "well-configured": "pass", misconfigured: "fail", unlicensed: "fail" },
  C34: { "well-configured": "pass", misconfigured: "fail", unlicensed: "fail" },
};
