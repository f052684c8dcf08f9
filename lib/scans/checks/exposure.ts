import type { Application, GuestUser } from "@/lib/microsoft/graph-types";
import { capList, DAY_MS, daysBetween, defineCheck, evaluateEmailDomains, listForMessage, parseDate, parseTags, plural, type DomainVerdict, EMAIL_DOMAIN_OBJECTS, APPLICATION_OBJECTS, GUEST_OBJECTS } from "@/lib/scans/checks/helpers";

/*
 * Exposure checks: things an attacker can use today (spoofable mail, dormant guests, weak app credentials).
 * Each `evaluate` is pure and reads the clock only from `context.now`.
 */

// ---------------------------------------------------------------------------------------------------------
// Email authentication (X01–X07)
// ---------------------------------------------------------------------------------------------------------

export type SpfTerminal =
  | { kind: "all"; qualifier: "+" | "-" | "~" | "?"; mechanism: string }
  | { kind: "redirect"; target: string }
  | { kind: "none" };

/**
 * The SPF record's terminal policy (RFC 7208): the first `all` mechanism ends evaluation, so anything after it
 * is ignored; a `redirect=` modifier only applies when there is no `all`.
 */
export function spfTerminal(record: string): SpfTerminal {
  let redirect: string | null = null;
  for (const term of record.trim().split(/\s+/).slice(1)) {
    const lower = term.toLowerCase();
    const all = /^([+\-~?]?)all$/.exec(lower);
    if (all) {
      const qualifier = (all[1] || "+") as "+" | "-" | "~" | "?";
      return { kind: "all", qualifier, mechanism: `${qualifier}all` };
    }
    if (lower.startsWith("redirect=") && redirect === null) redirect = term.slice("redirect=".length);
  }
  return redirect !== null ? { kind: "redirect", target: redirect } : { kind: "none" };
}

export type DmarcPolicy = {
  /** The tag whose value applies: sp for a subdomain that has one, otherwise p. */
  tag: "p" | "sp";
  policy: string | null;
  /** null when the pct tag is present but not an integer 0–100. */
  pct: number | null;
  rua: string[];
};

/** Parses a DMARC record for `domain` (tags case-insensitive, whitespace-tolerant). */
export function dmarcPolicy(record: string, domain: string, orgDomain: string): DmarcPolicy {
  const tags = parseTags(record);
  const isSubdomain = domain.toLowerCase() !== orgDomain.toLowerCase();
  const tag = isSubdomain && tags.has("sp") ? "sp" : "p";
  const policy = tags.get(tag)?.toLowerCase() || null;
  const rawPct = tags.get("pct");
  let pct: number | null = 100;
  if (rawPct !== undefined) pct = /^\d{1,3}$/.test(rawPct) && Number(rawPct) <= 100 ? Number(rawPct) : null;
  const rua = (tags.get("rua") ?? "")
    .split(",")
    .map((u) => u.trim())
    .filter(Boolean);
  return { tag, policy, pct, rua };
}

/**
 * Whether a DKIM key record publishes a usable key: p= non-empty (an empty p= means revoked). The catalog
 * asks for records starting "v=DKIM1"; RFC 6376 §3.6.1 makes v= optional, so a record without a v= tag is
 * accepted, but a v= tag elsewhere or with another value is not.
 */
export function dkimKeyPublished(record: string | null): boolean {
  if (record === null) return false;
  const tags = parseTags(record);
  if (tags.has("v") && !/^\s*v\s*=\s*DKIM1\s*(;|$)/i.test(record)) return false;
  return (tags.get("p") ?? "").replace(/\s+/g, "") !== "";
}

function onlyRecord(records: readonly string[], kind: "SPF" | "DMARC"): { record: string } | DomainVerdict {
  const [first] = records;
  if (records.length === 1 && first !== undefined) return { record: first };
  const check = kind === "SPF" ? "X01" : "X04";
  if (records.length === 0) return { outcome: "na", finding: `no ${kind} record (reported by ${check})` };
  return { outcome: "na", finding: `${records.length} ${kind} records (reported by ${check})` };
}

const EMAIL_CATEGORY = "Email authentication";

