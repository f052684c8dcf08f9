import type { GraphClient } from "@/lib/microsoft/graph";
import { GraphError } from "@/lib/microsoft/errors";
import type {
  AdminAppsAndServices,
  AdminForms,
  AppRole,
  AppRoleAssignment,
  DirectoryObjectOwner,
  OnPremisesPublishing,
  Application,
  AuthorizationPolicy,
  Domain,
  GraphCollection,
  GuestUser,
  InternalDomainFederation,
  OnPremisesDirectorySynchronization,
  OrganizationSync,
  SubscribedSku,
  SystemCredentialPreferences,
  UnifiedRoleAssignment,
  UnifiedRoleEligibilitySchedule,
  UnifiedRoleManagementPolicyAssignment,
} from "@/lib/microsoft/graph-types";
import { PRIV_ROLE_IDS } from "@/lib/scans/checks/helpers";
import { isTier0Permission } from "@/lib/scans/checks/applications/graph-permissions";
import { lookupEmailDns } from "@/lib/microsoft/dns";
import { getMtaStsOptions, lookupMtaSts } from "@/lib/microsoft/mta-sts";
import type { BreakGlass, Licences, SourceData, SourceId, SourceResult } from "@/lib/scans/checks/types";
import type { promises as dns } from "node:dns";

/**
 * How each data source is read. Plain Graph reads go out together in JSON batches; collections follow their
 * nextLinks; derived sources (guests' fallback, email DNS) run after what they depend on. Each source is
 * fetched once per scan, whatever number of checks declare it.
 */
const MICROSOFT_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
/** Tier-0 service principals whose owners X24 reads per scan (five $batch requests). */
export const TIER0_OWNER_READ_LIMIT = 100;
/** App Proxy applications X23 reads per scan (five β $batch requests). */
export const APP_PROXY_READ_LIMIT = 100;
const GLOBAL_ADMIN = "62e90394-69f5-4237-9190-012177145e10";
const GUEST_FIELDS = "id,displayName,userPrincipalName,mail,userType,createdDateTime,externalUserState,externalUserStateChangeDateTime";

type GraphSpec = { path: string; collection: boolean; feature?: boolean; map?: (raw: never) => unknown };

