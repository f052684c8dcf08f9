import type { Domain } from "@/lib/microsoft/graph-types";
import { capList, defineCheck, listForMessage, plural } from "@/lib/scans/checks/helpers";
import type { CheckObjects } from "@/lib/scans/checks/types";

/* Passwords never expire (C38): the password validity period of each verified Managed domain. */

/** What Graph reports for "passwords never expire" (Int32.MaxValue); null means the service default, which is the same. */
export const NEVER_EXPIRES = 2147483647;

/** C38: an exception may cover one domain (its name). Subdomains of an excepted root then fall back to their own value. */
export const PASSWORD_DOMAIN_OBJECTS: CheckObjects = {
  kind: "domain",
  exclude: (data, ids) => ({ ...data, domains: data.domains!.filter((d) => !ids.has(d.id.toLowerCase())) }),
};

/** The root domain a subdomain inherits its password policy from: the closest verified root it is a subdomain of. */
function rootOf(domain: Domain, domains: readonly Domain[]): Domain | null {
  const name = domain.id.toLowerCase();
  const roots = domains.filter((d) => d.isRoot && d.isVerified && name.endsWith(`.${d.id.toLowerCase()}`));
  return roots.sort((a, b) => b.id.length - a.id.length)[0] ?? null;
}

export const C38 = defineCheck({
  id: "C38",
  title: "Passwords are set to never expire",
  scanType: "compliance",
  category: "Passwords and hybrid identity",
  severity: "medium",
  frameworks: ["CIS 1.3.1", "MS.AAD.6.1v1"],
  sources: ["domains"],
  objects: PASSWORD_DOMAIN_OBJECTS,
  remediation:
    "Periodic expiry pushes users to predictable passwords; NIST SP 800-63B and Microsoft recommend against it when MFA is in place. In the Microsoft 365 admin center → Settings → Org settings → Security & privacy → Password expiration policy, tick \"Set passwords to never expire\" (Graph: PATCH /domains/{id} with passwordValidityPeriodInDays 2147483647 on each root domain; subdomains follow their root).",
  evaluate({ domains }) {
    const managed = domains.filter((d) => d.isVerified && d.authenticationType === "Managed");
    const judged = managed.map((d) => {
      const root = d.isRoot ? null : rootOf(d, domains);
      const days = root ? root.passwordValidityPeriodInDays : d.passwordValidityPeriodInDays;
      return {
        domain: d.id,
        isRoot: d.isRoot,
        inheritsFrom: root?.id ?? null,
        passwordValidityPeriodInDays: days,
        neverExpires: days === null || days === NEVER_EXPIRES,
      };
    });
    // `outcome` per domain, as the other per-domain checks report it (an exception is offered for the failing ones).
    const rows = judged.map((d) => ({ ...d, outcome: d.neverExpires ? ("pass" as const) : ("fail" as const) }));
    const expiring = rows.filter((d) => !d.neverExpires);
    const evidence = { managedDomainCount: managed.length, expiringCount: expiring.length, domains: capList(rows), domainsCut: Math.max(0, rows.length - capList(rows).length) };
    if (expiring.length === 0) {
      return { status: "pass", message: `Passwords never expire on the ${plural(managed.length, "verified managed domain")}.`, evidence };
    }
    const named = expiring.map((d) => `${d.domain} (every ${d.passwordValidityPeriodInDays} days${d.inheritsFrom ? `, from ${d.inheritsFrom}` : ""})`);
    return {
      status: "fail",
      message: `Passwords expire on ${plural(expiring.length, "verified managed domain")}: ${listForMessage(named, 3)}.`,
      evidence,
    };
  },
});