export const X01 = defineCheck({
  id: "X01",
  title: "SPF record missing or duplicated",
  scanType: "exposure",
  category: EMAIL_CATEGORY,
  severity: "high",
  frameworks: ["CIS 2.1.8", "MS.EXO.2.2v3"],
  sources: ["emailDns"],
  objects: EMAIL_DOMAIN_OBJECTS,
  remediation:
    "At your DNS host, publish exactly one TXT record at the domain apex that starts with v=spf1 and lists every sender, e.g. \"v=spf1 include:spf.protection.outlook.com -all\" for Exchange Online; merge duplicate SPF records into one.",
  evaluate({ emailDns }) {
    return evaluateEmailDomains(
      emailDns,
      (d) => {
        if (d.spf.length === 1) return { outcome: "pass", finding: "one SPF record", spf: d.spf };
        if (d.spf.length === 0) return { outcome: "fail", finding: "no SPF record", spf: d.spf };
        return { outcome: "fail", finding: `${d.spf.length} SPF records, which makes SPF fail with a permanent error`, spf: d.spf };
      },
      {
        fail: (domains) => `SPF is missing or duplicated on ${domains}`,
        pass: "Every email domain publishes exactly one SPF record.",
        noneApplicable: "Every email domain publishes exactly one SPF record.",
      },
    );
  },
});

export const X02 = defineCheck({
  id: "X02",
  title: "SPF record does not end in hard fail (-all)",
  scanType: "exposure",
  category: EMAIL_CATEGORY,
  severity: "medium",
  frameworks: ["MS.EXO.2.2v3"],
  sources: ["emailDns"],
  objects: EMAIL_DOMAIN_OBJECTS,
  remediation:
    "Once the SPF record lists all legitimate senders, change its final mechanism to -all (hard fail), e.g. \"v=spf1 include:spf.protection.outlook.com -all\", so receivers reject mail from unlisted servers.",
  evaluate({ emailDns }) {
    // SCuBA profile: ~all (soft fail) is a fail, like +all, ?all or no all at all.
    return evaluateEmailDomains(
      emailDns,
      (d) => {
        const only = onlyRecord(d.spf, "SPF");
        if ("outcome" in only) return only;
        const t = spfTerminal(only.record);
        const base = { spf: only.record };
        if (t.kind === "redirect") {
          return { ...base, outcome: "pass", finding: `delegated via redirect=${t.target}; that domain's SPF policy applies`, redirect: t.target };
        }
        if (t.kind === "none") return { ...base, outcome: "fail", finding: "no all mechanism, so unlisted senders get a neutral result" };
        const meaning = { "-": "hard-fails", "~": "only soft-fails", "?": "is neutral", "+": "allows any sender" }[t.qualifier];
        return { ...base, outcome: t.qualifier === "-" ? "pass" : "fail", finding: `ends in ${t.mechanism}, which ${meaning}`, terminal: t.mechanism };
      },
      {
        fail: (domains) => `SPF does not hard-fail unlisted senders on ${domains}`,
        pass: "Every SPF record ends in -all (or delegates with redirect=).",
        noneApplicable: "Not applicable: no email domain has exactly one SPF record to assess (see X01).",
      },
    );
  },
});

export const X04 = defineCheck({
  id: "X04",
  title: "DMARC record missing",
  scanType: "exposure",
  category: EMAIL_CATEGORY,
  severity: "high",
  frameworks: ["CIS 2.1.10", "MS.EXO.4.1v1"],
  sources: ["emailDns"],
  objects: EMAIL_DOMAIN_OBJECTS,
  remediation:
    "Publish one TXT record at _dmarc.<domain> starting with v=DMARC1, e.g. \"v=DMARC1; p=none; rua=mailto:dmarc-reports@<domain>\" to start monitoring, then move to p=reject once legitimate mail aligns.",
  evaluate({ emailDns }) {
    // More than one DMARC record also fails: receivers then ignore DMARC for the domain (RFC 7489 §6.6.3).
    return evaluateEmailDomains(
      emailDns,
      (d) => {
        const location = `_dmarc.${d.orgDomain}`;
        if (d.dmarc.length === 1) return { outcome: "pass", finding: `DMARC record at ${location}`, dmarc: d.dmarc };
        if (d.dmarc.length === 0) return { outcome: "fail", finding: `no DMARC record at ${location}`, dmarc: d.dmarc };
        return { outcome: "fail", finding: `${d.dmarc.length} DMARC records at ${location}, so receivers ignore them`, dmarc: d.dmarc };
      },
      {
        fail: (domains) => `DMARC is missing on ${domains}`,
        pass: "Every email domain has a DMARC record.",
        noneApplicable: "Every email domain has a DMARC record.",
      },
    );
  },
});

