// GET    /tenants/me/scheduled-scans/{id} — one schedule, "plan" for the automatic one (schedules:read)
// PATCH  /tenants/me/scheduled-scans/{id} — update the given fields (schedules:write)
// DELETE /tenants/me/scheduled-scans/{id} — delete a custom schedule and its runs (schedules:write)
import { methodsNotAllowed, readJson, withTenant } from "@/lib/api/handler";
import { ok } from "@/lib/api/respond";
import { updateScheduleSchema } from "@/lib/schedules/schemas";
import { deleteSchedule, getScheduleOrThrow, toScheduleResource, updateSchedule } from "@/lib/schedules/service";

export const dynamic = "force-dynamic";

type Params = { scheduledScanId: string };

export const GET = withTenant<Params>({ scope: "schedules:read" }, async ({ tenantId, params }) => {
  return ok(toScheduleResource(await getScheduleOrThrow(tenantId, params.scheduledScanId)));
});

export const PATCH = withTenant<Params>({ scope: "schedules:write" }, async ({ req, tenantId, params, actor }) => {
  const input = updateScheduleSchema.parse(await readJson(req));
  return ok(toScheduleResource(await updateSchedule(tenantId, params.scheduledScanId, input, actor)));
});

export const DELETE = withTenant<Params>({ scope: "schedules:write" }, async ({ tenantId, params, actor }) => {
  await deleteSchedule(tenantId, params.scheduledScanId, actor);
  return ok(null);
});

export const { POST, PUT } = methodsNotAllowed(["GET", "PATCH", "DELETE"]);
