import { describe, expect, it } from "vitest";
import { filterFindings } from "@/lib/scans/findings";
import { csvField, toFinding } from "@/lib/scans/results";
import { diffResults } from "@/lib/scans/drift";

const row = (checkId: string, status: "pass" | "fail" | "skip" | "error", severity: "high" | "low" = "high") => ({ checkId, status, severity, message: `${checkId} ${status}`, evidence: null });

describe("findings", () => {
  it("neutralises spreadsheet formulas in CSV fields and quotes everything", () => {
    expect(csvField("=HYPERLINK(\"x\")")).toBe(`"'=HYPERLINK(""x"")"`);
    for (const start of ["+", "-", "@", "\t", "\r"]) expect(csvField(`${start}1`)).toBe(`"'${start}1"`);
    expect(csvField("plain")).toBe('"plain"');
    expect(csvField(null)).toBe('""');
    expect(csvField({ a: 1 })).toBe('"{""a"":1}"');
  });

  it("filters by framework id, family and category", () => {
    const findings = [toFinding(row("C01", "fail")), toFinding(row("X01", "pass"))];
    const c01 = findings[0]!;
    expect(filterFindings(findings, { framework: "scuba" }).map((f) => f.check_id)).toEqual(findings.filter((f) => f.frameworks.scuba.length).map((f) => f.check_id));
    if (c01.frameworks.cis[0]) expect(filterFindings(findings, { framework: `CIS ${c01.frameworks.cis[0]}` })).toContain(c01);
    expect(filterFindings(findings, { category: c01.category.toUpperCase() })).toContain(c01);
    expect(filterFindings(findings, { status: "pass" }).map((f) => f.check_id)).toEqual(["X01"]);
  });
});

describe("diffResults", () => {
  it("sorts every check into exactly one bucket", () => {
    const before = [row("C01", "pass"), row("C02", "fail"), row("C03", "fail"), row("C12", "pass"), row("C13", "fail"), row("C99", "pass")];
    const after = [row("C01", "fail"), row("C02", "pass"), row("C03", "fail"), row("C12", "skip"), row("C13", "error"), row("C16", "pass")];
    const d = diffResults("scan_b", "scan_a", after, before);
    const ids = (list: { check_id: string }[]) => list.map((e) => e.check_id);
    expect(ids(d.newly_failing)).toEqual(["C01"]);
    expect(ids(d.newly_passing)).toEqual(["C02"]);
    expect(ids(d.still_failing)).toEqual(["C03"]);
    expect(ids(d.other_changes).sort()).toEqual(["C12", "C13"]);
    expect(ids(d.new)).toEqual(["C16"]);
    expect(ids(d.removed)).toEqual(["C99"]);
    expect(d.unchanged).toBe(0);
    expect(diffResults("scan_b", null, after, []).newly_failing).toEqual([]);
  });
});
