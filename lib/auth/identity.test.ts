import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signInIdentity, type EntraIdentity } from "@/lib/auth/identity";
import { authenticateToken, createApiToken } from "@/lib/auth/tokens";
import { inviteMember, removeMember, updateMemberRole } from "@/lib/tenants/members";
import { makeTenant, setupIsolatedDb } from "../../tests/helpers";

const db = setupIsolatedDb();

function person(tid: string, upn: string, extra: Partial<EntraIdentity> = {}): EntraIdentity {
  return { tid, oid: randomUUID(), username: upn, name: upn.split("@")[0]!, verifiedEmail: null, ...extra };
}

async function membershipsOf(userId: string) {
  return db().membership.findMany({ where: { userId }, select: { tenantId: true, role: true, removedAt: true } });
}

describe("users and tenants from identity", () => {
  it("creates one tenant per Microsoft tenant: first person owner, the next viewers, keyed by (tid, oid)", async () => {
    const tid = randomUUID();
    const megan = person(tid, "megan@contoso.com");
    const first = await signInIdentity(megan);
    const [owned] = await membershipsOf(first.id);
    expect(owned!.role).toBe("owner");
    const tenant = await db().tenant.findUniqueOrThrow({ where: { id: owned!.tenantId } });
    expect(tenant).toMatchObject({ plan: "free", connectionStatus: "pending", msTenantId: tid, name: "contoso.com" });

    const adele = await signInIdentity(person(tid, "adele@contoso.com"));
    expect(await membershipsOf(adele.id)).toEqual([{ tenantId: tenant.id, role: "viewer", removedAt: null }]);

    // Same oid with a renamed UPN is the same person; the same UPN with another oid is another person.
    const renamed = await signInIdentity({ ...megan, username: "megan.bowen@contoso.com" });
    expect(renamed.id).toBe(first.id);
    expect(renamed.email).toBe("megan.bowen@contoso.com");
    const impostor = await signInIdentity(person(tid, "megan.bowen@contoso.com"));
    expect(impostor.id).not.toBe(first.id);
    expect(await membershipsOf(impostor.id)).toEqual([{ tenantId: tenant.id, role: "viewer", removedAt: null }]);
  });

  it("serialises first sign-ins of one Microsoft tenant: exactly one tenant and one owner", async () => {
    const tid = randomUUID();
    const users = await Promise.all(Array.from({ length: 8 }, (_, i) => signInIdentity(person(tid, `user${i}@fabrikam.com`))));
    expect(await db().tenant.count({ where: { msTenantId: tid } })).toBe(1);
    const roles = await db().membership.findMany({ where: { userId: { in: users.map((u) => u.id) } }, select: { role: true } });
    expect(roles.filter((r) => r.role === "owner")).toHaveLength(1);
    expect(roles).toHaveLength(8);
  });

  it("makes the first person of an ownerless tenant (created by the operator) its owner", async () => {
    const tid = randomUUID();
    const tenant = await makeTenant({ msTenantId: tid });
    const user = await signInIdentity(person(tid, "it@northwind.com"));
    expect(await membershipsOf(user.id)).toEqual([{ tenantId: tenant.id, role: "owner", removedAt: null }]);
  });

  it("does not re-admit a removed member at sign-in; an invitation does", async () => {
    const tid = randomUUID();
    const owner = await signInIdentity(person(tid, "owner@contoso.com"));
    const { tenantId } = (await membershipsOf(owner.id))[0]!;
    const staff = person(tid, "staff@contoso.com");
    const user = await signInIdentity(staff);
    const membership = await db().membership.findFirstOrThrow({ where: { userId: user.id } });
    await removeMember(tenantId, membership.id, { type: "user", id: owner.id });
    await signInIdentity(staff);
    expect((await membershipsOf(user.id))[0]!.removedAt).not.toBeNull();
    await inviteMember(tenantId, { email: "staff@contoso.com", role: "admin" }, { type: "user", id: owner.id });
    await signInIdentity(staff);
    expect(await membershipsOf(user.id)).toEqual([{ tenantId, role: "admin", removedAt: null }]);
  });

  it("accepts an invitation by UPN, or by e-mail only when Entra verified it, and never after 7 days", async () => {
    const customer = await makeTenant({ name: "Customer" });
    const actor = { type: "system" as const, id: "test" };
    await inviteMember(customer.id, { email: "eng@msp.example", role: "admin" }, actor);
    await inviteMember(customer.id, { email: "mail@msp.example", role: "viewer" }, actor);
    await inviteMember(customer.id, { email: "late@msp.example", role: "viewer" }, actor, new Date(Date.now() - 8 * 86_400_000));

    const msp = randomUUID();
    const engineer = await signInIdentity(person(msp, "eng@msp.example"));
    expect((await membershipsOf(engineer.id)).find((m) => m.tenantId === customer.id)).toMatchObject({ role: "admin" });

    const unverified = await signInIdentity(person(msp, "someone@msp.example", { verifiedEmail: null }));
    expect((await membershipsOf(unverified.id)).some((m) => m.tenantId === customer.id)).toBe(false);
    const verified = await signInIdentity(person(msp, "other@msp.example", { verifiedEmail: "mail@msp.example" }));
    expect((await membershipsOf(verified.id)).find((m) => m.tenantId === customer.id)).toMatchObject({ role: "viewer" });

    const late = await signInIdentity(person(msp, "late@msp.example"));
    expect((await membershipsOf(late.id)).some((m) => m.tenantId === customer.id)).toBe(false);
    const invitations = await db().invitation.findMany({ where: { tenantId: customer.id }, orderBy: { email: "asc" } });
    expect(invitations.map((i) => [i.email, i.acceptedAt !== null])).toEqual([
      ["eng@msp.example", true],
      ["late@msp.example", false],
      ["mail@msp.example", true],
    ]);
  });
});