export const X05 = defineCheck({
  id: "X05",
  title: "DMARC policy is not reject for all mail",
  scanType: "exposure",
  category: EMAIL_CATEGORY,
  severity: "high",
  frameworks: ["MS.EXO.4.2v1", "CIS 2.1.10", "MT.1182"],
  sources: ["emailDns"],
  objects: EMAIL_DOMAIN_OBJECTS,
  remediation:
    "After aggregate reports show legitimate mail passing, set the DMARC record at _dmarc.<domain> to p=reject and remove pct (or set pct=100); for subdomains also set sp=reject.",
  evaluate({ emailDns }) {
    // SCuBA profile: quarantine fails. A subdomain is judged by sp= when the organisational record has one.
    return evaluateEmailDomains(
      emailDns,
      (d) => {
        const only = onlyRecord(d.dmarc, "DMARC");
        if ("outcome" in only) return only;
        const p = dmarcPolicy(only.record, d.domain, d.orgDomain);
        const base = { dmarc: only.record, policyTag: p.tag, policy: p.policy, pct: p.pct };
        const problems: string[] = [];
        if (p.policy === null) problems.push(`no ${p.tag}= tag (treated as none)`);
        else if (p.policy !== "reject") problems.push(`${p.tag}=${p.policy}`);
        if (p.pct === null) problems.push("invalid pct");
        else if (p.pct < 100) problems.push(`pct=${p.pct}`);
        if (problems.length > 0) return { ...base, outcome: "fail", finding: problems.join(", ") };
        return { ...base, outcome: "pass", finding: `${p.tag}=reject for 100% of mail` };
      },
      {
        fail: (domains) => `DMARC does not reject all failing mail on ${domains}`,
        pass: "Every DMARC policy is reject for 100% of mail.",
        noneApplicable: "Not applicable: no email domain has exactly one DMARC record to assess (see X04).",
      },
    );
  },
});

export const X06 = defineCheck({
  id: "X06",
  title: "DMARC aggregate reports are not collected",
  scanType: "exposure",
  category: EMAIL_CATEGORY,
  severity: "low",
  frameworks: ["MS.EXO.4.4v1", "CIS 2.1.10"],
  sources: ["emailDns"],
  objects: EMAIL_DOMAIN_OBJECTS,
  remediation:
    "Add a rua tag with a mailto: address to the DMARC record, e.g. \"rua=mailto:dmarc-reports@<domain>\"; an address at another domain must be authorised there with a <domain>._report._dmarc TXT record.",
  evaluate({ emailDns }) {
    return evaluateEmailDomains(
      emailDns,
      (d) => {
        const only = onlyRecord(d.dmarc, "DMARC");
        if ("outcome" in only) return only;
        const { rua } = dmarcPolicy(only.record, d.domain, d.orgDomain);
        const mailto = rua.filter((u) => /^mailto:\S+/i.test(u));
        if (mailto.length > 0) return { outcome: "pass", finding: `reports go to ${mailto.join(", ")}`, rua };
        return { outcome: "fail", finding: rua.length === 0 ? "no rua tag" : "rua has no mailto: address", rua };
      },
      {
        fail: (domains) => `No DMARC aggregate reports are requested for ${domains}`,
        pass: "Every DMARC record requests aggregate reports to a mailto: address.",
        noneApplicable: "Not applicable: no email domain has exactly one DMARC record to assess (see X04).",
      },
    );
  },
});

export const X07 = defineCheck({
  id: "X07",
  title: "DKIM keys not published",
  scanType: "exposure",
  category: EMAIL_CATEGORY,
  severity: "medium",
  frameworks: ["CIS 2.1.9", "MS.EXO.3.1v1"],
  sources: ["emailDns"],
  objects: EMAIL_DOMAIN_OBJECTS,
  remediation:
    "In the Microsoft Defender portal → Email & collaboration → Policies & rules → Threat policies → Email authentication settings → DKIM, select the domain, publish the two selector1/selector2 CNAME records it shows at your DNS host, then enable signing (Exchange Online PowerShell: Set-DkimSigningConfig -Identity <domain> -Enabled $true).",
  evaluate({ emailDns }) {
    return evaluateEmailDomains(
      emailDns,
      (d) => {
        const selectors = d.dkim.map((s) => ({
          selector: s.selector,
          state: s.record === null ? "no record" : dkimKeyPublished(s.record) ? "key published" : "no usable key",
        }));
        const published = selectors.filter((s) => s.state === "key published");
        if (published.length > 0) {
          return { outcome: "pass", finding: `key published at ${published.map((s) => s.selector).join(", ")}`, selectors };
        }
        const detail = selectors.length === 0 ? "no selectors looked up" : selectors.map((s) => `${s.selector}: ${s.state}`).join("; ");
        return { outcome: "fail", finding: detail, selectors };
      },
      {
        fail: (domains) => `No DKIM public key is published for ${domains}`,
        pass: "Every email domain publishes a DKIM public key.",
        noneApplicable: "Every email domain publishes a DKIM public key.",
      },
    );
  },
});

