import http from "node:http";
import type { Socket } from "node:net";

/**
 * Methods outside HTTP's usual set never reach a route handler as a clean 405: Next builds a WHATWG Request for
 * every request, which throws on TRACE/CONNECT ("HTTP method is unsupported" → a plain-text 500), it answers other
 * parsed methods (PROPFIND, …) with an empty 400, and Node's parser refuses unknown tokens (TRACK, FOO) with an empty
 * 400 before any JavaScript runs. Next offers no hook ahead of that, so this guard sits on the HTTP server itself
 * (installed once per process from instrumentation.ts) and answers the envelope 405 with Allow, as GitHub does.
 * CONNECT never becomes a request: without a "connect" listener Node closes the socket (no answer, no 500).
 * Oversized headers (> 16 KiB) keep Node's own empty 431: no request exists yet to answer in JSON.
 */
const SUPPORTED = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const ALLOW = [...SUPPORTED].join(", ");
const GUARDED = Symbol.for("aether365.httpGuard");

function body(): string {
  return JSON.stringify({ success: false, error: { code: "METHOD_NOT_ALLOWED", message: `Method not allowed. Allowed: ${ALLOW}` } });
}

/** The 405 written straight to a socket, for requests Node never turns into a request/response pair. */
function endWith405(socket: Socket): void {
  const text = body();
  socket.end(`HTTP/1.1 405 Method Not Allowed\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nAllow: ${ALLOW}\r\nConnection: close\r\n\r\n${text}`);
}

export function installHttpGuard(): void {
  const proto = http.Server.prototype as http.Server & { [GUARDED]?: true };
  if (proto[GUARDED]) return;
  proto[GUARDED] = true;
  const emit = proto.emit;
  proto.emit = function guardedEmit(this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
      if (!SUPPORTED.has(req.method ?? "")) {
        req.resume();
        const text = body();
        res.writeHead(405, { "content-type": "application/json", "content-length": Buffer.byteLength(text), allow: ALLOW });
        res.end(text);
        return true;
      }
    } else if (event === "clientError") {
      const [error, socket] = args as [NodeJS.ErrnoException, Socket];
      if (error.code === "HPE_INVALID_METHOD" && socket.writable) {
        endWith405(socket);
        return true;
      }
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof proto.emit;
}