describe("members", () => {
  it("keeps one owner when two owners demote each other at the same moment (meaningful on PostgreSQL)", async () => {
    // Several tenants at once, each with a pair of owners demoting each other, so the race window is really hit.
    const pairs = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const tid = randomUUID();
        const a = await signInIdentity(person(tid, "a@contoso.com"));
        const b = await signInIdentity(person(tid, "b@contoso.com"));
        const ma = await db().membership.findFirstOrThrow({ where: { userId: a.id } });
        const mb = await db().membership.findFirstOrThrow({ where: { userId: b.id } });
        await updateMemberRole(ma.tenantId, mb.id, "owner", { type: "user", id: a.id });
        return { tenantId: ma.tenantId, ma, mb, a, b };
      }),
    );
    const results = await Promise.all(
      pairs.map(({ tenantId, ma, mb, a, b }) =>
        Promise.allSettled([updateMemberRole(tenantId, ma.id, "viewer", { type: "user", id: b.id }), updateMemberRole(tenantId, mb.id, "viewer", { type: "user", id: a.id })]),
      ),
    );
    for (const [i, settled] of results.entries()) {
      expect(settled.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(settled.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "CONFLICT" } });
      expect(await db().membership.count({ where: { tenantId: pairs[i]!.tenantId, role: "owner", removedAt: null } })).toBe(1);
    }
  });

  it("revokes the API tokens a member created when an owner removes them", async () => {
    const tid = randomUUID();
    const owner = await signInIdentity(person(tid, "boss@contoso.com"));
    const staff = await signInIdentity(person(tid, "staff@contoso.com"));
    const membership = await db().membership.findFirstOrThrow({ where: { userId: staff.id } });
    await updateMemberRole(membership.tenantId, membership.id, "owner", { type: "user", id: owner.id });
    const made = await createApiToken(membership.tenantId, { name: "theirs", scopes: ["scans:read"] }, { type: "user", id: staff.id });
    const kept = await createApiToken(membership.tenantId, { name: "owner's", scopes: ["scans:read"] }, { type: "user", id: owner.id });
    await removeMember(membership.tenantId, membership.id, { type: "user", id: owner.id });
    expect(await authenticateToken(made.token)).toBeNull();
    expect(await authenticateToken(kept.token)).not.toBeNull();
  });

  it("narrows a demoted member's API tokens to the new role's scopes, revokes those left with none, and audits it", async () => {
    const tid = randomUUID();
    const owner = await signInIdentity(person(tid, "boss@contoso.com"));
    const staff = await signInIdentity(person(tid, "staff@contoso.com"));
    const membership = await db().membership.findFirstOrThrow({ where: { userId: staff.id } });
    const { tenantId } = membership;
    const actor = { type: "user", id: owner.id } as const;
    await updateMemberRole(tenantId, membership.id, "owner", actor);
    const mixed = await createApiToken(tenantId, { name: "ci", scopes: ["scans:read", "scans:write"] }, { type: "user", id: staff.id });
    const writeOnly = await createApiToken(tenantId, { name: "trigger", scopes: ["scans:write"] }, { type: "user", id: staff.id });
    const ownersToken = await createApiToken(tenantId, { name: "owner's", scopes: ["scans:write"] }, actor);
    expect(await authenticateToken(mixed.token)).toMatchObject({ scopes: ["scans:read", "scans:write"] }); // now cached

    await updateMemberRole(tenantId, membership.id, "admin", actor); // an admin holds every token scope: unchanged
    expect(await authenticateToken(mixed.token)).toMatchObject({ scopes: ["scans:read", "scans:write"] });
    expect(await authenticateToken(writeOnly.token)).not.toBeNull();

    await updateMemberRole(tenantId, membership.id, "viewer", actor);
    await expect.poll(async () => (await authenticateToken(mixed.token))?.scopes, { timeout: 1_000 }).toEqual(["scans:read"]);
    expect(await authenticateToken(writeOnly.token)).toBeNull();
    expect(await authenticateToken(ownersToken.token)).toMatchObject({ scopes: ["scans:write"] });
    const audits = await db().auditEvent.findMany({ where: { tenantId, action: "member.role_changed" } });
    expect(audits.map((event) => event.metadata)).toContainEqual({ from: "admin", to: "viewer", tokens_narrowed: 1, tokens_revoked: 1 });

    await updateMemberRole(tenantId, membership.id, "owner", actor); // promotion gives nothing back
    expect(await authenticateToken(mixed.token)).toMatchObject({ scopes: ["scans:read"] });
  });

  it("refuses a duplicate open invitation and an invitation of an existing member; another tenant's member is NOT_FOUND", async () => {
    const tid = randomUUID();
    const owner = await signInIdentity(person(tid, "boss@contoso.com"));
    const { tenantId, id } = await db().membership.findFirstOrThrow({ where: { userId: owner.id } });
    const actor = { type: "user" as const, id: owner.id };
    await inviteMember(tenantId, { email: "new@contoso.com", role: "viewer" }, actor);
    await expect(inviteMember(tenantId, { email: "new@contoso.com", role: "admin" }, actor)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(inviteMember(tenantId, { email: "boss@contoso.com", role: "admin" }, actor)).rejects.toMatchObject({ code: "CONFLICT" });
    const other = await makeTenant();
    await expect(updateMemberRole(other.id, id, "viewer", actor)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(removeMember(other.id, id, actor)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