// ---------------------------------------------------------------------------------------------------------
// External identities (X10)
// ---------------------------------------------------------------------------------------------------------

export const PENDING_INVITE_DAYS = 30;
export const STALE_GUEST_DAYS = 90;

type GuestFinding = {
  id: string;
  userPrincipalName: string;
  displayName: string | null;
  reasons: ("pendingAcceptance" | "noRecentSignIn" | "neverSignedIn")[];
  pendingSince?: string;
  lastSuccessfulSignInDateTime?: string | null;
  createdDateTime?: string | null;
};

function assessGuest(u: GuestUser, now: number, withSignInActivity: boolean): GuestFinding | null {
  const reasons: GuestFinding["reasons"] = [];
  const finding: GuestFinding = { id: u.id, userPrincipalName: u.userPrincipalName, displayName: u.displayName, reasons };
  if (u.externalUserState === "PendingAcceptance") {
    const since = u.externalUserStateChangeDateTime ?? u.createdDateTime;
    const sinceMs = parseDate(since);
    if (sinceMs !== null && now - sinceMs > PENDING_INVITE_DAYS * DAY_MS && since) {
      reasons.push("pendingAcceptance");
      finding.pendingSince = since;
    }
  }
  if (withSignInActivity) {
    const lastRaw = u.signInActivity?.lastSuccessfulSignInDateTime ?? null;
    const last = parseDate(lastRaw);
    const created = parseDate(u.createdDateTime);
    if (last !== null) {
      if (now - last > STALE_GUEST_DAYS * DAY_MS) reasons.push("noRecentSignIn");
    } else if (created !== null && now - created > STALE_GUEST_DAYS * DAY_MS) {
      reasons.push("neverSignedIn");
    }
    if (reasons.includes("noRecentSignIn") || reasons.includes("neverSignedIn")) {
      finding.lastSuccessfulSignInDateTime = lastRaw;
      finding.createdDateTime = u.createdDateTime;
    }
  }
  return reasons.length > 0 ? finding : null;
}

export const X10 = defineCheck({
  id: "X10",
  title: "Stale or never-redeemed guest accounts",
  scanType: "exposure",
  category: "External identities",
  severity: "medium",
  frameworks: ["CIS 5.3.2 intent"],
  sources: ["guestUsers"],
  objects: GUEST_OBJECTS,
  remediation:
    "In the Entra admin center → Users, filter User type = Guest: delete (or resend) invitations pending for more than 30 days and block or remove guests with no sign-in in 90 days; then automate this with a recurring guest access review (ID Governance → Access reviews) that removes inactive guests.",
  evaluate({ guestUsers }, { now }) {
    const nowMs = now.getTime();
    const { users, withSignInActivity } = guestUsers;
    const flagged = users.map((u) => assessGuest(u, nowMs, withSignInActivity)).filter((f): f is GuestFinding => f !== null);
    const pending = flagged.filter((f) => f.reasons.includes("pendingAcceptance")).length;
    const inactive = flagged.filter((f) => f.reasons.includes("noRecentSignIn") || f.reasons.includes("neverSignedIn")).length;
    const evidence = {
      guestCount: users.length,
      withSignInActivity,
      pendingOver30Days: pending,
      noSignInOver90Days: withSignInActivity ? inactive : null,
      flagged: capList(flagged),
    };
    const scope = withSignInActivity
      ? ""
      : " (sign-in activity needs Entra ID P1, so only pending invitations were checked)";
    if (flagged.length === 0) {
      const what = withSignInActivity
        ? `None of the ${plural(users.length, "guest")} has an invitation pending over ${PENDING_INVITE_DAYS} days or no sign-in in ${STALE_GUEST_DAYS} days`
        : `None of the ${plural(users.length, "guest")} has an invitation pending over ${PENDING_INVITE_DAYS} days`;
      return { status: "pass", message: `${what}${scope}.`, evidence };
    }
    const parts = [`${pending} pending over ${PENDING_INVITE_DAYS} days`];
    if (withSignInActivity) parts.push(`${inactive} without a sign-in in ${STALE_GUEST_DAYS} days`);
    return {
      status: "fail",
      message: `${flagged.length} of ${plural(users.length, "guest")} are stale or never redeemed (${parts.join(", ")}): ${listForMessage(
        flagged.map((f) => f.userPrincipalName),
        3,
      )}${scope}.`,
      evidence,
    };
  },
});

