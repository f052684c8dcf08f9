import { X509Certificate } from "node:crypto";
import { capList, DAY_MS, daysBetween, defineCheck, listForMessage, plural } from "@/lib/scans/checks/helpers";
import type { CheckObjects } from "@/lib/scans/checks/types";

/*
 * X28: the token-signing certificate of each federated domain. Federation is the hybrid sign-in path (AD FS or another
 * IdP in front of Entra ID), administered with sync and password policy by the Hybrid Identity Administrator, so it sits
 * in this category. An expired certificate stops every federated sign-in; a stolen or forgotten one is what Golden SAML
 * abuses, and acceptIfMfaDoneByFederatedIdp lets that IdP's own MFA claim satisfy Entra's MFA requirements.
 */

export const CERTIFICATE_WARNING_DAYS = 30;

/** X28: an exception may cover one federated domain. */
export const FEDERATED_DOMAIN_OBJECTS: CheckObjects = {
  kind: "domain",
  exclude: (data, ids) => ({ ...data, domainFederations: data.domainFederations!.filter((f) => !ids.has(f.domain.toLowerCase())) }),
};

export type CertificateFacts = { notAfter: string; subject: string; thumbprint: string };

/** Validity end, subject and SHA-1 thumbprint of a base64 DER (or PEM body) X.509 certificate; null when unreadable. */
export function readCertificate(base64: string | null): CertificateFacts | null {
  if (!base64) return null;
  try {
    const cert = new X509Certificate(Buffer.from(base64.replace(/-----[^-]+-----|\s/g, ""), "base64"));
    return { notAfter: new Date(cert.validTo).toISOString(), subject: cert.subject.replace(/\n/g, ", "), thumbprint: cert.fingerprint.replace(/:/g, "") };
  } catch {
    return null;
  }
}

export const X28 = defineCheck({
  id: "X28",
  title: "Federated domain signing certificate expiring",
  scanType: "exposure",
  category: "Passwords and hybrid identity",
  severity: "medium",
  frameworks: ["RFC 5280 §4.1.2.5"],
  sources: ["domainFederations"],
  objects: FEDERATED_DOMAIN_OBJECTS,
  remediation:
    "Renew the token-signing certificate on the federation server (AD FS: Update-AdfsCertificate -CertificateType Token-Signing, or let AutoCertificateRollover do it), then update Entra ID with the new public certificate (Graph: PATCH /domains/{id}/federationConfiguration/{id} signingCertificate, or Update-EntraDomainFederationSettings). Better still, move the domain to managed authentication (password hash sync or pass-through) in the Entra admin center → Hybrid management → Microsoft Entra Connect → Staged rollout. Set federatedIdpMfaBehavior to rejectMfaByFederatedIdp so Entra performs MFA itself.",
  evaluate({ domainFederations }, { now }) {
    if (domainFederations.length === 0) {
      return { status: "skip", skipReason: "not_applicable", message: "No verified domain is federated: sign-in does not depend on a federation signing certificate.", evidence: { federatedDomainCount: 0 } };
    }
    const nowMs = now.getTime();
    const horizon = nowMs + CERTIFICATE_WARNING_DAYS * DAY_MS;
    const judged = domainFederations.map(({ domain, federation }) => {
      const cert = readCertificate(federation?.signingCertificate ?? null);
      const next = readCertificate(federation?.nextSigningCertificate ?? null);
      const end = cert ? Date.parse(cert.notAfter) : null;
      const state = !federation ? "no configuration" : !cert ? "unreadable" : end! <= nowMs ? "expired" : end! < horizon ? "expiring" : "valid";
      return {
        domain,
        issuerUri: federation?.issuerUri ?? null,
        federatedIdpMfaBehavior: federation?.federatedIdpMfaBehavior ?? null,
        state,
        notAfter: cert?.notAfter ?? null,
        daysLeft: end === null ? null : daysBetween(nowMs, end),
        subject: cert?.subject ?? null,
        thumbprint: cert?.thumbprint ?? null,
        nextSigningCertificateNotAfter: next?.notAfter ?? null,
        outcome: state === "expired" || state === "expiring" || state === "unreadable" ? ("fail" as const) : ("pass" as const),
      };
    });
    const failing = judged.filter((d) => d.outcome === "fail");
    const trustsIdpMfa = judged.filter((d) => d.federatedIdpMfaBehavior === "acceptIfMfaDoneByFederatedIdp").map((d) => d.domain);
    const evidence = {
      federatedDomainCount: judged.length,
      failingCount: failing.length,
      acceptsFederatedIdpMfa: capList(trustsIdpMfa),
      domains: capList(judged),
      domainsCut: Math.max(0, judged.length - capList(judged).length),
    };
    const mfaNote = trustsIdpMfa.length > 0 ? ` ${listForMessage(trustsIdpMfa, 3)} ${trustsIdpMfa.length === 1 ? "accepts" : "accept"} the federated IdP's own MFA claim (acceptIfMfaDoneByFederatedIdp).` : "";
    if (failing.length === 0) {
      return { status: "pass", message: `The signing certificates of the ${plural(judged.length, "federated domain")} are valid for more than ${CERTIFICATE_WARNING_DAYS} days.${mfaNote}`, evidence };
    }
    const named = failing.map((d) =>
      d.state === "unreadable" ? `${d.domain} (certificate unreadable)` : d.state === "expired" ? `${d.domain} (expired ${d.notAfter!.slice(0, 10)})` : `${d.domain} (expires ${d.notAfter!.slice(0, 10)}, in ${plural(d.daysLeft!, "day")})`,
    );
    return { status: "fail", message: `Federation signing certificates need renewing: ${listForMessage(named, 3)}.${mfaNote}`, evidence };
  },
});
