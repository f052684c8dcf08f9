// GET /checks/permissions — the Microsoft Graph application permissions the whole catalog needs (scans:read)
import { methodsNotAllowed, withTenant } from "@/lib/api/handler";
import { ok } from "@/lib/api/respond";
import { requiredPermissions } from "@/lib/scans/checks/catalog";

export const dynamic = "force-dynamic";

export const GET = withTenant({ scope: "scans:read" }, async () => ok(requiredPermissions()));

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