// ---------------------------------------------------------------------------------------------------------
// Applications (X15, X16, X22)
// ---------------------------------------------------------------------------------------------------------

type CredentialView = {
  appDisplayName: string | null;
  appId: string;
  keyId: string;
  type: "secret" | "certificate";
  startDateTime: string | null;
  endDateTime: string | null;
};

function credentialsOf(app: Application): CredentialView[] {
  const common = { appDisplayName: app.displayName, appId: app.appId };
  return [
    ...app.passwordCredentials.map((c) => ({ ...common, keyId: c.keyId, type: "secret" as const, startDateTime: c.startDateTime, endDateTime: c.endDateTime })),
    ...app.keyCredentials.map((c) => ({ ...common, keyId: c.keyId, type: "certificate" as const, startDateTime: c.startDateTime, endDateTime: c.endDateTime })),
  ];
}

function appNames(items: readonly { appDisplayName: string | null; appId: string }[]): string[] {
  return [...new Set(items.map((i) => i.appDisplayName ?? i.appId))];
}

export const EXPIRY_WARNING_DAYS = 30;

export const X15 = defineCheck({
  id: "X15",
  title: "Application credentials expired or expiring within 30 days",
  scanType: "exposure",
  category: "Applications",
  severity: "low",
  frameworks: ["Entra recommendation applicationCredentialExpiry"],
  sources: ["applications"],
  objects: APPLICATION_OBJECTS,
  remediation:
    "In the Entra admin center → App registrations → the app → Certificates & secrets, add a replacement credential (prefer a certificate or federated credential), switch the workload to it, then delete the expiring one; delete expired credentials that are left over (Graph: addPassword/addKey, then removePassword/removeKey).",
  evaluate({ applications }, { now }) {
    const nowMs = now.getTime();
    const horizon = nowMs + EXPIRY_WARNING_DAYS * DAY_MS;
    const findings = applications.flatMap((app) =>
      credentialsOf(app).flatMap((c) => {
        const end = parseDate(c.endDateTime);
        if (end === null || end >= horizon) return [];
        const state = end <= nowMs ? ("expired" as const) : ("expiring" as const);
        return [{ appDisplayName: c.appDisplayName, appId: c.appId, keyId: c.keyId, type: c.type, endDateTime: c.endDateTime, state, daysLeft: daysBetween(nowMs, end) }];
      }),
    );
    const expired = findings.filter((f) => f.state === "expired").length;
    const expiring = findings.length - expired;
    const evidence = { applicationCount: applications.length, expired, expiring, credentials: capList(findings) };
    if (findings.length === 0) {
      return { status: "pass", message: `No credential on the ${plural(applications.length, "app registration")} is expired or expires within ${EXPIRY_WARNING_DAYS} days.`, evidence };
    }
    const apps = appNames(findings);
    const counts = [expired > 0 ? `${expired} expired` : "", expiring > 0 ? `${expiring} expiring within ${EXPIRY_WARNING_DAYS} days` : ""]
      .filter(Boolean)
      .join(", ");
    return {
      status: "fail",
      message: `${plural(apps.length, "app")} ${apps.length === 1 ? "has" : "have"} credentials to rotate or remove (${counts}): ${listForMessage(apps, 3)}.`,
      evidence,
    };
  },
});

export const MAX_SECRET_LIFETIME_DAYS = 180;
/** Issuance skew tolerated on top of the limits (certificates are often issued a few minutes back-dated). */
const LIFETIME_GRACE_MS = DAY_MS;

/** End of the allowed lifetime: 180 days for secrets, one calendar year for certificates (leap years included). */
function lifetimeLimit(type: CredentialView["type"], start: number): number {
  if (type === "secret") return start + MAX_SECRET_LIFETIME_DAYS * DAY_MS + LIFETIME_GRACE_MS;
  const d = new Date(start);
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.getTime() + LIFETIME_GRACE_MS;
}

