import type { GraphErrorBody } from "@/lib/microsoft/graph-types";

/** Graph response envelopes: error bodies, headers and @odata.context URLs as graph.microsoft.com writes them. */

export type GraphResult = { status: number; headers: Record<string, string>; body?: unknown };
export type RequestIds = { requestId: string; clientRequestId: string };

export const JSON_CONTENT_TYPE = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

export const SUCCESS_HEADERS: Readonly<Record<string, string>> = {
  "Cache-Control": "no-cache",
  "OData-Version": "4.0",
  "Content-Type": JSON_CONTENT_TYPE,
};

/** innerError.date has no fraction and no zone designator ("2024-05-07T12:34:56"). */
function innerErrorDate(): string {
  return new Date().toISOString().slice(0, 19);
}

export function graphError(status: number, code: string, message: string, ids: RequestIds, headers: Record<string, string> = {}): GraphResult {
  const body: GraphErrorBody = {
    error: {
      code,
      message,
      innerError: { date: innerErrorDate(), "request-id": ids.requestId, "client-request-id": ids.clientRequestId },
    },
  };
  return { status, headers: { "Cache-Control": "no-cache", "Content-Type": "application/json", ...headers }, body };
}

export function ok(body: unknown): GraphResult {
  return { status: 200, headers: { ...SUCCESS_HEADERS }, body };
}

export function contextUrl(version: string, fragment: string): string {
  return `https://graph.microsoft.com/${version}/$metadata#${fragment}`;
}

export const NON_PREMIUM = {
  code: "Authentication_RequestFromNonPremiumTenantOrB2CTenant",
  message: "Neither tenant is B2C or tenant doesn't have premium license",
} as const;

export const INSUFFICIENT_PRIVILEGES = {
  code: "Authorization_RequestDenied",
  message: "Insufficient privileges to complete the operation.",
} as const;
