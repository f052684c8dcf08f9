import { defineCheck } from "@/lib/scans/checks/helpers";

/* How outsiders get in: self-service sign-up and viral join (X13), default cross-tenant access (X14). */

export const X13 = defineCheck({
  id: "X13",
  title: "No self-service sign-up or email-verified join",
  scanType: "exposure",
  category: "External identities",
  severity: "medium",
  frameworks: ["EIDSCA.AP06"],
  sources: ["authenticationFlowsPolicy", "authorizationPolicy"],
  remediation:
    "In the Entra admin center → External Identities → External collaboration settings, set \"Enable guest self-service sign up via user flows\" to No (Graph: authenticationFlowsPolicy.selfServiceSignUp.isEnabled = false), and turn off email-verified users joining the organisation (Graph: PATCH /policies/authorizationPolicy with allowEmailVerifiedUsersToJoinOrganization = false).",
  evaluate({ authenticationFlowsPolicy, authorizationPolicy }) {
    const selfService = authenticationFlowsPolicy.selfServiceSignUp?.isEnabled === true;
    const viral = authorizationPolicy.allowEmailVerifiedUsersToJoinOrganization === true;
    const evidence = { selfServiceSignUpEnabled: selfService, allowEmailVerifiedUsersToJoinOrganization: viral };
    const open = [selfService && "guests can sign themselves up through user flows", viral && "anyone who verifies an email address at one of your domains can join the directory"].filter(
      (x): x is string => typeof x === "string",
    );
    return open.length === 0
      ? { status: "pass", message: "Outsiders join only by invitation: self-service sign-up and email-verified join are off.", evidence }
      : { status: "fail", message: `Accounts can enter the directory without an invitation: ${open.join("; ")}.`, evidence };
  },
});

export const X14 = defineCheck({
  id: "X14",
  title: "Inbound B2B direct connect is blocked by default",
  scanType: "exposure",
  category: "External identities",
  severity: "medium",
  frameworks: ["MS.AAD.8.3v1 intent"],
  sources: ["crossTenantAccessDefault"],
  remediation:
    "In the Entra admin center → External Identities → Cross-tenant access settings → Default settings → B2B direct connect → Inbound access, block users and applications (Graph: PATCH /policies/crossTenantAccessPolicy/default with b2bDirectConnectInbound accessType blocked), and open direct connect only for named partner organisations under Organizational settings.",
  evaluate({ crossTenantAccessDefault: d }) {
    const directUsers = d.b2bDirectConnectInbound?.usersAndGroups?.accessType ?? "blocked";
    const collaborationUsers = d.b2bCollaborationInbound?.usersAndGroups?.accessType ?? "allowed";
    const evidence = {
      isServiceDefault: d.isServiceDefault,
      b2bDirectConnectInbound: directUsers,
      b2bCollaborationInbound: collaborationUsers,
    };
    if (directUsers !== "blocked") {
      return {
        status: "fail",
        message: `Users of any other Microsoft Entra organisation can reach your Teams shared channels through B2B direct connect (default inbound ${directUsers}), without a guest account you could review.`,
        evidence,
      };
    }
    const collaboration = collaborationUsers === "blocked" ? "B2B collaboration is blocked by default too." : "B2B collaboration (guest invitations) stays open by default; restrict it per partner for the strict profile.";
    return { status: "pass", message: `Inbound B2B direct connect is blocked by default. ${collaboration}`, evidence };
  },
});