const GRAPH_SOURCES: Partial<Record<SourceId, GraphSpec>> = {
  licences: { path: "/subscribedSkus", collection: true, map: (skus: SubscribedSku[]) => licencesFrom(skus) },
  securityDefaults: { path: "/policies/identitySecurityDefaultsEnforcementPolicy", collection: false },
  conditionalAccessPolicies: { path: "/identity/conditionalAccess/policies", collection: true, feature: true },
  authMethodsPolicy: { path: "/policies/authenticationMethodsPolicy", collection: false, feature: true },
  adminRegistrationDetails: { path: "/reports/authenticationMethods/userRegistrationDetails?$filter=isAdmin eq true", collection: true, feature: true },
  globalAdminAssignments: {
    path: `/roleManagement/directory/roleAssignments?$filter=roleDefinitionId eq '${GLOBAL_ADMIN}'&$expand=principal`,
    collection: true,
  },
  authorizationPolicy: { path: "/policies/authorizationPolicy", collection: false, map: (p: AuthorizationPolicy) => p },
  memberUsers: {
    path: "/users?$filter=userType eq 'Member'&$select=id,displayName,userPrincipalName,accountEnabled,userType,onPremisesSyncEnabled,onPremisesImmutableId&$top=999",
    collection: true,
  },
  roleAssignmentSchedules: { path: "/roleManagement/directory/roleAssignmentSchedules?$expand=principal", collection: true },
  accessReviewDefinitions: { path: "/identityGovernance/accessReviews/definitions", collection: true },
  // Only what C17 reads: on a 10k-user tenant the full records would be most of the scan's memory.
  memberRegistrationDetails: {
    path: "/reports/authenticationMethods/userRegistrationDetails?$filter=userType eq 'member'&$select=id,userPrincipalName,isMfaCapable,methodsRegistered&$top=999",
    collection: true,
    feature: true,
  },
  domains: { path: "/domains", collection: true },
  // A feature endpoint: 400/404 where the cloud does not serve it (21Vianet) → not_available_in_cloud.
  authenticationStrengthPolicies: { path: "/policies/authenticationStrengthPolicies?$select=id,displayName,policyType,allowedCombinations", collection: true, feature: true },
  namedLocations: { path: "/identity/conditionalAccess/namedLocations", collection: true, feature: true },
  riskyUsers: { path: "/identityProtection/riskyUsers?$filter=riskLevel eq 'high' and riskState eq 'atRisk'", collection: true },
  adminConsentRequestPolicy: { path: "/policies/adminConsentRequestPolicy", collection: false },
  appManagementPolicy: { path: "/policies/defaultAppManagementPolicy", collection: false },
  authenticationFlowsPolicy: { path: "/policies/authenticationFlowsPolicy", collection: false },
  crossTenantAccessDefault: { path: "/policies/crossTenantAccessPolicy/default?$select=id,isServiceDefault,b2bCollaborationInbound,b2bDirectConnectInbound", collection: false },
  sharepointSettings: { path: "/admin/sharepoint/settings", collection: false, feature: true },
  // InvalidCloudInstance (GCC High, DoD) and 400/404 → not_available_in_cloud.
  teamsAppSettings: { path: "/teamwork/teamsAppSettings", collection: false, feature: true },
  guestUsers: {
    path: `/users?$filter=userType eq 'Guest'&$select=${GUEST_FIELDS},signInActivity&$top=999`,
    collection: true,
    map: (users: GuestUser[]) => ({ users, withSignInActivity: true }),
  },
  applications: {
    path: "/applications?$select=id,appId,displayName,passwordCredentials,keyCredentials,web,spa,publicClient&$top=999",
    collection: true,
    map: (apps: Application[]) => apps,
  },
  organizationSync: {
    path: "/organization?$select=id,onPremisesSyncEnabled,onPremisesLastSyncDateTime",
    collection: true,
    map: (orgs: OrganizationSync[]) => orgs[0] ?? { id: "", onPremisesSyncEnabled: null, onPremisesLastSyncDateTime: null },
  },
  groupSettings: { path: "/groupSettings", collection: true },
  directorySynchronization: {
    path: "/directory/onPremisesSynchronization",
    collection: true,
    map: (objects: OnPremisesDirectorySynchronization[]) => objects[0] ?? null,
  },
  // Standard (not advanced) filters on groupTypes; only the properties the checks read, in pages of 999.
  unifiedGroups: { path: "/groups?$filter=groupTypes/any(g:g eq 'Unified')&$select=id,displayName,visibility&$top=999", collection: true },
  dynamicGroups: {
    path: "/groups?$filter=groupTypes/any(g:g eq 'DynamicMembership')&$select=id,displayName,membershipRule,membershipRuleProcessingState&$top=999",
    collection: true,
  },
  servicePrincipals: {
    path: "/servicePrincipals?$select=id,appId,displayName,appOwnerOrganizationId,verifiedPublisher,passwordCredentials,preferredSingleSignOnMode,tags&$top=999",
    collection: true,
  },
  delegatedGrants: { path: "/oauth2PermissionGrants", collection: true },
};

/** Service plans that grant the licence gates (provisioningStatus Success only). */
export function licencesFrom(skus: SubscribedSku[]): Licences {
  const plans = new Set(
    skus
      .filter((s) => s.capabilityStatus === "Enabled" || s.capabilityStatus === "Warning")
      .flatMap((s) => s.servicePlans.filter((p) => p.provisioningStatus === "Success").map((p) => p.servicePlanName)),
  );
  return {
    p1: plans.has("AAD_PREMIUM") || plans.has("AAD_PREMIUM_P2"),
    p2: plans.has("AAD_PREMIUM_P2"),
    intune: plans.has("INTUNE_A"),
    skuPartNumbers: skus.map((s) => s.skuPartNumber).sort(),
  };
}

