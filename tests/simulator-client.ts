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

export async function registerSimulatedTenant(fixture: FixtureName | GeneratedTenantSpec): Promise<string> {
  const body = typeof fixture === "string" ? { fixture } : { generated: fixture };
  return ((await (await admin("/tenants", { method: "POST", body: JSON.stringify(body) })).json()) as { tenantId: string }).tenantId;
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
