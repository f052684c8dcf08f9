import { generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import type { GroupSetting, InternalDomainFederation, OnPremisesDirectorySynchronization } from "@/lib/microsoft/graph-types";
import type { TenantData } from "./model";
import { daysFrom, stableGuid } from "./random";

/**
 * Password protection settings, directory synchronisation and domain federation, stored and served in Graph's shapes:
 * GET /groupSettings, GET /directory/onPremisesSynchronization and GET /domains/{id}/federationConfiguration.
 */

export const PASSWORD_RULE_TEMPLATE_ID = "5cf42378-d67d-4f36-ba46-e8b86229381d";

/** groupSetting from the "Password Rule Settings" template; `values` override the template defaults. */
export function passwordRuleSettings(tenantKey: string, values: Partial<Record<PasswordRuleName, string>>): GroupSetting {
  const defaults: Record<PasswordRuleName, string> = {
    BannedPasswordCheckOnPremisesMode: "Audit",
    EnableBannedPasswordCheckOnPremises: "True",
    EnableBannedPasswordCheck: "True",
    LockoutDurationInSeconds: "60",
    LockoutThreshold: "10",
    BannedPasswordList: "",
  };
  const merged = { ...defaults, ...values };
  return {
    id: stableGuid(`${tenantKey}/groupSetting/password-rule-settings`),
    displayName: "Password Rule Settings",
    templateId: PASSWORD_RULE_TEMPLATE_ID,
    values: (Object.keys(defaults) as PasswordRuleName[]).map((name) => ({ name, value: merged[name] })),
  };
}

type PasswordRuleName =
  | "BannedPasswordCheckOnPremisesMode"
  | "EnableBannedPasswordCheckOnPremises"
  | "EnableBannedPasswordCheck"
  | "LockoutDurationInSeconds"
  | "LockoutThreshold"
  | "BannedPasswordList";

export type OnPremisesSynchronizationResource = OnPremisesDirectorySynchronization & {
  configuration: {
    accidentalDeletionPrevention: { synchronizationPreventionType: "disabled" | "enabledForCount" | "enabledForPercentage"; alertThreshold: number };
    synchronizationInterval: string;
    customerRequestedSynchronizationInterval: string | null;
  };
};

const SYNC_FEATURES_OFF = {
  blockCloudObjectTakeoverThroughHardMatchEnabled: false,
  blockSoftMatchEnabled: false,
  bypassDirSyncOverridesEnabled: false,
  cloudPasswordPolicyForPasswordSyncedUsersEnabled: false,
  concurrentCredentialUpdateEnabled: false,
  concurrentOrgIdProvisioningEnabled: false,
  deviceWritebackEnabled: false,
  directoryExtensionsEnabled: false,
  fopeConflictResolutionEnabled: false,
  groupWriteBackEnabled: false,
  passwordSyncEnabled: false,
  passwordWritebackEnabled: false,
  quarantineUponProxyAddressesConflictEnabled: true,
  quarantineUponUpnConflictEnabled: true,
  softMatchOnUpnEnabled: true,
  synchronizeUpnForManagedUsersEnabled: true,
  unifiedGroupWritebackEnabled: false,
  userForcePasswordChangeOnLogonEnabled: false,
  userWritebackEnabled: false,
};

/** The tenant's onPremisesDirectorySynchronization object (every tenant has one; a cloud-only one has features off). */
export function onPremisesSynchronization(tenantId: string, features: Partial<typeof SYNC_FEATURES_OFF> = {}): OnPremisesSynchronizationResource {
  return {
    id: tenantId,
    configuration: {
      accidentalDeletionPrevention: { synchronizationPreventionType: "enabledForCount", alertThreshold: 500 },
      synchronizationInterval: "PT30M",
      customerRequestedSynchronizationInterval: null,
    },
    features: { ...SYNC_FEATURES_OFF, ...features },
  };
}

export type InternalDomainFederationResource = InternalDomainFederation & {
  metadataExchangeUri: string | null;
  passiveSignInUri: string | null;
  preferredAuthenticationProtocol: "wsFed" | "saml";
  activeSignInUri: string | null;
  signOutUri: string | null;
  promptLoginBehavior: "translateToFreshPasswordAuthentication" | "nativeSupport" | "disabled" | null;
  isSignedAuthenticationRequestRequired: boolean | null;
  signingCertificateUpdateStatus: { certificateUpdateResult: string | null; lastRunDateTime: string | null } | null;
};

/** An AD FS federation of `domain` whose token-signing certificate was issued `issuedDaysAgo` and ends `expiresInDays` from now. */
export function adfsFederation(
  domain: string,
  stsHost: string,
  now: number,
  options: { issuedDaysAgo: number; expiresInDays: number; mfaBehavior: InternalDomainFederation["federatedIdpMfaBehavior"] },
): InternalDomainFederationResource {
  const signingCertificate = selfSignedCertificate(`ADFS Signing - ${stsHost}`, now - options.issuedDaysAgo * 86_400_000, now + options.expiresInDays * 86_400_000);
  return {
    id: stableGuid(`federation/${domain}`),
    displayName: `${domain} AD FS`,
    issuerUri: `http://${stsHost}/adfs/services/trust`,
    metadataExchangeUri: `https://${stsHost}/adfs/services/trust/mex`,
    signingCertificate,
    nextSigningCertificate: null,
    passiveSignInUri: `https://${stsHost}/adfs/ls/`,
    preferredAuthenticationProtocol: "wsFed",
    activeSignInUri: `https://${stsHost}/adfs/services/trust/2005/usernamemixed`,
    signOutUri: `https://${stsHost}/adfs/ls/?wa=wsignout1.0`,
    promptLoginBehavior: "nativeSupport",
    isSignedAuthenticationRequestRequired: null,
    signingCertificateUpdateStatus: { certificateUpdateResult: "Success", lastRunDateTime: daysFrom(now, -1) },
    federatedIdpMfaBehavior: options.mfaBehavior,
  };
}

/** Served for a tenant whose data does not set it: a cloud-only directory. */
export function synchronizationOf(data: TenantData): OnPremisesSynchronizationResource {
  return data.onPremisesSynchronization ?? onPremisesSynchronization(data.tenantId);
}

// ---- X.509: real DER certificates (RSA 2048, sha256WithRSAEncryption), so the scanner parses what AD FS would publish ----

let signingKey: { publicKey: KeyObject; privateKey: KeyObject } | null = null;

function der(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length = n < 0x80 ? Buffer.from([n]) : (() => {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    return Buffer.from([0x80 | bytes.length, ...bytes]);
  })();
  return Buffer.concat([Buffer.from([tag]), length, content]);
}
const sequence = (...parts: Buffer[]) => der(0x30, Buffer.concat(parts));

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split(".").map(Number) as [number, number, ...number[]];
  const bytes = [40 * a + b];
  for (const arc of rest) {
    const chunk: number[] = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
}

function time(ms: number): Buffer {
  const iso = new Date(ms).toISOString().replace(/[-:T]/g, "").slice(0, 14) + "Z"; // YYYYMMDDHHMMSSZ
  const year = new Date(ms).getUTCFullYear();
  return year >= 1950 && year < 2050 ? der(0x17, Buffer.from(iso.slice(2))) : der(0x18, Buffer.from(iso));
}

const commonName = (cn: string) => sequence(der(0x31, sequence(oid("2.5.4.3"), der(0x0c, Buffer.from(cn)))));

/** A self-signed certificate valid from `notBefore` to `notAfter` (ms), as base64 DER — the format Graph's signingCertificate uses. */
export function selfSignedCertificate(subject: string, notBefore: number, notAfter: number): string {
  signingKey ??= generateKeyPairSync("rsa", { modulusLength: 2048 });
  const serial = randomBytes(16);
  // Positive and minimally encoded: a leading 0x00 byte followed by one below 0x80 is invalid DER that OpenSSL (and so
  // X509Certificate) refuses — 1 certificate in 128 was unreadable before this.
  serial[0] = ((serial[0] as number) & 0x3f) | 0x40;
  const algorithm = sequence(oid("1.2.840.113549.1.1.11"), Buffer.from([0x05, 0x00]));
  const tbs = sequence(
    der(0xa0, der(0x02, Buffer.from([2]))), // v3
    der(0x02, serial),
    algorithm,
    commonName(subject),
    sequence(time(notBefore), time(notAfter)),
    commonName(subject),
    signingKey.publicKey.export({ type: "spki", format: "der" }),
  );
  const signature = sign("sha256", tbs, signingKey.privateKey);
  return sequence(tbs, algorithm, der(0x03, Buffer.concat([Buffer.from([0]), signature]))).toString("base64");
}