export type SourceResults = { [K in SourceId]?: SourceResult<K> };

/** The tenant's declaration (GET|PUT /tenants/{id}/break-glass), lowercased object ids. */
export type DeclaredBreakGlass = { userIds: readonly string[]; groupIds: readonly string[] };

type DirectoryObject = { "@odata.type"?: string; id: string; displayName?: string | null; userPrincipalName?: string | null };

const ACCOUNT_FIELDS = "id,displayName,userPrincipalName";

/**
 * The declared break-glass accounts, with each declared group expanded to its member users through
 * /groups/{id}/transitiveMembers (nested groups included). A declared group that no longer exists is reported, not
 * fatal: it simply contributes no accounts.
 */
export async function expandBreakGlass(client: GraphClient, declared: DeclaredBreakGlass): Promise<BreakGlass> {
  const memberUserIds = new Set<string>();
  const membersByGroup: Record<string, string[]> = {};
  const missingGroupIds: string[] = [];
  const missingUserIds: string[] = [];
  const names: BreakGlass["names"] = {};
  const name = (o: DirectoryObject) => void (names[o.id.toLowerCase()] = { displayName: o.displayName ?? null, userPrincipalName: o.userPrincipalName ?? null });
  const users = declared.userIds.map(async (userId) => {
    try {
      name(await client.get<DirectoryObject>(`/users/${encodeURIComponent(userId)}?$select=${ACCOUNT_FIELDS}`));
    } catch (error) {
      if (error instanceof GraphError && error.status === 404) missingUserIds.push(userId);
      else throw error;
    }
  });
  const groups = declared.groupIds.map(async (groupId) => {
    try {
      const members = await client.getAll<DirectoryObject>(`/groups/${encodeURIComponent(groupId)}/transitiveMembers?$select=${ACCOUNT_FIELDS}&$top=999`);
      const accounts = members.filter((m) => (m["@odata.type"] ?? "").toLowerCase() === "#microsoft.graph.user");
      accounts.forEach(name);
      const userIds = accounts.map((m) => m.id.toLowerCase());
      membersByGroup[groupId] = [...new Set(userIds)].sort();
      for (const id of userIds) memberUserIds.add(id);
    } catch (error) {
      if (error instanceof GraphError && error.status === 404) missingGroupIds.push(groupId);
      else throw error;
    }
  });
  await Promise.all([...users, ...groups]);
  return {
    configured: declared.userIds.length + declared.groupIds.length > 0,
    userIds: [...declared.userIds],
    groupIds: [...declared.groupIds],
    memberUserIds: [...memberUserIds].sort(),
    membersByGroup,
    missingGroupIds: missingGroupIds.sort(),
    missingUserIds: missingUserIds.sort(),
    names,
  };
}

/**
 * What a failed read means for the checks that need it: the tenant can't give it (skip with the reason), or reading
 * it failed after retries (error). An authentication failure is the whole scan's, so it propagates.
 */
function fromError<K extends SourceId>(error: unknown): SourceResult<K> {
  if (error instanceof GraphError && error.skipReason) return { ok: false, reason: error.skipReason, detail: error.message };
  if (error instanceof GraphError && error.kind !== "auth") return { ok: false, reason: "error", detail: error.message };
  throw error;
}

/**
 * Active role assignments and, when the tenant has PIM (Entra ID P2), eligibilities — both with the principal expanded.
 * Without P2 Graph refuses eligibilities (AadPremiumLicenseRequired); the checks then judge active assignments only
 * and say so, rather than skipping.
 */
export async function fetchPrivilegedRoles(client: GraphClient): Promise<SourceData["privilegedRoles"]> {
  const [assignments, eligibilities] = await Promise.all([
    client.getAll<UnifiedRoleAssignment>("/roleManagement/directory/roleAssignments?$expand=principal"),
    client.getAll<UnifiedRoleEligibilitySchedule>("/roleManagement/directory/roleEligibilitySchedules?$expand=principal").catch((error: unknown) => {
      if (error instanceof GraphError && (error.kind === "not_licensed" || error.code === "AadPremiumLicenseRequired")) return null;
      throw error;
    }),
  ]);
  return { assignments, eligibilities: eligibilities ?? [], eligibilityRead: eligibilities !== null };
}

