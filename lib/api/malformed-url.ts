import { fail } from "@/lib/api/respond";

/**
 * A request path that is not valid percent-encoded UTF-8 (`/scans/%E0%A4%A`, `/%`, `/%ED%A0%80` — an encoded lone
 * surrogate): Next's router cannot decode its params and answers a plain-text 500 or an HTML page before any route
 * handler runs, so proxy.ts answers here instead: 400 VALIDATION_ERROR in the envelope, like GitHub's 400 for a
 * malformed URL. Cheap enough for every request: paths without `%` are never decoded.
 */
export function malformedUrlResponse(pathname: string): Response | null {
  if (!pathname.includes("%")) return null;
  for (const segment of pathname.split("/")) {
    try {
      decodeURIComponent(segment);
    } catch {
      return fail("VALIDATION_ERROR", "The request path is not valid percent-encoded UTF-8", [
        { field: "(path)", message: "every %XX sequence must encode well-formed UTF-8" },
      ]);
    }
  }
  return null;
}
