import { inject } from "vitest";
import type { Plan } from "@/lib/generated/prisma/enums";
import type { Fault, FixtureName, GeneratedTenantSpec } from "../scripts/m365-simulator/index";
import { makeTenant } from "./helpers";

/** The shared simulator lives in vitest's global setup; test files reach it through its admin API. */
async function admin(path: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(`${inject("simulatorUrl")}/_simulator${path}`, { ...init, headers: { "content-type": "application/json", ...init.headers } });
  if (!res.ok) throw new Error(`simulator admin ${path}: ${res.status} ${await res.text()}`);
  return res;
}

/** `permissions`: the application permissions the tenant's admin consented to (default: all the scanner requests). */
export async function registerSimulatedTenant(
  fixture: FixtureName | GeneratedTenantSpec,
  options: { consented?: boolean; permissions?: readonly string[] } = {},
): Promise<string> {
  const body = { ...(typeof fixture === "string" ? { fixture } : { generated: fixture }), ...options };
  return ((await (await admin("/tenants", { method: "POST", body: JSON.stringify(body) })).json()) as { tenantId: string }).tenantId;
}

/** Completes admin consent on the simulator's own page, as an administrator clicking Accept (or Cancel) would. */
export async function answerAdminConsent(consentUrl: string, decision: "accept" | "cancel"): Promise<string> {
  const page = await (await fetch(consentUrl)).text();
  const flow = /name="flow" value="([^"]+)"/.exec(page)?.[1];
  const tenant = /name="tenant" value="([^"]+)"/.exec(page)?.[1];
  const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1];
  if (!flow || !action) throw new Error(`no consent page at ${consentUrl}: ${page.slice(0, 300)}`);
  const res = await fetch(new URL(action, consentUrl), {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ flow, decision, ...(tenant ? { tenant } : {}) }),
  });
  const location = res.headers.get("location");
  if (!location) throw new Error(`the consent page did not redirect: ${res.status}`);
  return location;
}

/** Changes a setting "in the tenant" (objects merge, arrays replace), as an admin would between two scans. */
export async function patchSimulatedTenant(tenantGuid: string, patch: Record<string, unknown>): Promise<void> {
  await admin(`/tenants/${tenantGuid}/data`, { method: "PATCH", body: JSON.stringify(patch) });
}

export async function addSimulatorFault(tenantGuid: string, fault: Fault): Promise<void> {
  await admin(`/tenants/${tenantGuid}/faults`, { method: "POST", body: JSON.stringify(fault) });
}

export async function clearSimulatorFaults(tenantGuid: string): Promise<void> {
  await admin(`/tenants/${tenantGuid}/faults`, { method: "DELETE" });
}

/**
 * A connected tenant whose scans stay in progress for the length of a test: Graph throttles its first read
 * with Retry-After: 30, which the scan engine honours. For tests about what happens while a scan runs.
 */
export async function makeTenantWithSlowScans(plan: Plan = "pro") {
  const guid = await registerSimulatedTenant("misconfigured");
  await addSimulatorFault(guid, { kind: "throttle", path: "/subscribedSkus", count: 10_000, retryAfterSeconds: 30 });
  return makeTenant({ plan, msTenantId: guid });
}
