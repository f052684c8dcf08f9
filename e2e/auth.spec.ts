import { expect, test } from "@playwright/test";
import { apiFromPage, newMicrosoftTenant, signIn, snap } from "./helpers";

// Sign-in, onboarding, roles and API tokens in real Chromium, against the app and the Microsoft 365 simulator.

test("a new organization signs in, connects Microsoft 365 by admin consent and sees its domains", async ({ page, browser }) => {
  const tenant = await newMicrosoftTenant();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Know how secure your Microsoft 365 tenant is");
  await snap(page, "landing");
  await page.close();

  const owner = await signIn(browser, tenant, "megan.bowen@contoso.com");
  await expect(owner).toHaveURL(/\/dashboard\/onboarding$/);
  await expect(owner.getByRole("heading", { name: "Connect Microsoft 365" })).toBeVisible();
  await expect(owner.getByTestId("tenant-name")).toHaveText("contoso.com");
  await snap(owner, "onboarding");

  await owner.getByRole("button", { name: "Connect Microsoft 365" }).click();
  await expect(owner.getByRole("heading", { name: "Permissions requested" })).toBeVisible();
  await owner.getByRole("button", { name: "Accept" }).click();
  await owner.waitForURL(/\/dashboard\/settings\/connection\?consent=connected/);
  await expect(owner.getByTestId("consent-outcome")).toContainText("Microsoft 365 is connected");
  await expect(owner.getByTestId("connection-status")).toHaveText("connected");
  await expect(owner.getByTestId("verified-domains")).toContainText("contoso.com");
  await expect(owner.getByTestId("verified-domains")).toContainText("contoso.onmicrosoft.com");
  await expect(owner.getByTestId("tenant-name")).toHaveText("Contoso");
  await snap(owner, "settings-connection");

  await owner.getByRole("link", { name: "Audit log" }).click();
  await expect(owner.locator('[data-testid="audit-row"][data-action="tenant.connected"]')).toHaveCount(1);
  await expect(owner.locator('[data-testid="audit-row"][data-action="user.signed_in"]').first()).toBeVisible();
  await snap(owner, "settings-audit");
});

test("a declined consent shows the reason and the tenant stays not connected", async ({ browser }) => {
  const tenant = await newMicrosoftTenant();
  const owner = await signIn(browser, tenant, "megan.bowen@contoso.com");
  await owner.getByRole("button", { name: "Connect Microsoft 365" }).click();
  await owner.getByRole("button", { name: "Cancel" }).click();
  await owner.waitForURL(/\/dashboard\/onboarding\?consent=denied/);
  await expect(owner.getByTestId("consent-outcome")).toContainText("Admin consent was not granted");
  await expect(owner.getByTestId("consent-outcome")).toContainText("AADSTS65004");
  await snap(owner, "onboarding-denied");
  const me = await apiFromPage(owner, "GET", "/tenants/me");
  expect(me.body.data.connection.status).toBe("pending");
});

test("a second person of the organization joins as a viewer, is refused changes, and can act once promoted", async ({ browser }) => {
  const tenant = await newMicrosoftTenant();
  const owner = await signIn(browser, tenant, "megan.bowen@contoso.com");
  await owner.getByRole("button", { name: "Connect Microsoft 365" }).click();
  await owner.getByRole("button", { name: "Accept" }).click();
  await owner.waitForURL(/consent=connected/);

  const viewer = await signIn(browser, tenant, "adele.vance@contoso.com");
  await expect(viewer).toHaveURL(/\/dashboard$/);
  await expect(viewer.getByText("Read-only: viewer")).toBeVisible();
  await expect(viewer.getByRole("button", { name: /Run (compliance|exposure) scan/ })).toHaveCount(0);
  const refused = await apiFromPage(viewer, "POST", "/tenants/me/scans", { scan_type: "compliance" });
  expect(refused).toMatchObject({ status: 403, body: { error: { code: "FORBIDDEN" } } });
  await viewer.goto("/dashboard/settings/members");
  await expect(viewer.getByRole("button", { name: "Invite" })).toHaveCount(0);
  await expect(viewer.locator('[data-testid="member-row"]')).toHaveCount(2);

  await owner.goto("/dashboard/settings/members");
  const row = owner.locator('[data-testid="member-row"][data-email="adele.vance@contoso.com"]');
  await row.getByLabel("Role of adele.vance@contoso.com").selectOption("admin");
  await expect(row.getByLabel("Role of adele.vance@contoso.com")).toHaveValue("admin");
  await owner.getByLabel("Sign-in address (UPN)").fill("engineer@msp.example");
  await owner.getByRole("button", { name: "Invite" }).click();
  await expect(owner.locator('[data-testid="invitation-row"]')).toContainText("engineer@msp.example");
  await snap(owner, "settings-members");

  await viewer.goto("/dashboard");
  await viewer.getByRole("button", { name: "Run compliance scan" }).click();
  await expect(viewer.getByText("The compliance scan started.")).toBeVisible();
});

