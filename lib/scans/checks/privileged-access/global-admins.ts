import { capList, defineCheck, plural, sameId } from "@/lib/scans/checks/helpers";

/* Global Administrator count (C19). */

export const MIN_GLOBAL_ADMINS = 2;
export const MAX_GLOBAL_ADMINS = 4;

function principalKind(odataType: string | undefined): "user" | "servicePrincipal" | "group" | "unknown" {
  const t = (odataType ?? "").toLowerCase().replace(/^#/, "");
  if (t === "microsoft.graph.user") return "user";
  if (t === "microsoft.graph.serviceprincipal") return "servicePrincipal";
  if (t === "microsoft.graph.group") return "group";
  return "unknown";
}

export const C19 = defineCheck({
  id: "C19",
  title: "Between two and four Global Administrators",
  scanType: "compliance",
  category: "Privileged access",
  severity: "high",
  frameworks: ["CIS 1.1.3", "MS.AAD.7.1v1", "MT.1032"],
  sources: ["globalAdminAssignments", "globalAdminGroupMembers"],
  remediation:
    "In the Entra admin center → Roles & admins → Global Administrator, keep 2 to 4 named, cloud-only accounts (break-glass accounts included): add a second emergency-access account if there is only one, or move extra holders to least-privileged roles such as User or Exchange Administrator.",
  evaluate({ globalAdminAssignments, globalAdminGroupMembers }) {
    const users = new Map<string, { id: string; userPrincipalName: string | null; displayName: string | null; viaGroup?: string }>();
    const servicePrincipals: { id: string; displayName: string | null }[] = [];
    const groups: { id: string; displayName: string | null; memberCount: number }[] = [];
    const unresolved: { assignmentId: string; principalId: string; odataType: string | null }[] = [];
    for (const a of globalAdminAssignments) {
      const kind = principalKind(a.principal?.["@odata.type"]);
      const id = a.principal?.id ?? a.principalId;
      const displayName = a.principal?.displayName ?? null;
      if (kind === "user") {
        if (!users.has(id.toLowerCase())) users.set(id.toLowerCase(), { id, userPrincipalName: a.principal?.userPrincipalName ?? null, displayName });
      } else if (kind === "servicePrincipal") {
        if (!servicePrincipals.some((s) => sameId(s.id, id))) servicePrincipals.push({ id, displayName });
      } else if (kind === "group") {
        if (groups.some((g) => sameId(g.id, id))) continue;
        // A role-assignable group's members hold the role through it: each counts once, however they got it.
        const members = globalAdminGroupMembers[id.toLowerCase()] ?? [];
        groups.push({ id, displayName, memberCount: members.length });
        for (const m of members) if (!users.has(m.id.toLowerCase())) users.set(m.id.toLowerCase(), { id: m.id, userPrincipalName: m.userPrincipalName, displayName: m.displayName, viaGroup: displayName ?? id });
      } else {
        unresolved.push({ assignmentId: a.id, principalId: a.principalId, odataType: a.principal?.["@odata.type"] ?? null });
      }
    }
    const n = users.size;
    const evidence = {
      userCount: n,
      users: capList([...users.values()]),
      // Reported but not counted: service principals are not people. Groups are expanded: their users are counted.
      servicePrincipals: capList(servicePrincipals),
      groups: capList(groups),
      unresolved: capList(unresolved),
    };
    const notCounted = [servicePrincipals.length > 0 ? plural(servicePrincipals.length, "service principal") : ""].filter(Boolean);
    const viaGroups = groups.length > 0 ? `, members of ${plural(groups.length, "role-assignable group")} included` : "";
    const holders = `${n === 0 ? "No user holds" : n === 1 ? "Only 1 user holds" : `${n} users hold`} Global Administrator${viaGroups}${
      notCounted.length > 0 ? ` (not counted: ${notCounted.join(" and ")})` : ""
    }`;
    if (n < MIN_GLOBAL_ADMINS) {
      const why = n === 1 ? ", leaving no fallback if that account is lost" : "";
      return { status: "fail", message: `${holders}${why}; assign at least ${MIN_GLOBAL_ADMINS}.`, evidence };
    }
    if (n > MAX_GLOBAL_ADMINS) {
      return { status: "fail", message: `${holders}; reduce to at most ${MAX_GLOBAL_ADMINS}.`, evidence };
    }
    return { status: "pass", message: `${holders}, within the recommended ${MIN_GLOBAL_ADMINS}–${MAX_GLOBAL_ADMINS}.`, evidence };
  },
});
