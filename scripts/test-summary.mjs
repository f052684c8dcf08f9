// Prints one closing line, "N passed, N failed", from the JSON reports vitest and Playwright write under CI.
import { existsSync, readFileSync } from "node:fs";

let passed = 0;
let failed = 0;
if (existsSync("test-results/vitest.json")) {
  const v = JSON.parse(readFileSync("test-results/vitest.json", "utf8"));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
}
if (existsSync("test-results/playwright.json")) {
  const p = JSON.parse(readFileSync("test-results/playwright.json", "utf8"));
  passed += p.stats.expected;
  failed += p.stats.unexpected + p.stats.flaky;
}
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
