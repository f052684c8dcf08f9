import type { Application } from "@/lib/microsoft/graph-types";
import { APPLICATION_OBJECTS, DAY_MS, capList, daysBetween, defineCheck, listForMessage, parseDate, plural } from "@/lib/scans/checks/helpers";

/* Application credentials and redirect URIs (X15, X16, X22). */

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
