/** Well-known Entra identifiers (role templates, licences, built-in objects), as Microsoft publishes them. */

export const ROLE = {
  globalAdministrator: "62e90394-69f5-4237-9190-012177145e10",
  privilegedRoleAdministrator: "e8611ab8-c189-46e8-94e1-60213ab1f814",
  userAdministrator: "fe930be7-5e62-47db-91af-98c3a49a38b1",
  sharePointAdministrator: "f28a1f50-f6e7-4571-818b-6a12f2af6b6c",
  exchangeAdministrator: "29232cdf-9323-42fd-ade2-1d097af3e4de",
  hybridIdentityAdministrator: "8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2",
  applicationAdministrator: "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
  cloudApplicationAdministrator: "158c047a-c907-4556-b7ef-446551a6b5f7",
  securityAdministrator: "194ae4cb-b126-40b2-bd5b-6091b380977d",
  globalReader: "f2ef992c-3afb-46b9-b7cf-a126ee74c451",
  helpdeskAdministrator: "729827e3-9c14-49f7-bb1b-9608f156bbb8",
} as const;

export const ROLE_DISPLAY_NAMES: Record<string, string> = {
  [ROLE.globalAdministrator]: "Global Administrator",
  [ROLE.privilegedRoleAdministrator]: "Privileged Role Administrator",
  [ROLE.userAdministrator]: "User Administrator",
  [ROLE.sharePointAdministrator]: "SharePoint Administrator",
  [ROLE.exchangeAdministrator]: "Exchange Administrator",
  [ROLE.hybridIdentityAdministrator]: "Hybrid Identity Administrator",
  [ROLE.applicationAdministrator]: "Application Administrator",
  [ROLE.cloudApplicationAdministrator]: "Cloud Application Administrator",
  [ROLE.securityAdministrator]: "Security Administrator",
  [ROLE.globalReader]: "Global Reader",
  [ROLE.helpdeskAdministrator]: "Helpdesk Administrator",
};

/** ScubaGear's default set of highly privileged roles (PRIV in the check catalog). */
export const PRIVILEGED_ROLES: string[] = [
  ROLE.globalAdministrator,
  ROLE.privilegedRoleAdministrator,
  ROLE.userAdministrator,
  ROLE.sharePointAdministrator,
  ROLE.exchangeAdministrator,
  ROLE.hybridIdentityAdministrator,
  ROLE.applicationAdministrator,
  ROLE.cloudApplicationAdministrator,
];

/** authorizationPolicy.guestUserRoleId values. */
export const GUEST_ROLE = {
  sameAsMembers: "a0b1b346-4d3e-4e8b-98f8-753987be4970",
  guestUser: "10dae51f-b6af-4016-8d66-8c2a99b929b3",
  restrictedGuestUser: "2af84b1e-32c8-42b7-82bc-daa82404023b",
} as const;

export const MICROSOFT_TENANT_ID = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";
export const MICROSOFT_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

/** Built-in authentication strength policies, with the method combinations each allows. */
export const AUTH_STRENGTH = {
  mfa: {
    id: "00000000-0000-0000-0000-000000000002",
    displayName: "Multifactor authentication",
    allowedCombinations: [
      "windowsHelloForBusiness",
      "fido2",
      "x509CertificateMultiFactor",
      "deviceBasedPush",
      "temporaryAccessPassOneTime",
      "temporaryAccessPassMultiUse",
      "password,microsoftAuthenticatorPush",
      "password,softwareOath",
      "password,hardwareOath",
      "password,sms",
      "password,voice",
      "federatedMultiFactor",
    ],
  },
  passwordless: {
    id: "00000000-0000-0000-0000-000000000003",
    displayName: "Passwordless MFA",
    allowedCombinations: ["windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor", "deviceBasedPush"],
  },
  phishingResistant: {
    id: "00000000-0000-0000-0000-000000000004",
    displayName: "Phishing-resistant MFA",
    allowedCombinations: ["windowsHelloForBusiness", "fido2", "x509CertificateMultiFactor"],
  },
} as const;

export const SERVICE_PLAN = {
  AAD_PREMIUM: "41781fb2-bc02-4b7c-bd55-b576c07bb09d",
  AAD_PREMIUM_P2: "eec0eb4f-6444-4f95-aba0-50c24d67f998",
  INTUNE_A: "c1ec4a95-1f05-45b3-a911-aa3fa01094f5",
  MFA_PREMIUM: "8a256a2b-b617-496d-b51b-e76466e88db0",
  EXCHANGE_S_ENTERPRISE: "efb87545-963c-4e0d-99df-69c6916d9eb0",
  EXCHANGE_S_STANDARD: "9aaf7827-d63c-4b61-89c3-182f06f82e5c",
  SHAREPOINTENTERPRISE: "5dbe027f-2339-4123-9542-606e4d348a72",
  SHAREPOINTSTANDARD: "c7699d2e-19aa-44de-8edf-1736da088ca1",
  TEAMS1: "57ff2da0-773e-42df-b2af-ffb7a2317929",
  FLOW_P2_VIRAL: "50e68c76-46c6-4674-81f9-75456511b170",
} as const;

