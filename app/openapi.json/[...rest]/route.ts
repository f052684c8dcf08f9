// ANY unmatched path in the API namespace — envelope 404 instead of an HTML page
import { notFoundHandlers } from "@/lib/api/not-found";

export const dynamic = "force-dynamic";
export const { GET, POST, PUT, PATCH, DELETE } = notFoundHandlers;
