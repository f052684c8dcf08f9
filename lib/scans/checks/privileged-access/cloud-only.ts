import { capList, defineCheck, includesId, listForMessage, plural, PRIV_ROLE_IDS, PRIV_ROLE_TEMPLATE_IDS } from "@/lib/scans/checks/helpers";

/* Privileged accounts are cloud-only (C20). */

type Holder = { id: string; userPrincipalName: string | null; displayName: string | null; roles: Set<string>; via: Set<"active" | "eligible"> };

export const C20 = defineCheck({
  id: "C20",
  title: "Privileged role holders are cloud-only accounts",
  scanType: "compliance",
  category: "Privileged access",
  severity: "high",
  frameworks: ["CIS 1.1.1", "MS.AAD.7.3v1", "MT.1026"],
  sources: ["privilegedRoles", "memberUsers"],
  remediation:
    "Create a separate cloud-only account (user@<tenant>.onmicrosoft.com, not synchronised from Active Directory) for each listed administrator in the Entra admin center → Users → New user, assign the privileged roles to it (Roles & admins, or PIM → Microsoft Entra roles), and remove them from the synchronised account. A compromised on-premises domain then cannot reach Global or Privileged Role Administrator.",
  evaluate({ privilegedRoles, memberUsers }) {
    const holders = new Map<string, Holder>();
    const add = (principalId: string, roleId: string, via: "active" | "eligible", principal?: { "@odata.type"?: string; userPrincipalName?: string; displayName?: string }) => {
      if (!includesId(PRIV_ROLE_IDS, roleId)) return;
      if (principal && !/user$/i.test(principal["@odata.type"] ?? "")) return; // groups and service principals are judged elsewhere
      const key = principalId.toLowerCase();
      const h = holders.get(key) ?? { id: principalId, userPrincipalName: principal?.userPrincipalName ?? null, displayName: principal?.displayName ?? null, roles: new Set(), via: new Set() };
      h.roles.add(PRIV_ROLE_TEMPLATE_IDS[roleId.toLowerCase()] ?? roleId);
      h.via.add(via);
      holders.set(key, h);
    };
    for (const a of privilegedRoles.assignments) add(a.principalId, a.roleDefinitionId, "active", a.principal);
    for (const e of privilegedRoles.eligibilities) add(e.principalId, e.roleDefinitionId, "eligible", e.principal);
    const users = new Map(memberUsers.map((u) => [u.id.toLowerCase(), u]));
    const synced = [...holders.values()].filter((h) => {
      const u = users.get(h.id.toLowerCase());
      return u !== undefined && (u.onPremisesSyncEnabled === true || (u.onPremisesImmutableId ?? null) !== null);
    });
    const evidence = {
      privilegedUserCount: holders.size,
      eligibleAssignmentsRead: privilegedRoles.eligibilityRead,
      syncedCount: synced.length,
      synced: capList(
        synced.map((h) => {
          const u = users.get(h.id.toLowerCase())!;
          return {
            id: h.id,
            userPrincipalName: u.userPrincipalName ?? h.userPrincipalName,
            displayName: u.displayName ?? h.displayName,
            roles: [...h.roles].sort(),
            assignment: [...h.via].sort(),
            onPremisesSyncEnabled: u.onPremisesSyncEnabled ?? null,
            onPremisesImmutableId: u.onPremisesImmutableId ?? null,
          };
        }),
      ),
    };
    const scope = privilegedRoles.eligibilityRead ? "active or eligible" : "active (eligible assignments need Entra ID P2 to read)";
    if (synced.length === 0) {
      return { status: "pass", message: `All ${plural(holders.size, "privileged account")} (${scope}) are cloud-only.`, evidence };
    }
    const named = synced.map((h) => `${users.get(h.id.toLowerCase())?.userPrincipalName ?? h.id} (${[...h.roles].sort().join(", ")})`);
    return {
      status: "fail",
      message: `${plural(synced.length, "privileged account")} ${synced.length === 1 ? "is" : "are"} synchronised from on-premises: ${listForMessage(named, 3)}.`,
      evidence,
    };
  },
});
