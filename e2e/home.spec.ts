import { expect, test } from "@playwright/test";

test("the API reference lists every operation of the OpenAPI document and links it", async ({ page, request }) => {
  const spec = await (await request.get("/openapi.json")).json();
  const operationCount = Object.values(spec.paths as Record<string, object>).reduce((n, methods) => n + Object.keys(methods).length, 0);
  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("API reference");
  const operations = page.getByTestId("api-operation");
  await expect(operations).toHaveCount(operationCount);
  await expect(operations.filter({ hasText: /^(GET|POST)\/tenants\/\{tenantId\}\/scans/ })).toHaveCount(2);
  await expect(operations.filter({ hasText: "/tenants/{tenantId}/scheduled-scans/{scheduledScanId}" }).first()).toBeVisible();
  await expect(operations.filter({ hasText: "/scans/{scanId}" }).first()).toContainText("GET");
  await page.screenshot({ path: "e2e/screenshots/api-reference.png", fullPage: true });

  await page.getByRole("link", { name: "/openapi.json" }).click();
  await expect(page).toHaveURL(/\/openapi\.json$/);
  const doc = JSON.parse((await page.locator("body").innerText()).trim());
  expect(doc.openapi).toBe("3.1.0");
});

test("API errors reach a browser as JSON envelopes, not HTML error pages", async ({ page }) => {
  const response = await page.goto("/tenants/me/scans");
  expect(response?.status()).toBe(401);
  expect(response?.headers()["content-type"]).toMatch(/application\/json/);
  expect(await response?.json()).toMatchObject({ success: false, error: { code: "UNAUTHORIZED" } });
});
