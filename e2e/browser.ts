import { existsSync } from "node:fs";
import { chromium } from "@playwright/test";

export const SYSTEM_CHROMIUM = "/usr/bin/chromium";
export const INSTALL_HINT =
  "No Chromium for the browser tests. Install one with:\n\n    npx playwright install chromium\n\n(on a machine without download access: apt-get install -y chromium)";

/** Playwright's own Chromium when installed, else the system one; null when there is neither. */
export function findChromium(): { executablePath: string | undefined; source: "playwright" | "system" } | null {
  try {
    if (existsSync(chromium.executablePath())) return { executablePath: undefined, source: "playwright" };
  } catch {
    // Playwright's browser registry has no entry for this platform
  }
  if (existsSync(SYSTEM_CHROMIUM)) return { executablePath: SYSTEM_CHROMIUM, source: "system" };
  return null;
}