export const X16 = defineCheck({
  id: "X16",
  title: "Long-lived application credentials",
  scanType: "exposure",
  category: "Applications",
  severity: "high",
  frameworks: ["MS.AAD.5.6v1 intent", "MS.AAD.5.7v1 intent"],
  sources: ["applications"],
  objects: APPLICATION_OBJECTS,
  remediation:
    "Replace each listed credential: client secrets with ones valid 180 days or less (better, a certificate or workload identity federation) and certificates with ones valid one year or less, then remove the old credential under App registrations → Certificates & secrets; enforce the limits with an app management policy (Graph: /policies/defaultAppManagementPolicy).",
  evaluate({ applications }, { now }) {
    const nowMs = now.getTime();
    // Only credentials still valid are "in use"; expired ones are X15's leftovers.
    const findings = applications.flatMap((app) =>
      credentialsOf(app).flatMap((c) => {
        const start = parseDate(c.startDateTime);
        const end = parseDate(c.endDateTime);
        if (start === null || end === null || end <= nowMs || end <= lifetimeLimit(c.type, start)) return [];
        return [{ ...c, lifetimeDays: daysBetween(start, end) }];
      }),
    );
    const secrets = findings.filter((f) => f.type === "secret").length;
    const certificates = findings.length - secrets;
    const evidence = { applicationCount: applications.length, secrets, certificates, credentials: capList(findings) };
    if (findings.length === 0) {
      return { status: "pass", message: `No valid app secret lasts over ${MAX_SECRET_LIFETIME_DAYS} days and no certificate over one year.`, evidence };
    }
    const parts = [
      secrets > 0 ? `${plural(secrets, "secret")} over ${MAX_SECRET_LIFETIME_DAYS} days` : "",
      certificates > 0 ? `${plural(certificates, "certificate")} over one year` : "",
    ].filter(Boolean);
    const apps = appNames(findings);
    return {
      status: "fail",
      message: `${plural(apps.length, "app")} ${apps.length === 1 ? "uses" : "use"} long-lived credentials (${parts.join(", ")}): ${listForMessage(apps, 3)}.`,
      evidence,
    };
  },
});

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1"]);

/** Why a redirect URI is insecure, or null when it is fine. */
export function redirectUriProblem(uri: string): string | null {
  if (uri.includes("*")) return "wildcard";
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return "unparsable";
  }
  if (url.protocol === "http:" && !LOOPBACK_HOSTS.has(url.hostname.toLowerCase())) return "plain http to a non-loopback host";
  return null;
}

export const X22 = defineCheck({
  id: "X22",
  title: "Insecure application redirect URIs",
  scanType: "exposure",
  category: "Applications",
  severity: "medium",
  frameworks: ["RFC 9700 §2.1", "RFC 9700 §4.1"],
  sources: ["applications"],
  objects: APPLICATION_OBJECTS,
  remediation:
    "In the Entra admin center → App registrations → the app → Authentication, delete wildcard redirect URIs and change http:// URIs to https:// (plain http is acceptable only for http://localhost or http://127.0.0.1 during development); remove URIs the app no longer uses.",
  evaluate({ applications }) {
    const platforms = ["web", "spa", "publicClient"] as const;
    const findings = applications.flatMap((app) =>
      platforms.flatMap((platform) =>
        (app[platform]?.redirectUris ?? []).flatMap((uri) => {
          const reason = redirectUriProblem(uri);
          return reason === null ? [] : [{ appDisplayName: app.displayName, appId: app.appId, platform, uri, reason }];
        }),
      ),
    );
    const evidence = { applicationCount: applications.length, insecureCount: findings.length, redirectUris: capList(findings) };
    if (findings.length === 0) {
      return { status: "pass", message: `No redirect URI on the ${plural(applications.length, "app registration")} uses a wildcard or plain http to a remote host.`, evidence };
    }
    const apps = appNames(findings);
    return {
      status: "fail",
      message: `${plural(findings.length, "redirect URI")} on ${plural(apps.length, "app")} ${findings.length === 1 ? "is" : "are"} insecure (wildcard, unparsable or plain http): ${listForMessage(apps, 3)}.`,
      evidence,
    };
  },
});

export const EXPOSURE_CHECKS = [X01, X02, X04, X05, X06, X07, X10, X15, X16, X22] as const;
