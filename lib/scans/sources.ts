import type { GraphClient } from "@/lib/microsoft/graph";
import { GraphError } from "@/lib/microsoft/errors";
import type {
  Application,
  AuthorizationPolicy,
  Domain,
  GraphCollection,
  GuestUser,
  SubscribedSku,
  SystemCredentialPreferences,
  UnifiedRoleAssignment,
  UnifiedRoleEligibilitySchedule,
  UnifiedRoleManagementPolicyAssignment,
} from "@/lib/microsoft/graph-types";
import { PRIV_ROLE_IDS } from "@/lib/scans/checks/helpers";
import { lookupEmailDns } from "@/lib/microsoft/dns";
import { getMtaStsOptions, lookupMtaSts } from "@/lib/microsoft/mta-sts";
import type { BreakGlass, Licences, SourceData, SourceId, SourceResult } from "@/lib/scans/checks/types";
import type { promises as dns } from "node:dns";

/**
 * How each data source is read. Plain Graph reads go out together in JSON batches; collections follow their
 * nextLinks; derived sources (guests' fallback, email DNS) run after what they depend on. Each source is
 * fetched once per scan, whatever number of checks declare it.
 */
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

/** Fetches the given sources (plus `licences`, needed for licence gates) for one scan. */
export async function fetchSources(
  client: GraphClient,
  resolver: dns.Resolver,
  wanted: readonly SourceId[],
  onSourceDone?: (id: SourceId) => void,
  declaredBreakGlass: DeclaredBreakGlass = { userIds: [], groupIds: [] },
): Promise<SourceResults> {
  const ids = new Set<SourceId>([...wanted, "licences"]);
  if (ids.has("emailDns") || ids.has("parkedDns")) ids.add("domains");
  const results: SourceResults = {};
  const set = <K extends SourceId>(id: K, result: SourceResult<K>) => {
    (results as Record<string, unknown>)[id] = result;
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
  const sides = [
    // Group expansion is independent of the batch.
    alongside("breakGlass", () => expandBreakGlass(client, declaredBreakGlass)),
    alongside("privilegedRoles", () => fetchPrivilegedRoles(client)),
    alongside("pimPolicies", () => fetchPimPolicies(client)),
    // β-only property: read through the beta endpoint, outside the v1.0 batch (a 400/404 there means not in this cloud).
    alongside("systemCredentialPreferences", async () => {
      const policy = await client
        .withVersion("beta")
        .get<{ systemCredentialPreferences?: SystemCredentialPreferences | null }>("/policies/authenticationMethodsPolicy", { feature: true });
      return policy.systemCredentialPreferences ?? null;
    }),
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
