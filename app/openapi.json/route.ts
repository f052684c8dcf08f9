// GET /openapi.json — OpenAPI 3.1 description of the public API (no auth)
import { withPublic } from "@/lib/api/handler";
import { buildOpenApiDocument } from "@/lib/api/openapi";

export const dynamic = "force-static";

export const GET = withPublic(async () => Response.json(buildOpenApiDocument()));
