import { expect, type Browser, type Page } from "@playwright/test";
import { SIMULATOR_URL } from "./env";

// Shared steps of the browser tests: simulated Microsoft tenants, sign-in through the simulator, screenshots.

export async function newMicrosoftTenant(fixture = "well-configured", consented = false): Promise<string> {
  const res = await fetch(`${SIMULATOR_URL}/_simulator/tenants`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ fixture, consented }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { tenantId: string }).tenantId;
}

/** Screenshots at 1280 px and 375 px wide. */
export async function snap(page: Page, name: string) {
  await page.screenshot({ path: `e2e/screenshots/${name}-1280.png`, fullPage: true });
  await page.setViewportSize({ width: 375, height: 800 });
  await page.screenshot({ path: `e2e/screenshots/${name}-375.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** From the landing page through the simulated Microsoft sign-in, as one of the tenant's people. */
export async function signIn(browser: Browser, tenant: string, upn: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByRole("button", { name: "Sign in with Microsoft" }).click();
  await expect(page.getByRole("heading", { name: "Pick an account" })).toBeVisible();
  await page.locator(`button[data-tenant="${tenant}"][data-upn="${upn}"]`).click();
  await page.waitForURL(/\/dashboard/);
  await page.waitForLoadState("networkidle"); // a first landing may still redirect (e.g. to onboarding)
  return page;
}

/** The API as the page's own scripts call it (same origin, session cookie). */
export async function apiFromPage(page: Page, method: string, path: string, body?: unknown) {
  return page.evaluate(
    async ([m, p, b]) => {
      const res = await fetch(p as string, { method: m as string, headers: { "content-type": "application/json" }, body: b === undefined ? undefined : JSON.stringify(b) });
      return { status: res.status, body: await res.json() };
    },
    [method, path, body] as const,
  );
}


/** Adds a fault to a simulated tenant (e.g. slow one source down so a scan's progress can be watched). */
export async function addFault(tenant: string, fault: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${SIMULATOR_URL}/_simulator/tenants/${tenant}/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(fault) });
  expect(res.status).toBe(204);
}

/** Signs in as the tenant's first user and completes admin consent on the simulator's page. */
export async function connectedOwner(browser: Browser, tenant: string, upn: string): Promise<Page> {
  const owner = await signIn(browser, tenant, upn);
  await owner.getByRole("button", { name: "Connect Microsoft 365" }).click();
  await owner.getByRole("button", { name: "Accept" }).click();
  await owner.waitForURL(/consent=connected/);
  return owner;
}
