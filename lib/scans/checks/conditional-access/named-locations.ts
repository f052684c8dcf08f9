import { capList, defineCheck, listForMessage, plural } from "@/lib/scans/checks/helpers";

/* Trusted named locations (X27): "trusted" skips MFA and lowers sign-in risk wherever policies exempt it. */

/** Broadest prefix a trusted range may have: an IPv4 /16 (65,536 addresses) or an IPv6 /32. */
const MIN_PREFIX = { v4: 16, v6: 32 } as const;

/** The prefix length of a CIDR, or null when it is not one (Graph validates them; a bad one is reported, not guessed). */
export function cidrPrefix(cidr: string): { family: "v4" | "v6"; prefix: number } | null {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(cidr.trim());
  if (!match) return null;
  const family = match[1]!.includes(":") ? "v6" : "v4";
  const prefix = Number(match[2]);
  return prefix <= (family === "v4" ? 32 : 128) ? { family, prefix } : null;
}

export const X27 = defineCheck({
  id: "X27",
  title: "No trusted named location is broader than it should be",
  scanType: "exposure",
  category: "Conditional Access",
  severity: "high",
  frameworks: ["MS.AAD.3.2v2 intent"],
  sources: ["namedLocations"],
  licence: "p1",
  remediation:
    "In the Entra admin center → Protection → Conditional Access → Named locations, open each listed location and replace the broad ranges with your offices' and VPN egress public ranges only (an IPv4 /16 or narrower, IPv6 /32 or narrower), or clear \"Mark as trusted location\". Private ranges (10.0.0.0/8 and the like) never reach Entra as sign-in addresses and do not belong in a named location.",
  evaluate({ namedLocations }) {
    const trusted = namedLocations.filter((l) => l["@odata.type"] === "#microsoft.graph.ipNamedLocation" && l.isTrusted);
    const broad: { id: string; displayName: string; ranges: string[] }[] = [];
    for (const l of trusted) {
      if (l["@odata.type"] !== "#microsoft.graph.ipNamedLocation") continue;
      const ranges = l.ipRanges.map((r) => r.cidrAddress).filter((cidr) => {
        const parsed = cidrPrefix(cidr);
        return parsed !== null && parsed.prefix < MIN_PREFIX[parsed.family];
      });
      if (ranges.length > 0) broad.push({ id: l.id, displayName: l.displayName, ranges });
    }
    const evidence = { trustedLocationCount: trusted.length, broadCount: broad.length, broad: capList(broad) };
    if (broad.length === 0) {
      return { status: "pass", message: trusted.length === 0 ? "No IP named location is marked trusted." : trusted.length === 1 ? "The one trusted IP location uses narrow ranges." : `All ${trusted.length} trusted IP locations use narrow ranges.`, evidence };
    }
    const named = broad.map((b) => `${b.displayName} (${b.ranges.join(", ")})`);
    return {
      status: "fail",
      message: `${plural(broad.length, "trusted location")} ${broad.length === 1 ? "covers" : "cover"} far more addresses than an office or VPN: ${listForMessage(named, 3)}. Sign-ins from there are treated as trusted.`,
      evidence,
    };
  },
});