export type ServicePlanName = keyof typeof SERVICE_PLAN;

export const SKU: Record<string, { skuId: string; plans: ServicePlanName[] }> = {
  // Microsoft 365 E5: Entra ID P1 + P2 and Intune.
  SPE_E5: {
    skuId: "06ebc4ee-1bb5-47dd-8120-11324bc54e06",
    plans: ["AAD_PREMIUM", "AAD_PREMIUM_P2", "INTUNE_A", "MFA_PREMIUM", "EXCHANGE_S_ENTERPRISE", "SHAREPOINTENTERPRISE", "TEAMS1"],
  },
  // Microsoft 365 Business Premium: Entra ID P1 and Intune, no P2.
  SPB: {
    skuId: "cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46",
    plans: ["AAD_PREMIUM", "INTUNE_A", "MFA_PREMIUM", "EXCHANGE_S_STANDARD", "SHAREPOINTSTANDARD", "TEAMS1"],
  },
  // Microsoft 365 Business Basic: no Entra ID premium plan.
  O365_BUSINESS_ESSENTIALS: {
    skuId: "3b555118-da6a-4418-894f-7df1e2096870",
    plans: ["EXCHANGE_S_STANDARD", "SHAREPOINTSTANDARD", "TEAMS1"],
  },
  FLOW_FREE: { skuId: "f30db892-07e9-47e9-837c-80727f46fd3d", plans: ["FLOW_P2_VIRAL"] },
  // Microsoft Entra ID P2 standalone (an add-on to Business Premium).
  AAD_PREMIUM_P2: { skuId: "84a661c4-e949-4bd2-a560-ed7766fcaf2b", plans: ["AAD_PREMIUM", "AAD_PREMIUM_P2"] },
};

/** Application permissions a consented scanner app holds; they go into the token's roles claim. */
export const GRANTED_APP_ROLES = [
  "Policy.Read.All",
  "Directory.Read.All",
  "RoleManagement.Read.Directory",
  "AuditLog.Read.All",
  "User.Read.All",
  "Group.Read.All",
  "GroupMember.Read.All",
  "RoleManagementPolicy.Read.Directory",
  "AccessReview.Read.All",
  "Application.Read.All",
  "Domain.Read.All",
  "Organization.Read.All",
  "OnPremDirectorySynchronization.Read.All",
  "SharePointTenantSettings.Read.All",
  "IdentityRiskyUser.Read.All",
  "OrgSettings-AppsAndServices.Read.All",
  "OrgSettings-Forms.Read.All",
  "TeamworkAppSettings.Read.All",
];

/** Methods that make a user MFA-capable, and the phishing-resistant subset, as userRegistrationDetails reports them. */
export const MFA_METHODS = new Set([
  "microsoftAuthenticatorPush",
  "softwareOneTimePasscode",
  "hardwareOneTimePasscode",
  "mobilePhone",
  "alternateMobilePhone",
  "officePhone",
  "fido2",
  "windowsHelloForBusiness",
  "passKeyDeviceBound",
  "passKeyDeviceBoundAuthenticator",
  "microsoftAuthenticatorPasswordless",
  "temporaryAccessPass",
]);
export const PASSWORDLESS_METHODS = new Set([
  "fido2",
  "windowsHelloForBusiness",
  "passKeyDeviceBound",
  "passKeyDeviceBoundAuthenticator",
  "microsoftAuthenticatorPasswordless",
]);
export const SSPR_METHODS = new Set([
  "email",
  "mobilePhone",
  "alternateMobilePhone",
  "officePhone",
  "microsoftAuthenticatorPush",
  "softwareOneTimePasscode",
  "securityQuestion",
]);

/** 1024-bit RSA public keys (base64 SPKI), as published in DKIM p= tags. */
export const DKIM_KEYS = [
  "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC6u94ILOFgGhV3nEMoxwBKZk1PCRKVH7tEwJAzBI5n9kNB/U1SrSILVwDMqDUbwklJQ9WYRi2vngSAI1p6Gn8kIH+GeYwX87VjuHaI7f/rVhGBPM54ObPBV51zxh3A70UBapoGlA/a7vg+b0Q+ZMbmaNwg6NxqI33wcuuicCtOVwIDAQAB",
  "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDsda4I38y3kONetsSTPUaFwiBfiPHK5dKgCski8RNnqH+9tktrF14aWY4mlly8RaV9ADTokBFsWb7cGSchdwoScPONgCFSjrP3c/yQXkw4jBttVL96czbWiSPvcHxePESmuqMMyn2cBYOf5P1iNB4hJb3DgFmeAgOHyFpTTmYFwQIDAQAB",
  "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDFnBCaWjZgs40djDGjwERiE+khyGKP/spL4hWMU3Yo6EmIAa60mSM8JpO64wQ37BXg3ePNLinnHATv/yamL8wLbUJb3xAQOIfnJaeMdFOtblO6WZ3b1OQyIIDLYtrN7+rGqFVfXOtYxIBRJT8o6bLVqTXprcGkmKmHkHj6MJU2HQIDAQAB",
] as const;
