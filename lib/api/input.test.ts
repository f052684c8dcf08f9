import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/api/errors";
import { paramProblem, parseJsonBody, parseQuery } from "@/lib/api/input";

const bytes = (text: string) => new TextEncoder().encode(text);

/** The field and message of the VALIDATION_ERROR a body gets, or "ok". */
function verdict(body: string | Uint8Array): string {
  try {
    parseJsonBody(typeof body === "string" ? bytes(body) : body);
    return "ok";
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    expect(error.code).toBe("VALIDATION_ERROR");
    const [issue] = (error.details as { field: string; message: string }[] | undefined) ?? [{ field: "(body)", message: error.message }];
    return `${issue!.field}: ${issue!.message}`;
  }
}

describe("parseJsonBody", () => {
  it("accepts ordinary JSON objects, tabs and newlines in strings, and surrogate pairs", () => {
    expect(parseJsonBody(bytes('{"a":[1,-2.5e3,true,null,{"b":"x\\ty\\n\\ud83d\\ude00"}]}'))).toEqual({ a: [1, -2500, true, null, { b: "x\ty\n😀" }] });
  });

  it("names the field for each refused class", () => {
    expect(verdict('{"a":1,"a":2}')).toBe("a: is given more than once");
    expect(verdict('{"x":{"__proto__":{"admin":true}}}')).toBe("x.__proto__: is not an allowed key");
    expect(verdict('{"constructor":1}')).toBe("constructor: is not an allowed key");
    expect(verdict('{"name":"a\\u0000b"}')).toBe("name: must not contain NUL (\\u0000) characters");
    expect(verdict('{"name":"\\u001b[31m"}')).toMatch(/^name: must not contain control characters/);
    expect(verdict('{"n\\u0007":1}')).toMatch(/^\(body\): has a key that must not contain control characters/);
    expect(verdict('{"list":["ok","\\ud800"]}')).toMatch(/^list\.1: must be well-formed Unicode/);
    expect(verdict('{"hour":9007199254740993}')).toMatch(/^hour: must be a number between/);
    expect(verdict('{"hour":1e400}')).toMatch(/^hour: must be a number between/);
    expect(verdict(`{"a":${"[".repeat(16)}${"]".repeat(16)}}`)).toMatch(/nests deeper than 16 levels/);
    expect(verdict(`{"a":${"[".repeat(15)}${"]".repeat(15)}}`)).toBe("ok");
    expect(verdict(Uint8Array.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc0, 0x22, 0x7d]))).toBe("(body): is not valid UTF-8");
    expect(verdict('{"a":1,}')).toMatch(/^\(body\): is not valid JSON/);
    expect(verdict("[1]")).toMatch(/must be a JSON object/);
    expect(verdict("  ")).toMatch(/empty/);
  });

  it("returns ordinary objects (zod and spreads see a plain prototype)", () => {
    expect(Object.getPrototypeOf(parseJsonBody(bytes('{"a":{}}')))).toBe(Object.prototype);
  });
});

describe("parseQuery and paramProblem", () => {
  const query = (qs: string) => {
    try {
      return parseQuery(`http://x/y?${qs}`);
    } catch (error) {
      return (error as AppError).details;
    }
  };
  it("applies the string rules and the int4 limit to query strings", () => {
    expect(query("limit=5&status=completed")).toEqual({ limit: "5", status: "completed" });
    expect(query("limit=1&limit=2")).toEqual([{ field: "limit", message: "must be given at most once" }]);
    expect(query("status=%00")).toEqual([{ field: "status", message: "must not contain NUL (\\u0000) characters" }]);
    expect(query("limit=2147483648")).toEqual([{ field: "limit", message: "must be at most 2147483647" }]);
    expect(query("__proto__=1")).toEqual([{ field: "__proto__", message: "is not an allowed parameter name" }]);
  });
  it("refuses route params no id can have", () => {
    expect(paramProblem("scan_abc")).toBeNull();
    expect(paramProblem("a\u0000")).not.toBeNull();
    expect(paramProblem("\udc00")).not.toBeNull();
    expect(paramProblem("x".repeat(201))).not.toBeNull();
  });
});
