// POST /tenants/me/scheduled-scans/preview — the next run instants of a draft schedule (schedules:read)
import { methodsNotAllowed, readJson, withTenant } from "@/lib/api/handler";
import { ok } from "@/lib/api/respond";
import { previewScheduleSchema } from "@/lib/schedules/schemas";
import { previewSchedule } from "@/lib/schedules/service";

export const dynamic = "force-dynamic";

export const POST = withTenant({ scope: "schedules:read" }, async ({ req }) => {
  return ok(previewSchedule(previewScheduleSchema.parse(await readJson(req))));
});

export const { GET, PUT, PATCH, DELETE } = methodsNotAllowed(["POST"]);
