import { expect, test } from "@playwright/test";
import { addFault, apiFromPage, connectedOwner, newMicrosoftTenant, signIn, snap } from "./helpers";

// The dashboard in real Chromium: scans with live progress, findings, schedules, the viewer's read-only view and
// the fleet overview, with screenshots at 1280 and 375 px.

test("an admin runs a scan, watches it progress, and reads a finding's evidence and remediation", async ({ browser }) => {
  const tenant = await newMicrosoftTenant("misconfigured");
  const owner = await connectedOwner(browser, tenant, "avery.howard@fabrikam.com");
  // Graph answers the licence read with 429 + Retry-After: 2 once, so the scan runs long enough to watch.
  await addFault(tenant, { kind: "throttle", path: "/subscribedSkus", count: 1, retryAfterSeconds: 2 });

  await owner.goto("/dashboard/scans");
  await expect(owner.getByText("No scans yet")).toBeVisible();
  await owner.getByRole("button", { name: "Run compliance scan" }).click();
  await expect(owner.getByText("The compliance scan started.")).toBeVisible();
  const progress = owner.getByTestId("scan-progress").filter({ visible: true }).first();
  await expect(progress).toBeVisible();
  await expect(progress).toContainText(/\/ \d+ checks/); // the catalog grows; the count itself is asserted over HTTP
  await expect(owner.locator('tr[data-testid="scan-row"][data-status="completed"]')).toHaveCount(1, { timeout: 30_000 });
  await snap(owner, "scans");

  await owner.goto("/dashboard");
  await expect(owner.getByTestId("compliance-score")).not.toHaveText("—");
  await expect(owner.getByTestId("compliance-chart").locator("circle")).toHaveCount(1);
  await snap(owner, "overview");

  await owner.goto("/dashboard/scans");
  await owner.locator('tr[data-testid="scan-row"] a').first().click();
  await expect(owner.getByRole("heading", { name: "Compliance scan" })).toBeVisible();
  await owner.getByRole("button", { name: /^Failing \(\d+\)$/ }).click();
  const rows = owner.getByTestId("finding-row");
  await expect(rows.first()).toBeVisible();
  for (const status of await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-status")))) expect(status).toBe("fail");
  await expect(owner).toHaveURL(/status=fail/);
  await snap(owner, "scan-detail");

  await rows.first().click();
  const panel = owner.getByTestId("finding-panel");
  await expect(panel).toBeVisible();
  await expect(panel.getByRole("heading", { name: "Evidence" })).toBeVisible();
  await expect(panel.getByTestId("evidence")).toBeVisible();
  await expect(panel.getByRole("heading", { name: "How to fix it" })).toBeVisible();
  const firstTitle = await panel.locator("#finding-title").innerText();
  await snap(owner, "finding-panel");
  await owner.keyboard.press("ArrowRight");
  await expect(panel.locator("#finding-title")).not.toHaveText(firstTitle);
  await owner.keyboard.press("ArrowLeft");
  await expect(panel.locator("#finding-title")).toHaveText(firstTitle);
  await panel.getByRole("button", { name: "Accept risk…" }).click();
  await panel.getByLabel("Why is this risk accepted?").fill("Compensating control: the CEO's account is managed by the IT director");
  await panel.getByRole("button", { name: "Accept risk", exact: true }).click();
  await expect(panel.getByTestId("risk-accepted")).toBeVisible();
  await owner.keyboard.press("Escape");
  await expect(panel).toBeHidden();
  const checkId = await rows.first().getAttribute("data-check-id");

  const csv = await owner.evaluate(async () => (await fetch(location.pathname.replace("/dashboard", "") + "/results.csv")).text());
  expect(csv.split("\r\n")[0]).toContain("check_id,title");

  await owner.goto("/dashboard/settings/exceptions");
  await expect(owner.locator(`[data-testid="exception-row"][data-check-id="${checkId}"]`)).toContainText("Compensating control");
  await snap(owner, "settings-exceptions");
});

test("an admin creates a weekly schedule in Asia/Kathmandu, previews it, pauses, resumes and deletes it", async ({ browser }) => {
  const tenant = await newMicrosoftTenant("well-configured");
  const owner = await connectedOwner(browser, tenant, "megan.bowen@contoso.com");
  await owner.goto("/dashboard/schedules");
  await owner.getByRole("button", { name: "New schedule" }).click();
  await owner.getByLabel("Name").fill("Kathmandu weekly");
  await owner.getByLabel("Frequency").selectOption("weekly");
  await owner.getByLabel("Day of week").selectOption("2");
  await owner.getByLabel("Hour").selectOption("9");
  await owner.getByLabel("Time zone").fill("Asia/Kathmandu");
  const preview = owner.getByTestId("schedule-preview");
  await expect(preview.getByTestId("preview-run")).toHaveCount(5);
  await expect(preview.getByTestId("preview-run").first()).toContainText("Wed");
  await expect(preview.getByTestId("preview-run").first()).toContainText("09:00");
  await expect(preview.getByTestId("preview-run").first()).toContainText("Asia/Kathmandu (UTC+05:45)");
  await snap(owner, "schedule-editor");
  await owner.getByRole("button", { name: "Create schedule" }).click();

  const row = owner.locator('[data-testid="schedule-row"][data-name="Kathmandu weekly"]');
  await expect(row).toContainText("Weekly on Wednesday at 09:00 (Asia/Kathmandu)");
  await row.getByRole("switch").click();
  await expect(row).toHaveAttribute("data-enabled", "false");
  await expect(row.getByText("paused")).toBeVisible();
  await owner.reload();
  await expect(row).toHaveAttribute("data-enabled", "false"); // the pause was saved, not only shown
  await row.getByRole("switch").click();
  await expect(row).toHaveAttribute("data-enabled", "true");
  await snap(owner, "schedules");
  await row.getByRole("button", { name: "Delete Kathmandu weekly" }).click();
  await row.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(row).toHaveCount(0);
  await expect(owner.locator('[data-testid="schedule-row"][data-name="Automatic plan scan"]').getByRole("button", { name: /Delete/ })).toHaveCount(0);
});

test("a viewer sees everything and no control that changes anything", async ({ browser }) => {
  const tenant = await newMicrosoftTenant("misconfigured");
  const owner = await connectedOwner(browser, tenant, "avery.howard@fabrikam.com");
  await apiFromPage(owner, "POST", "/tenants/me/scans", { scan_type: "exposure" });
  const viewer = await signIn(browser, tenant, "casey.jensen@fabrikam.com");
  await expect(viewer.getByText("Read-only: viewer")).toBeVisible();
  await viewer.goto("/dashboard/scans");
  await expect(viewer.getByRole("button", { name: /Run (compliance|exposure) scan/ })).toHaveCount(0);
  await viewer.goto("/dashboard/schedules");
  await expect(viewer.getByRole("button", { name: "New schedule" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: /^Edit/ })).toHaveCount(0);
  await expect(viewer.getByRole("switch").first()).toBeDisabled();
  await viewer.goto("/dashboard/scans");
  await expect(viewer.locator('tr[data-testid="scan-row"][data-status="completed"]')).toHaveCount(1, { timeout: 30_000 });
  await viewer.locator('tr[data-testid="scan-row"] a').first().click();
  await viewer.getByTestId("finding-row").first().click();
  await expect(viewer.getByTestId("finding-panel")).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Accept risk…" })).toHaveCount(0);
  await viewer.goto("/dashboard/settings/break-glass");
  await expect(viewer.getByText("Nothing declared")).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Save" })).toHaveCount(0);
  const refused = await apiFromPage(viewer, "PATCH", "/tenants/me/scheduled-scans/plan", { enabled: false });
  expect(refused.status).toBe(403);
});

test("an admin declares the break-glass accounts the last scan saw excluded, and the next scan accepts them", async ({ browser }) => {
  const tenant = await newMicrosoftTenant("well-configured");
  const owner = await connectedOwner(browser, tenant, "megan.bowen@contoso.com");
  const compliance = async () => {
    const started = await apiFromPage(owner, "POST", "/tenants/me/scans", { scan_type: "compliance" });
    expect(started.status).toBe(201);
    await expect.poll(async () => (await apiFromPage(owner, "GET", `/scans/${started.body.data.id}`)).body.data.status, { timeout: 30_000 }).toBe("completed");
    const results = await apiFromPage(owner, "GET", `/scans/${started.body.data.id}/results?limit=100`);
    return { id: started.body.data.id as string, status: new Map((results.body.data as { check_id: string; status: string }[]).map((r) => [r.check_id, r.status])) };
  };
  // The fixture's policies exclude its emergency-access account and group, which nobody has declared yet.
  const first = await compliance();
  expect(first.status.get("C01")).toBe("fail");

  // The failing finding points the admin to the declaration.
  await owner.goto(`/dashboard/scans/${first.id}?finding=C01`);
  await owner.getByTestId("break-glass-hint").getByRole("link", { name: "declare them" }).click();
  await owner.waitForURL(/\/dashboard\/settings\/break-glass$/);
  const suggestions = owner.getByTestId("break-glass-suggestion");
  await expect(suggestions).toHaveCount(2);
  await expect(suggestions.first()).toContainText(/Excluded by \d+ policies/);
  await snap(owner, "settings-break-glass-suggestions");

  // A sign-in address is not an object id: named, and nothing is saved.
  const accounts = owner.getByLabel(/^Accounts/);
  await accounts.fill("breakglass@contoso.com");
  await owner.getByRole("button", { name: "Save" }).click();
  await expect(owner.getByText('"breakglass@contoso.com" is not a Microsoft Entra object id (a GUID)')).toBeVisible();
  expect((await apiFromPage(owner, "GET", "/tenants/me/break-glass")).body.data.updated_at).toBeNull();

  await accounts.fill("");
  for (const kind of ["user", "group"]) await owner.getByRole("button", { name: new RegExp(`^Add ${kind} `) }).click();
  await expect(suggestions).toHaveCount(0);
  await owner.getByRole("button", { name: "Save" }).click();
  await expect(owner.getByText("Saved. The next compliance scan applies it.")).toBeVisible();
  await snap(owner, "settings-break-glass");
  const saved = (await apiFromPage(owner, "GET", "/tenants/me/break-glass")).body.data;
  expect([saved.user_ids.length, saved.group_ids.length]).toEqual([1, 1]);

  const after = (await compliance()).status;
  for (const id of ["C01", "C11"]) expect(after.get(id), id).toBe("pass");
  await owner.reload();
  await expect(owner.getByTestId("break-glass-suggestions")).toHaveCount(0);
});

test("a member of two tenants sees the fleet overview and opens the other tenant", async ({ browser }) => {
  const customer = await newMicrosoftTenant("misconfigured");
  const owner = await connectedOwner(browser, customer, "avery.howard@fabrikam.com");
  await apiFromPage(owner, "POST", "/tenants/me/invitations", { email: "megan.bowen@contoso.com", role: "admin" });
  await apiFromPage(owner, "POST", "/tenants/me/scans", { scan_type: "compliance" });

  const msp = await newMicrosoftTenant("well-configured");
  const engineer = await connectedOwner(browser, msp, "megan.bowen@contoso.com");
  await engineer.goto("/dashboard/fleet");
  const rows = engineer.getByTestId("fleet-row");
  await expect(rows).toHaveCount(2);
  await expect(engineer.getByTestId("fleet-table")).toContainText("Fabrikam");
  await expect(engineer.getByTestId("fleet-table")).toContainText("Contoso");
  await snap(engineer, "fleet");
  await engineer.getByRole("button", { name: "Fabrikam" }).click();
  await engineer.waitForURL(/\/dashboard$/);
  await expect(engineer.getByTestId("tenant-switcher").locator("option:checked")).toHaveText("Fabrikam");
});
