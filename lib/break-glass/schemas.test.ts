import { describe, expect, it } from "vitest";
import { breakGlassFormSchema } from "@/lib/break-glass/schemas";

const A = "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9";
const B = "1A2B3C4D-5E6F-4A7B-8C9D-0E1F2A3B4C5D";

describe("breakGlassFormSchema", () => {
  it("reads ids separated by new lines, spaces, commas or semicolons, lowercased", () => {
    expect(breakGlassFormSchema.parse({ users: `${A}\n ${B};`, groups: "" })).toEqual({ users: [A, B.toLowerCase()], groups: [] });
    expect(breakGlassFormSchema.parse({ users: `${A}, ${B}`, groups: `  ${A}  ` })).toEqual({ users: [A, B.toLowerCase()], groups: [A] });
  });

  it("names the first id that is not a GUID, and refuses repeats and long lists", () => {
    const bad = breakGlassFormSchema.safeParse({ users: `${A}\nbreakglass@contoso.com`, groups: "" });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues).toEqual([expect.objectContaining({ path: ["users"], message: '"breakglass@contoso.com" is not a Microsoft Entra object id (a GUID)' })]);
    expect(breakGlassFormSchema.safeParse({ users: `${A}\n${A.toUpperCase()}`, groups: "" }).error!.issues[0]!.message).toBe("user ids must not repeat");
    const many = Array.from({ length: 6 }, (_, i) => `00000000-0000-4000-8000-00000000000${i}`).join("\n");
    expect(breakGlassFormSchema.safeParse({ users: "", groups: many }).error!.issues[0]!.message).toBe("at most 5 groups");
  });
});
