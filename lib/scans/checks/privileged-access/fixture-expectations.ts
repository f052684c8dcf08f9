import type { FixtureExpectations } from "@/lib/scans/checks/fixture-expectations";

export const EXPECTATIONS: FixtureExpectations = {
  C19: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
  C20: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
  C21: { "well-configured": "pass", misconfigured: "fail", unlicensed: "skip:not_licensed" },
  C22: { "well-configured": "pass", misconfigured: "fail", unlicensed: "skip:not_licensed" },
  C23: { "well-configured": "pass", misconfigured: "fail", unlicensed: "skip:not_licensed" },
  C24: { "well-configured": "pass", misconfigured: "fail", unlicensed: "skip:not_licensed" },
  C25: { "well-configured": "pass", misconfigured: "fail", unlicensed: "skip:not_licensed" },
  C26: { "well-configured": "pass", misconfigured: "fail", unlicensed: "skip:not_licensed" },
  X11: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
  X21: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
  X25: { "well-configured": "pass", misconfigured: "fail", unlicensed: "skip:not_licensed" },
  X26: { "well-configured": "pass", misconfigured: "fail", unlicensed: "skip:not_licensed" },
};