/** At most this many privileged accounts are read one by one (X25); beyond it the evidence says how many were not. */
export const PRIVILEGED_USER_READ_LIMIT = 200;
const PRIVILEGED_USER_FIELDS = "id,displayName,userPrincipalName,accountEnabled,createdDateTime,signInActivity";

/**
 * The users holding a privileged role (active or eligible), each read by id in JSON batches after the role
 * assignments are in: sign-in activity is not among an expanded principal's properties. Bounded by
 * PRIVILEGED_USER_READ_LIMIT (a tenant with more privileged users has a bigger problem than staleness). A user
 * deleted since the assignment was read is left out.
 */
export async function fetchPrivilegedUsers(client: GraphClient, roles: SourceData["privilegedRoles"]): Promise<SourceData["privilegedUsers"]> {
  const ids = new Set<string>();
  for (const a of [...roles.assignments, ...roles.eligibilities]) {
    if (!PRIV_ROLE_IDS.includes(a.roleDefinitionId.toLowerCase())) continue;
    if (a.principal && !/\.user$/i.test(a.principal["@odata.type"] ?? "")) continue;
    ids.add(a.principalId.toLowerCase());
  }
  const wanted = [...ids].sort().slice(0, PRIVILEGED_USER_READ_LIMIT);
  const batched = await client.batch(wanted.map((id) => ({ id, path: `/users/${id}?$select=${PRIVILEGED_USER_FIELDS}` })));
  const users: SourceData["privilegedUsers"] = [];
  for (const id of wanted) {
    const item = batched.get(id)!;
    if (item.ok) users.push(item.body as SourceData["privilegedUsers"][number]);
    else if (!(item.error instanceof GraphError && item.error.status === 404)) throw item.error;
  }
  return users;
}

/** At most this many role-holding groups are expanded (a tenant rarely has more than a handful). */
const ROLE_GROUP_EXPAND_LIMIT = 20;

/**
 * The user members (transitively) of each group among the assignments' principals, by group id; one
 * transitiveMembers read per group, all at once. A group deleted since the assignment was read has no members.
 */
export async function expandRoleGroups(client: GraphClient, assignments: readonly UnifiedRoleAssignment[]): Promise<SourceData["globalAdminGroupMembers"]> {
  const groupIds = [
    ...new Set(assignments.filter((a) => /\.group$/i.test(a.principal?.["@odata.type"] ?? "")).map((a) => a.principalId.toLowerCase())),
  ].slice(0, ROLE_GROUP_EXPAND_LIMIT);
  const out: SourceData["globalAdminGroupMembers"] = {};
  await Promise.all(
    groupIds.map(async (groupId) => {
      try {
        const members = await client.getAll<DirectoryObject>(`/groups/${encodeURIComponent(groupId)}/transitiveMembers?$select=${ACCOUNT_FIELDS}&$top=999`);
        out[groupId] = members
          .filter((m) => (m["@odata.type"] ?? "").toLowerCase() === "#microsoft.graph.user")
          .map((m) => ({ id: m.id, userPrincipalName: m.userPrincipalName ?? null, displayName: m.displayName ?? null }));
      } catch (error) {
        if (error instanceof GraphError && error.status === 404) out[groupId] = [];
        else throw error;
      }
    }),
  );
  return out;
}

/** Privileged roles whose PIM policy the checks read (C22–C24). */
const PIM_POLICY_ROLES = PRIV_ROLE_IDS;

/**
 * The PIM policy of each privileged role, rules expanded: one filtered request per role, in one JSON batch. A role
 * without an assignment (Graph returns an empty collection) is left out; the checks name it.
 */
