import { describe, expect, it } from "vitest";
import { X13, X14 } from "@/lib/scans/checks/external-identities/collaboration";
import { X10 } from "@/lib/scans/checks/external-identities/guests";
import { authorizationPolicy, CONTEXT, daysAgo, guest, NOW } from "@/lib/scans/checks/test-fixtures";

describe("X10 Stale or never-redeemed guests", () => {
  const evaluate = (users: ReturnType<typeof guest>[], withSignInActivity = true) => X10.evaluate({ guestUsers: { users, withSignInActivity } }, CONTEXT);

  it("passes with active, accepted guests", () => {
    const out = evaluate([guest(), guest()]);
    expect(out.status).toBe("pass");
    expect(out.message).toContain("2 guests");
  });

  it("flags an invitation pending over 30 days (by state change date)", () => {
    const out = evaluate([guest({ userPrincipalName: "p@x", externalUserState: "PendingAcceptance", externalUserStateChangeDateTime: daysAgo(31), signInActivity: null, createdDateTime: daysAgo(31) })]);
    expect(out.status).toBe("fail");
    expect(out.message).toContain("p@x");
    expect(out.evidence).toMatchObject({ pendingOver30Days: 1, flagged: [{ userPrincipalName: "p@x", reasons: ["pendingAcceptance"] }] });
  });

  it("does not flag an invitation pending exactly 30 days, and falls back to createdDateTime", () => {
    expect(evaluate([guest({ externalUserState: "PendingAcceptance", externalUserStateChangeDateTime: daysAgo(30), signInActivity: null, createdDateTime: daysAgo(30) })]).status).toBe("pass");
    expect(evaluate([guest({ externalUserState: "PendingAcceptance", externalUserStateChangeDateTime: null, signInActivity: null, createdDateTime: daysAgo(45) })]).status).toBe("fail");
  });

  it("flags a guest whose last successful sign-in is over 90 days ago", () => {
    const g = guest({ signInActivity: { lastSignInDateTime: daysAgo(5), lastNonInteractiveSignInDateTime: null, lastSuccessfulSignInDateTime: daysAgo(91) } });
    const out = evaluate([g]);
    expect(out.status).toBe("fail");
    expect(out.evidence).toMatchObject({ noSignInOver90Days: 1, flagged: [{ reasons: ["noRecentSignIn"] }] });
  });

  it("flags a never-signed-in guest created over 90 days ago, not one created recently", () => {
    const never = { lastSignInDateTime: null, lastNonInteractiveSignInDateTime: null, lastSuccessfulSignInDateTime: null };
    expect(evaluate([guest({ createdDateTime: daysAgo(120), signInActivity: never })]).status).toBe("fail");
    expect(evaluate([guest({ createdDateTime: daysAgo(10), externalUserStateChangeDateTime: daysAgo(9), signInActivity: never })]).status).toBe("pass");
  });

  it("without sign-in activity (no P1) runs only the pending half and says so", () => {
    const old = guest({ createdDateTime: daysAgo(400), signInActivity: undefined });
    const pass = evaluate([old], false);
    expect(pass.status).toBe("pass");
    expect(pass.message).toContain("only pending invitations were checked");
    expect(pass.evidence).toMatchObject({ withSignInActivity: false, noSignInOver90Days: null });

    const fail = evaluate([old, guest({ externalUserState: "PendingAcceptance", externalUserStateChangeDateTime: daysAgo(60), signInActivity: undefined })], false);
    expect(fail.status).toBe("fail");
    expect(fail.message).toContain("only pending invitations were checked");
  });

  it("depends on context.now, not the wall clock", () => {
    const g = guest({ signInActivity: { lastSignInDateTime: null, lastNonInteractiveSignInDateTime: null, lastSuccessfulSignInDateTime: "2025-06-01T00:00:00Z" } });
    expect(X10.evaluate({ guestUsers: { users: [g], withSignInActivity: true } }, { now: NOW }).status).toBe("pass");
    expect(X10.evaluate({ guestUsers: { users: [g], withSignInActivity: true } }, { now: new Date("2026-01-01T00:00:00Z") }).status).toBe("fail");
  });
});

describe("X13 Self-service sign-up or viral join", () => {
  const evaluate = (selfService: boolean, viral: boolean) =>
    X13.evaluate({ authenticationFlowsPolicy: { id: "authenticationFlowsPolicy", selfServiceSignUp: { isEnabled: selfService } }, authorizationPolicy: authorizationPolicy({ allowEmailVerifiedUsersToJoinOrganization: viral }) }, CONTEXT);

  it("passes when both are off", () => {
    expect(evaluate(false, false).status).toBe("pass");
  });

  it("fails when either is on, saying which", () => {
    expect(evaluate(true, false).message).toContain("sign themselves up");
    expect(evaluate(false, true).message).toContain("verifies an email address");
    expect(evaluate(true, true).evidence).toEqual({ selfServiceSignUpEnabled: true, allowEmailVerifiedUsersToJoinOrganization: true });
  });
});

describe("X14 Cross-tenant inbound wide open", () => {
  const b2b = (accessType: "allowed" | "blocked") => ({ usersAndGroups: { accessType, targets: [{ target: "AllUsers", targetType: "user" }] }, applications: { accessType, targets: [] } });
  const evaluate = (direct: "allowed" | "blocked", collaboration: "allowed" | "blocked" = "allowed") =>
    X14.evaluate({ crossTenantAccessDefault: { id: "d", isServiceDefault: false, b2bDirectConnectInbound: b2b(direct), b2bCollaborationInbound: b2b(collaboration) } }, CONTEXT);

  it("passes when inbound direct connect is blocked, and says what B2B collaboration does", () => {
    expect(evaluate("blocked").message).toContain("stays open by default");
    expect(evaluate("blocked", "blocked").message).toContain("blocked by default too");
  });

  it("fails when inbound direct connect is allowed by default", () => {
    expect(evaluate("allowed")).toMatchObject({ status: "fail", evidence: { b2bDirectConnectInbound: "allowed" } });
  });

  it("treats Graph's service default (settings omitted) as blocked, as Entra does", () => {
    expect(X14.evaluate({ crossTenantAccessDefault: { id: "d", isServiceDefault: true, b2bDirectConnectInbound: null, b2bCollaborationInbound: null } }, CONTEXT).status).toBe("pass");
  });
});