test("an API token created in Settings works with curl-style requests and stops working once revoked", async ({ browser, request }) => {
  const tenant = await newMicrosoftTenant();
  const owner = await signIn(browser, tenant, "megan.bowen@contoso.com");
  await owner.goto("/dashboard/settings/tokens");
  await owner.getByLabel("Name").fill("Sentinel export");
  await owner.getByLabel(/scans:write/).check();
  await owner.getByRole("button", { name: "Create token" }).click();
  const secret = (await owner.getByTestId("new-token-value").innerText()).trim();
  expect(secret).toMatch(/^a365_[0-9A-Za-z]{40}$/);
  await snap(owner, "settings-tokens-created");
  await owner.getByRole("button", { name: "Done" }).click();
  await expect(owner.locator('[data-testid="token-row"][data-name="Sentinel export"]')).toContainText("active");

  const listed = await request.get("/tenants/me/scans", { headers: { authorization: `Bearer ${secret}` } });
  expect(listed.status()).toBe(200);
  expect(await request.get("/tenants/me/scheduled-scans", { headers: { authorization: `Bearer ${secret}` } }).then((r) => r.status())).toBe(403);

  const row = owner.locator('[data-testid="token-row"][data-name="Sentinel export"]');
  await row.getByRole("button", { name: "Revoke Sentinel export" }).click();
  await row.getByRole("button", { name: "Revoke now" }).click();
  await expect(row).toContainText("revoked");
  await snap(owner, "settings-tokens");
  const after = await request.get("/tenants/me/scans", { headers: { authorization: `Bearer ${secret}` } });
  expect(after.status()).toBe(401);
});

test("a member of two tenants switches between them and every page names the tenant", async ({ browser }) => {
  const customer = await newMicrosoftTenant();
  const msp = await newMicrosoftTenant();
  const owner = await signIn(browser, customer, "megan.bowen@contoso.com");
  await owner.goto("/dashboard/settings/members");
  await owner.getByLabel("Sign-in address (UPN)").fill("nestor.wilke@contoso.com");
  await owner.getByLabel("Role", { exact: true }).selectOption("admin");
  await owner.getByRole("button", { name: "Invite" }).click();
  await expect(owner.locator('[data-testid="invitation-row"]')).toContainText("nestor.wilke@contoso.com");

  // Nestor of the other Microsoft tenant (an "MSP" here) accepts by signing in with the invited UPN.
  const engineer = await signIn(browser, msp, "nestor.wilke@contoso.com");
  const switcher = engineer.getByTestId("tenant-switcher");
  await expect(switcher.locator("option")).toHaveCount(2);
  const options = await switcher.locator("option").allTextContents();
  expect(options).toEqual(["contoso.com", "contoso.com"]);
  const before = await apiFromPage(engineer, "GET", "/tenants/me");
  const other = (await apiFromPage(engineer, "GET", "/tenants")).body.data.find((t: { id: string }) => t.id !== before.body.data.id);
  await switcher.selectOption(other.id);
  await expect(switcher).toHaveValue(other.id);
  const after = await apiFromPage(engineer, "GET", "/tenants/me");
  expect(after.body.data.id).toBe(other.id);
  await engineer.getByLabel("Account menu").click();
  await engineer.getByRole("button", { name: "Sign out everywhere" }).click();
  await engineer.waitForURL(/\/sign-in\?signedOut=everywhere/);
  await expect(engineer.getByText("You were signed out on every device.")).toBeVisible();
});