export async function fetchPimPolicies(client: GraphClient): Promise<UnifiedRoleManagementPolicyAssignment[]> {
  const path = (role: string) =>
    `/policies/roleManagementPolicyAssignments?$filter=scopeId eq '/' and scopeType eq 'DirectoryRole' and roleDefinitionId eq '${role}'&$expand=policy($expand=rules)`;
  const batched = await client.batch(PIM_POLICY_ROLES.map((role) => ({ id: role, path: path(role) })));
  const out: UnifiedRoleManagementPolicyAssignment[] = [];
  for (const role of PIM_POLICY_ROLES) {
    const item = batched.get(role)!;
    if (!item.ok) throw item.error;
    out.push(...(await client.followPages(item.body as GraphCollection<UnifiedRoleManagementPolicyAssignment>, path(role), false)));
  }
  return out;
}

/**
 * The federation configuration of each verified Federated domain: one request per federated domain, in one JSON batch
 * (tenants have a handful; the endpoint takes no query options). Managed domains need no request.
 */
export async function fetchDomainFederations(client: GraphClient, domains: Domain[]): Promise<SourceData["domainFederations"]> {
  const federated = domains.filter((d) => d.isVerified && d.authenticationType === "Federated");
  const path = (d: Domain) => `/domains/${encodeURIComponent(d.id)}/federationConfiguration`;
  const batched = await client.batch(federated.map((d) => ({ id: d.id, path: path(d) })));
  return Promise.all(
    federated.map(async (d) => {
      const item = batched.get(d.id)!;
      if (!item.ok) throw item.error;
      const configs = await client.followPages(item.body as GraphCollection<InternalDomainFederation>, path(d), false);
      return { domain: d.id, federation: configs[0] ?? null };
    }),
  );
}

