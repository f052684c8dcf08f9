// GET  /tenants/me/scheduled-scans — the plan schedule first, then custom schedules (schedules:read)
// POST /tenants/me/scheduled-scans — create a custom schedule (schedules:write)
import { methodsNotAllowed, readJson, withTenant } from "@/lib/api/handler";
import { ok } from "@/lib/api/respond";
import { createScheduleSchema } from "@/lib/schedules/schemas";
import { createSchedule, listSchedules, toScheduleResource } from "@/lib/schedules/service";

export const dynamic = "force-dynamic";

export const GET = withTenant({ scope: "schedules:read" }, async ({ tenantId }) => {
  return ok((await listSchedules(tenantId)).map(toScheduleResource));
});

export const POST = withTenant({ scope: "schedules:write" }, async ({ req, tenantId, actor }) => {
  const input = createScheduleSchema.parse(await readJson(req));
  return ok(toScheduleResource(await createSchedule(tenantId, input, actor)), { status: 201 });
});

export const { PUT, PATCH, DELETE } = methodsNotAllowed(["GET", "POST"]);
