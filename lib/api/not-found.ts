import { fail } from "@/lib/api/respond";

/** Envelope 404 for API paths no route matches (Next would answer with an HTML page). */
export function endpointNotFound(): Response {
  return fail("NOT_FOUND", "No such endpoint. See /openapi.json for the API reference.");
}

export const notFoundHandlers = {
  GET: endpointNotFound,
  POST: endpointNotFound,
  PUT: endpointNotFound,
  PATCH: endpointNotFound,
  DELETE: endpointNotFound,
};
