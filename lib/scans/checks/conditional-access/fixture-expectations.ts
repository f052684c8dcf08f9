import type { FixtureExpectations } from "@/lib/scans/checks/fixture-expectations";

export const EXPECTATIONS: FixtureExpectations = {
  C01: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
  C02: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
  C03: { "well-configured": "pass", misconfigured: "fail", unlicensed: "pass" },
  C05: { "well-configured": "pass", misconfigured: "fail", unlicensed: "skip:not_licensed" },
  C06: { "well-configured": "pass", misconfigured: "fail", unlicensed: "skip:not_licensed" },
  C07: { "well-configured": "pass", misconfigured: "fail", unlicensed: "skip:not_licensed" },
  C08: { "well-configured": "pass", misconfigured: "fail", unlicensed: "skip:not_licensed" },
  C09: { "well-configured": "pass", misconfigured: "fail", unlicensed: "skip:not_licensed" },
  C10: { "well-configured": "pass", misconfigured: "fail", unlicensed: "skip:not_licensed" },
  C04: { "well-configured": "pass", misconfigured: "fail", unlicensed: "skip:not_licensed" },
  C11: { "well-configured": "pass", misconfigured: "skip:not_applicable", unlicensed: "skip:not_licensed" },
  X27: { "well-configured": "pass", misconfigured: "fail", unlicensed: "skip:not_licensed" },
};
