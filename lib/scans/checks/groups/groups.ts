import type { DynamicGroup } from "@/lib/microsoft/graph-types";
import { capList, defineCheck, listForMessage, plural } from "@/lib/scans/checks/helpers";
import type { CheckObjects } from "@/lib/scans/checks/types";

/* Microsoft 365 group visibility (C42) and a dynamic group of all guests (C43). */

/**
 * C42: the approved public groups are expressed as per-group exceptions (object kind "group", the group's object id):
 * an accepted risk on one group leaves it out, and the check fails only on public groups nobody approved. There is no
 * separate allow-list setting, so an approval is recorded, owned and expires like any other accepted risk.
 */
export const PUBLIC_GROUP_OBJECTS: CheckObjects = {
  kind: "group",
  exclude: (data, ids) => ({ ...data, unifiedGroups: data.unifiedGroups!.filter((g) => !ids.has(g.id.toLowerCase())) }),
};

export const C42 = defineCheck({
  id: "C42",
  title: "Only approved Microsoft 365 groups are public",
  scanType: "compliance",
  category: "Groups",
  severity: "low",
  frameworks: ["CIS 1.2.1"],
  sources: ["unifiedGroups"],
  objects: PUBLIC_GROUP_OBJECTS,
  remediation:
    "Anyone in the organisation can join a public group and read its mail, files and Teams channels without the owner's approval. For each listed group, in the Microsoft 365 admin center → Teams & groups → Active teams & groups → the group → Settings, set Privacy to Private (Graph: group visibility Private). A group that must stay public can be approved here with a per-group exception.",
  evaluate({ unifiedGroups }) {
    const open = unifiedGroups.filter((g) => g.visibility === "Public");
    const evidence = {
      unifiedGroupCount: unifiedGroups.length,
      publicCount: open.length,
      publicGroups: capList(open.map((g) => ({ id: g.id, displayName: g.displayName }))),
      publicGroupsCut: Math.max(0, open.length - capList(open).length),
    };
    if (open.length === 0) {
      return { status: "pass", message: `No Microsoft 365 group is public without approval (${plural(unifiedGroups.length, "group")} checked).`, evidence };
    }
    return {
      status: "fail",
      message: `${plural(open.length, "Microsoft 365 group")} ${open.length === 1 ? "is" : "are"} public without approval: ${listForMessage(open.map((g) => g.displayName ?? g.id), 3)}.`,
      evidence,
    };
  },
});

/** A rule that selects exactly the guests: (user.userType -eq "Guest"), outer parentheses and spacing aside. */
const GUEST_RULE = /^\(*\s*user\.usertype\s+-eq\s+["']guest["']\s*\)*$/i;

export function isAllGuestsRule(rule: string | null): boolean {
  return rule !== null && GUEST_RULE.test(rule.trim());
}

const mentionsGuests = (g: DynamicGroup) => /user\.usertype\s+-eq\s+["']guest["']/i.test(g.membershipRule ?? "");

export const C43 = defineCheck({
  id: "C43",
  title: "A dynamic group holds all guest users",
  scanType: "compliance",
  category: "Groups",
  severity: "low",
  frameworks: ["CIS 5.1.3.1"],
  sources: ["dynamicGroups"],
  // Dynamic membership is an Entra ID P1 feature: a free tenant cannot create the group at all.
  licence: "p1",
  remediation:
    "A group that always holds every guest lets Conditional Access, access reviews and licensing target guests without anyone maintaining membership. In the Entra admin center → Groups → New group, choose Security, Membership type Dynamic User, and the rule (user.userType -eq \"Guest\"); keep its processing On (Graph: groupTypes DynamicMembership, membershipRule, membershipRuleProcessingState On).",
  evaluate({ dynamicGroups }) {
    const exact = dynamicGroups.filter((g) => isAllGuestsRule(g.membershipRule));
    const active = exact.filter((g) => g.membershipRuleProcessingState === "On");
    const view = (g: DynamicGroup) => ({ id: g.id, displayName: g.displayName, membershipRule: g.membershipRule, membershipRuleProcessingState: g.membershipRuleProcessingState });
    // Groups that select guests among other conditions, or whose rule processing is paused, are reported as near misses.
    const nearMisses = dynamicGroups.filter((g) => mentionsGuests(g) && !active.includes(g));
    const evidence = { dynamicGroupCount: dynamicGroups.length, guestGroups: capList(active.map(view)), nearMisses: capList(nearMisses.map(view)) };
    if (active.length > 0) {
      return { status: "pass", message: `${listForMessage(active.map((g) => g.displayName ?? g.id), 3)} ${active.length === 1 ? "holds" : "hold"} every guest user through a dynamic rule that is on.`, evidence };
    }
    const paused = exact.filter((g) => g.membershipRuleProcessingState !== "On");
    const detail =
      paused.length > 0
        ? ` ${listForMessage(paused.map((g) => g.displayName ?? g.id), 3)} has the rule but its processing is ${paused[0]!.membershipRuleProcessingState ?? "not on"}.`
        : nearMisses.length > 0
          ? ` ${plural(nearMisses.length, "dynamic group")} ${nearMisses.length === 1 ? "selects" : "select"} guests only together with other conditions.`
          : "";
    const among = dynamicGroups.length === 0 ? "the tenant has no dynamic groups" : `${plural(dynamicGroups.length, "dynamic group")} checked`;
    return { status: "fail", message: `No dynamic group with the rule (user.userType -eq "Guest") is processing membership (${among}).${detail}`, evidence };
  },
});
