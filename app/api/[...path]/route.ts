// ANY /api/* (and the rewritten public API paths) that no route matches — envelope 404 instead of an HTML page
import { fail } from "@/lib/api/respond";

export const dynamic = "force-dynamic";

const notFound = () => fail("NOT_FOUND", "No such endpoint. See /openapi.json for the API reference.");

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
