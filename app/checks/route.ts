// GET /checks — the check catalog: ids, titles, categories, severities, frameworks, data sources, permissions (scans:read)
import { methodsNotAllowed, withTenant } from "@/lib/api/handler";
import { ok } from "@/lib/api/respond";
import { listCheckInfo } from "@/lib/scans/checks/catalog";

export const dynamic = "force-dynamic";

export const GET = withTenant({ scope: "scans:read" }, async () => ok(listCheckInfo()));

export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed(["GET"]);
