/**
 * The Microsoft Graph application permissions our Entra app requests (admin consent grants them all at once with
 * the `.default` scope). All read-only: Aether365 never changes a customer's tenant. Shown on onboarding and in the
 * README; the check catalog names, per check, which of them it needs.
 */
export const GRAPH_APPLICATION_PERMISSIONS = [
  { name: "Organization.Read.All", why: "the organization's name and verified domains (connection check)" },
  { name: "Policy.Read.All", why: "Conditional Access, authentication methods, authorization and security-defaults policies" },
  { name: "Directory.Read.All", why: "users, groups, roles and directory settings" },
  { name: "RoleManagement.Read.Directory", why: "privileged role assignments and eligibilities" },
  { name: "RoleManagementPolicy.Read.Directory", why: "PIM activation approval and alert settings of privileged roles" },
  { name: "AccessReview.Read.All", why: "access reviews of privileged roles and guests" },
  { name: "User.Read.All", why: "accounts, guests and their state" },
  { name: "Group.Read.All", why: "group membership behind policies and roles" },
  { name: "GroupMember.Read.All", why: "members of the declared break-glass groups, nested groups included" },
  { name: "Application.Read.All", why: "app registrations, service principals and their credentials" },
  { name: "Domain.Read.All", why: "the domains whose mail authentication is checked" },
  { name: "AuditLog.Read.All", why: "sign-in activity of accounts and MFA registration details" },
  { name: "IdentityRiskyUser.Read.All", why: "users Identity Protection rates at high risk" },
  { name: "OnPremDirectorySynchronization.Read.All", why: "whether password hash sync is on for a directory synchronised from on-premises AD" },
  { name: "SharePointTenantSettings.Read.All", why: "SharePoint and OneDrive sharing, legacy authentication, idle sign-out and sync settings" },
  { name: "OrgSettings-AppsAndServices.Read.All", why: "whether users may install Office Store add-ins and start trials" },
  { name: "OrgSettings-Forms.Read.All", why: "whether Microsoft Forms scans forms for phishing" },
  { name: "TeamworkAppSettings.Read.All", why: "whether users may consent to Teams apps reading their own data" },
] as const;