/** Fetches the given sources (plus `licences`, needed for licence gates) for one scan. */
export async function fetchSources(
  client: GraphClient,
  resolver: dns.Resolver,
  wanted: readonly SourceId[],
  onSourceDone?: (id: SourceId) => void,
  declaredBreakGlass: DeclaredBreakGlass = { userIds: [], groupIds: [] },
): Promise<SourceResults> {
  const ids = new Set<SourceId>([...wanted, "licences"]);
  if (ids.has("globalAdminGroupMembers")) ids.add("globalAdminAssignments");
  if (ids.has("emailDns") || ids.has("parkedDns") || ids.has("domainFederations")) ids.add("domains");
  const results: SourceResults = {};
  let domainsRead: (result: SourceResult<"domains">) => void = () => {};
  const domainsDone = new Promise<SourceResult<"domains">>((resolve) => (domainsRead = resolve));
  const set = <K extends SourceId>(id: K, result: SourceResult<K>) => {
    (results as Record<string, unknown>)[id] = result;
    if (id === "domains") domainsRead(result as SourceResult<"domains">);
    onSourceDone?.(id);
  };

  const graphIds = [...ids].filter((id) => GRAPH_SOURCES[id]);
  /** A source read outside the v1.0 batch, alongside it rather than after it; settled before the results are judged. */
  const alongside = <K extends SourceId>(id: K, read: () => Promise<SourceData[K]>): Promise<void> => {
    if (!ids.has(id)) return Promise.resolve();
    const done = read().then(
      (data) => set(id, { ok: true, data } as SourceResult<K>),
      (error: unknown) => set(id, fromError<K>(error)),
    );
    done.catch(() => {}); // awaited below; this only keeps an early batch failure from leaving it unhandled
    return done;
  };
  if (ids.has("privilegedUsers")) ids.add("privilegedRoles");
  const roles = ids.has("privilegedRoles") ? fetchPrivilegedRoles(client) : null;
  roles?.catch(() => {}); // awaited by the sides below
  // Graph's app roles, then who holds them: two dependent reads beside the batch, shared by X17/X18 and X24's owners.
  let graphGrants: Promise<SourceData["graphAppRoleGrants"]> | null = null;
  const readGraphGrants = () => (graphGrants ??= (async () => {
      const graph = await client.get<{ id: string; appRoles: AppRole[] }>(`/servicePrincipals(appId='${MICROSOFT_GRAPH_APP_ID}')?$select=id,appRoles`);
      const assignments = await client.getAll<AppRoleAssignment>(`/servicePrincipals/${graph.id}/appRoleAssignedTo?$top=999`);
      const appRoles: Record<string, string> = {};
      for (const role of graph.appRoles) if (role.value) appRoles[role.id.toLowerCase()] = role.value;
      return { tenantId: client.tenantGuid, scannerAppId: client.appId, appRoles, assignments };
    })());
  const sides = [
    alongside("graphAppRoleGrants", readGraphGrants),
    // X24: owners of the principals holding tier-0 Graph roles, one batched read each, bounded.
    alongside("tier0AppOwners", async () => {
      const grants = await readGraphGrants();
      const ids = [...new Set(grants.assignments.filter((a) => a.principalType === "ServicePrincipal" && isTier0Permission(grants.appRoles[a.appRoleId.toLowerCase()] ?? "")).map((a) => a.principalId))].sort();
      const read = ids.slice(0, TIER0_OWNER_READ_LIMIT);
      const path = (id: string) => `/servicePrincipals/${id}/owners?$select=id,displayName,userPrincipalName`;
      const batched = await client.batch(read.map((id) => ({ id, path: path(id) })));
      const ownersBySpId: Record<string, DirectoryObjectOwner[]> = {};
      for (const id of read) {
        const item = batched.get(id)!;
        if (!item.ok) throw item.error;
        ownersBySpId[id] = await client.followPages(item.body as GraphCollection<DirectoryObjectOwner>, path(id), false);
      }
      return { ownersBySpId, notRead: ids.length - read.length };
    }),
    // X23 (β): the App Proxy apps' publishing settings, addressed by appId, batched and bounded.
    alongside("appProxyApplications", async () => {
      const tagged = await client.getAll<{ id: string; appId: string; displayName: string | null }>(
        "/servicePrincipals?$filter=tags/any(t:t eq 'WindowsAzureActiveDirectoryOnPremApp')&$select=id,appId,displayName&$top=999",
      );
      const read = tagged.slice(0, APP_PROXY_READ_LIMIT);
      const path = (appId: string) => `/applications(appId='${appId}')?$select=id,appId,displayName,onPremisesPublishing`;
      const batched = await client.withVersion("beta").batch(read.map((sp) => ({ id: sp.appId, path: path(sp.appId), feature: true })));
      const apps: SourceData["appProxyApplications"]["apps"] = [];
      for (const sp of read) {
        const item = batched.get(sp.appId)!;
        if (!item.ok) throw item.error;
        const app = item.body as { id: string; appId: string; displayName: string | null; onPremisesPublishing?: OnPremisesPublishing | null };
        apps.push({ id: app.id, appId: app.appId, displayName: app.displayName ?? sp.displayName, onPremisesPublishing: app.onPremisesPublishing ?? null });
      }
      return { apps, notRead: tagged.length - read.length };
    }),
    // Group expansion is independent of the batch.
    alongside("breakGlass", () => expandBreakGlass(client, declaredBreakGlass)),
    alongside("privilegedRoles", () => roles!),
    // Needs the role holders first: one more round trip after the role assignments.
    alongside("privilegedUsers", async () => fetchPrivilegedUsers(client, await roles!)),
    alongside("pimPolicies", () => fetchPimPolicies(client)),
    // β-only property: read through the beta endpoint, outside the v1.0 batch (a 400/404 there means not in this cloud).
    // β-only org settings, global cloud only: a 400/404 there means not in this cloud.
    alongside("appsAndServicesSettings", async () => (await client.withVersion("beta").get<AdminAppsAndServices>("/admin/appsAndServices", { feature: true })).settings),
    alongside("formsSettings", async () => (await client.withVersion("beta").get<AdminForms>("/admin/forms", { feature: true })).settings),
    alongside("systemCredentialPreferences", async () => {
      const policy = await client
        .withVersion("beta")
        .get<{ systemCredentialPreferences?: SystemCredentialPreferences | null }>("/policies/authenticationMethodsPolicy", { feature: true });
      return policy.systemCredentialPreferences ?? null;
    }),
    // Needs the domain list, so it starts as soon as /domains is in rather than after the whole batch.
    ids.has("domainFederations")
      ? domainsDone.then(async (domains) => {
          if (!domains.ok) return set("domainFederations", domains as SourceResult<"domainFederations">);
          await fetchDomainFederations(client, domains.data).then(
            (data) => set("domainFederations", { ok: true, data }),
            (error: unknown) => set("domainFederations", fromError<"domainFederations">(error)),
          );
        })
      : Promise.resolve(),
  ];
  const batched = await client.batch(graphIds.map((id) => ({ id, path: GRAPH_SOURCES[id]!.path, feature: GRAPH_SOURCES[id]!.feature })));
  await Promise.all(
    graphIds.map(async (id) => {
      const spec = GRAPH_SOURCES[id]!;
      const item = batched.get(id)!;
      try {
        if (!item.ok) throw item.error;
        const raw = spec.collection ? await client.followPages(item.body as GraphCollection<unknown>, spec.path, spec.feature ?? false) : item.body;
        set(id, { ok: true, data: (spec.map ? spec.map(raw as never) : raw) as SourceData[typeof id] });
      } catch (error) {
        if (id === "guestUsers" && error instanceof GraphError && error.kind === "not_licensed") {
          // signInActivity needs Entra ID P1; without it, read guests without it so the pending-invite half still runs.
          const users = await client.getAll<GuestUser>(`/users?$filter=userType eq 'Guest'&$select=${GUEST_FIELDS}&$top=999`).catch((e) => e);
          if (users instanceof Error) set(id, fromError(users));
          else set("guestUsers", { ok: true, data: { users, withSignInActivity: false } });
          return;
        }
        set(id, fromError(error));
      }
    }),
  );

  await Promise.all(sides);

  // Throttling or an outage that left nothing readable is the scan's failure, not twenty "error" results.
  const graphResults = graphIds.map((id) => results[id]!);
  if (graphResults.length > 0 && graphResults.every((r) => !r.ok && r.reason === "error")) {
    const first = graphIds.map((id) => batched.get(id)!).find((item) => !item.ok);
    throw first && !first.ok ? first.error : new GraphError("unavailable", 503, "NothingReadable", "No Microsoft Graph data could be read");
  }

  // Groups holding Global Administrator (role-assignable groups): their users count as Global Administrators (C19).
  if (ids.has("globalAdminGroupMembers")) {
    const assignments = results.globalAdminAssignments;
    if (!assignments?.ok) set("globalAdminGroupMembers", assignments as SourceResult<"globalAdminGroupMembers">);
    else {
      try {
        set("globalAdminGroupMembers", { ok: true, data: await expandRoleGroups(client, assignments.data as UnifiedRoleAssignment[]) });
      } catch (error) {
        set("globalAdminGroupMembers", fromError(error));
      }
    }
  }

  // Email domains (X01–X08) and the other verified custom domains (X09) by the Email service; the DNS is the same.
  for (const [id, sending] of [["emailDns", true], ["parkedDns", false]] as const) {
    if (!ids.has(id)) continue;
    const domains = results.domains;
    if (!domains?.ok) set(id, domains as SourceResult<typeof id>);
    else {
      const chosen = (domains.data as Domain[]).filter(
        (d) => d.isVerified && d.supportedServices.includes("Email") === sending && !d.id.toLowerCase().endsWith(".onmicrosoft.com"),
      );
      // Sending domains also get MTA-STS and TLS-RPT (X08), read beside their SPF/DMARC/DKIM.
      const mtaSts = sending ? getMtaStsOptions() : null;
      const lookup = async (name: string) => {
        const [records, sts] = await Promise.all([lookupEmailDns(resolver, name), mtaSts ? lookupMtaSts(resolver, name, mtaSts) : null]);
        return { ...records, mtaSts: sts };
      };
      set(id, { ok: true, data: await Promise.all(chosen.map((d) => lookup(d.id))) });
    }
  }
  return results;
}
