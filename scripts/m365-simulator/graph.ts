import { AUTH_STRENGTH, ROLE_DISPLAY_NAMES } from "./catalog";
import { notFound, PAGE, properties, serveCollection, serveEntity, type GraphContext, type GraphRequest } from "./collections";
import type { RoleAssignmentResource, RoleEligibilityScheduleResource, TenantData } from "./model";
import { missingAdvancedQuery } from "./groups";
import { synchronizationOf } from "./passwords";
import { filterProperties, nextLinkQuery, ODataError, pageOf, parseFilter, parseQuery, type ODataQuery, type PageLimits } from "./odata";
import { mayRead, PROPERTY_PERMISSIONS } from "./permissions";
import type { FaultHit } from "./registry";
import { contextUrl, graphError, INSUFFICIENT_PRIVILEGES, NON_PREMIUM, ok, type GraphResult, type RequestIds } from "./responses";
import { orgSettings } from "./org-settings";
import { tenantPolicies } from "./policies";
import { sharepointSettings } from "./sharepoint";
import { APPLICATION_UNSET, tenantView, USER_DEFAULTS, userView } from "./tenant-views";
import { appRoleAssignedTo, resolveAppIdKeys, servicePrincipalOwners } from "./app-exposure";

/**
 * Microsoft Graph request handling for one authenticated tenant: fault injection, routing, licence gates and
 * the resources themselves. Direct requests and $batch sub-requests both come through handleGraph.
 */

type Handler = (ctx: GraphContext, req: GraphRequest, query: ODataQuery, id: string | undefined) => GraphResult;

const nonPremium = (req: GraphRequest) => graphError(403, NON_PREMIUM.code, NON_PREMIUM.message, req.ids);

/** A collection with item lookup by id: GET /things and GET /things/{id}. */
function collection<T extends { id: string }>(
  entityType: string,
  contextPath: string,
  itemsOf: (data: TenantData) => T[],
  options: { paging?: PageLimits | null; view?: (item: T) => Record<string, unknown>; extraProperties?: string[] } = {},
): Handler {
  const view = options.view ?? ((item: T) => item as Record<string, unknown>);
  return (ctx, req, query, id) => {
    const items = itemsOf(ctx.data);
    const props = properties(entityType, items[0] && view(items[0]), options.extraProperties);
    if (id !== undefined) {
      const found = items.find((item) => item.id.toLowerCase() === id.toLowerCase());
      return found ? serveEntity(ctx, query, view(found), props, contextPath) : notFound(req, id);
    }
    const paging = options.paging === undefined ? PAGE : options.paging;
    return serveCollection(ctx, req, query, { items, entityType, props, contextPath, read: (item) => item, view, paging });
  };
}

function singleton(entityType: string, contextPath: string, pick: (ctx: GraphContext) => Record<string, unknown>): Handler {
  return (ctx, _req, query) => {
    const entity = pick(ctx);
    return serveEntity(ctx, query, entity, properties(`${entityType}@${ctx.version}`, entity), contextPath);
  };
}

/** Whether the query reads a property through $select, $filter or $orderby (signInActivity is licence-gated). */
function queryReads(query: ODataQuery, property: string): boolean {
  const lower = property.toLowerCase();
  const named = [...(query.select ?? []), query.orderby?.trim().split(/\s+/)[0] ?? ""].map((p) => p.toLowerCase());
  if (named.includes(lower)) return true;
  if (!query.filter) return false;
  try {
    return filterProperties(parseFilter(query.filter)).some((p) => p.toLowerCase() === lower);
  } catch {
    return false; // the collection handler reports the syntax error
  }
}

const users: Handler = (ctx, req, query, id) => {
  const view = tenantView(ctx.data);
  if (queryReads(query, "signInActivity") && !view.licences.p1) return nonPremium(req);
  const first = ctx.data.users[0];
  const props = properties("user", first && userView(first.resource, null));
  if (id !== undefined) {
    const user = view.user(id);
    return user ? serveEntity(ctx, query, userView(user.resource, null), props, "users", USER_DEFAULTS) : notFound(req, id);
  }
  return serveCollection(ctx, req, query, {
    items: ctx.data.users,
    entityType: "user",
    props,
    defaults: USER_DEFAULTS,
    contextPath: "users",
    read: (u) => u.resource,
    view: (u, names) => userView(u.resource, names),
    paging: PAGE,
  });
};

const userRegistrationDetails: Handler = (ctx, req, query, id) => {
  const view = tenantView(ctx.data);
  if (!view.licences.p1) return nonPremium(req);
  return collection("userRegistrationDetails", "reports/authenticationMethods/userRegistrationDetails", () => view.registrationDetails())(ctx, req, query, id);
};

const SYSTEM_PREFERRED_ON = { state: "enabled", excludeTargets: [], includeTargets: [{ id: "all_users", targetType: "group" }] };

const authenticationMethodsPolicy = singleton("authenticationMethodsPolicy", "policies/authenticationMethodsPolicy", (ctx) => {
  const policy = ctx.data.authenticationMethodsPolicy;
  if (ctx.version !== "beta") return policy;
  // beta also carries the system-preferred MFA setting (check C15 reads it there).
  return { ...policy, systemCredentialPreferences: ctx.data.systemCredentialPreferences ?? SYSTEM_PREFERRED_ON };
});

const authenticationMethodConfigurations: Handler = (ctx, req, _query, id) => {
  const configurations = ctx.data.authenticationMethodsPolicy.authenticationMethodConfigurations;
  const contextPath = "policies/authenticationMethodsPolicy/authenticationMethodConfigurations";
  if (id === undefined) return ok({ "@odata.context": contextUrl(ctx.version, contextPath), value: configurations });
  const found = configurations.find((c) => c.id.toLowerCase() === id.toLowerCase());
  return found ? ok({ "@odata.context": contextUrl(ctx.version, `${contextPath}/$entity`), ...found }) : notFound(req, id);
};

const sharepointSettingsSingleton = singleton("sharepointSettings", "admin/sharepoint/settings", (c) => c.data.sharepointSettings ?? sharepointSettings());

/** A β-only endpoint: v1.0 names its first unknown segment, as Graph does. */
function betaOnly(segment: string, handler: Handler): Handler {
  return (ctx, req, query, id) =>
    ctx.version === "beta" ? handler(ctx, req, query, id) : graphError(400, "BadRequest", `Resource not found for the segment '${segment}'.`, req.ids);
}

const adminAppsAndServices = betaOnly(
  "appsAndServices",
  singleton("adminAppsAndServices", "admin/appsAndServices", (c) => ({ id: "appsAndServices", settings: (c.data.orgSettings ?? orgSettings()).appsAndServices })),
);
const adminForms = betaOnly("forms", singleton("adminForms", "admin/forms", (c) => ({ id: "forms", settings: (c.data.orgSettings ?? orgSettings()).forms })));
const teamsAppSettings = singleton("teamsAppSettings", "teamwork/teamsAppSettings", (c) => (c.data.orgSettings ?? orgSettings()).teamsAppSettings);

const riskyUsersCollection = collection("riskyUser", "identityProtection/riskyUsers", (d) => d.riskyUsers ?? []);
// Identity Protection's risk data needs Entra ID P2.
const riskyUsers: Handler = (ctx, req, query, id) => (tenantView(ctx.data).licences.p2 ? riskyUsersCollection(ctx, req, query, id) : nonPremium(req));

const policiesOf = (c: GraphContext) => c.data.policies ?? tenantPolicies();
const appManagementPolicy = singleton("tenantAppManagementPolicy", "policies/defaultAppManagementPolicy", (c) => policiesOf(c).appManagementPolicy);
const adminConsentRequestPolicy = singleton("adminConsentRequestPolicy", "policies/adminConsentRequestPolicy", (c) => policiesOf(c).adminConsentRequestPolicy);
const authenticationFlowsPolicy = singleton("authenticationFlowsPolicy", "policies/authenticationFlowsPolicy", (c) => policiesOf(c).authenticationFlowsPolicy);
const crossTenantAccessDefault = singleton("crossTenantAccessPolicyConfigurationDefault", "policies/crossTenantAccessPolicy/default", (c) => policiesOf(c).crossTenantAccessDefault);

const authorizationPolicyCollection = collection("authorizationPolicy", "policies/authorizationPolicy", (d) => [d.authorizationPolicy], { paging: null });
const authorizationPolicySingleton = singleton("authorizationPolicy", "policies/authorizationPolicy", (c) => c.data.authorizationPolicy);

const authorizationPolicy: Handler = (ctx, req, query, id) => {
  // A singleton in v1.0; in beta a collection holding the one policy.
  const serve = ctx.version === "beta" ? authorizationPolicyCollection : authorizationPolicySingleton;
  return serve(ctx, req, query, id);
};

function roleDefinition(id: string): Record<string, unknown> {
  return { id, templateId: id, displayName: ROLE_DISPLAY_NAMES[id] ?? null, isBuiltIn: true, isEnabled: true, description: null };
}

/** Role assignments and eligibilities: $filter on roleDefinitionId/principalId, $expand=principal,roleDefinition. */
function roleCollection<T extends RoleAssignmentResource | RoleEligibilityScheduleResource>(
  entityType: string,
  contextPath: string,
  itemsOf: (data: TenantData) => T[],
  sample: T,
): Handler {
  return (ctx, req, query) => {
    const view = tenantView(ctx.data);
    const items = itemsOf(ctx.data);
    return serveCollection(ctx, req, query, {
      items,
      entityType,
      props: properties(entityType, items[0] ?? sample),
      contextPath,
      read: (item) => item,
      paging: PAGE,
      expand: [
        { name: "principal", apply: (out, item) => void (out.principal = view.principal(item.principalId)) },
        { name: "roleDefinition", apply: (out, item) => void (out.roleDefinition = roleDefinition(item.roleDefinitionId)) },
      ],
    });
  };
}

const roleAssignments = roleCollection("unifiedRoleAssignment", "roleManagement/directory/roleAssignments", (d) => d.roleAssignments, {
  id: "",
  principalId: "",
  roleDefinitionId: "",
  directoryScopeId: "",
  appScopeId: null,
  condition: null,
});

const P2_REQUIRED = "The tenant needs to have Microsoft Entra ID P2 or Microsoft Entra ID Governance license.";

/** A collection only tenants with Entra ID P2 can read; others get Graph's 400 AadPremiumLicenseRequired. */
function p2Only(handler: Handler): Handler {
  return (ctx, req, query, id) =>
    tenantView(ctx.data).licences.p2 ? handler(ctx, req, query, id) : graphError(400, "AadPremiumLicenseRequired", P2_REQUIRED, req.ids);
}

/** PIM needs Entra ID P2 (or Governance). */
function roleEligibility(contextPath: string): Handler {
  const serve = roleCollection("unifiedRoleEligibilitySchedule", contextPath, (d) => d.roleEligibilitySchedules, {
    id: "",
    principalId: "",
    roleDefinitionId: "",
    directoryScopeId: "",
    appScopeId: null,
    createdUsing: "",
    createdDateTime: "",
    modifiedDateTime: null,
    status: "",
    memberType: "Direct",
    scheduleInfo: { startDateTime: "", recurrence: null, expiration: { type: "noExpiration", endDateTime: null, duration: null } },
  });
  return p2Only(serve);
}

const ASSIGNMENT_SCHEDULE_PROPERTIES = ["id", "principalId", "roleDefinitionId", "directoryScopeId", "appScopeId", "createdUsing", "createdDateTime", "modifiedDateTime", "status", "memberType", "assignmentType", "scheduleInfo"];
const roleAssignmentSchedules = p2Only((ctx, req, query) => {
  const view = tenantView(ctx.data);
  const items = ctx.data.roleAssignmentSchedules ?? [];
  return serveCollection(ctx, req, query, {
    items,
    entityType: "unifiedRoleAssignmentSchedule",
    props: properties("unifiedRoleAssignmentSchedule", items[0], ASSIGNMENT_SCHEDULE_PROPERTIES),
    contextPath: "roleManagement/directory/roleAssignmentSchedules",
    read: (item) => item,
    paging: PAGE,
    expand: [
      { name: "principal", apply: (out, item) => void (out.principal = view.principal(item.principalId)) },
      { name: "roleDefinition", apply: (out, item) => void (out.roleDefinition = roleDefinition(item.roleDefinitionId)) },
    ],
  });
});

const POLICY_ASSIGNMENT_PROPERTIES = ["id", "policyId", "scopeId", "scopeType", "roleDefinitionId"];
/** $filter on scopeId, scopeType and roleDefinitionId; $expand=policy, or policy($expand=rules) for its rules too. */
const roleManagementPolicyAssignments = p2Only((ctx, req, query) => {
  const items = ctx.data.roleManagementPolicyAssignments ?? [];
  const policyOf = (policyId: string) => (ctx.data.roleManagementPolicies ?? []).find((p) => p.id === policyId) ?? null;
  return serveCollection(ctx, req, query, {
    items,
    entityType: "unifiedRoleManagementPolicyAssignment",
    props: properties("unifiedRoleManagementPolicyAssignment", items[0], POLICY_ASSIGNMENT_PROPERTIES),
    contextPath: "policies/roleManagementPolicyAssignments",
    read: (item) => item,
    paging: null,
    expand: [
      {
        name: "policy",
        apply: (out, item) => {
          const policy = policyOf(item.policyId);
          if (!policy) return void (out.policy = null);
          const withoutRules: Record<string, unknown> = { ...policy };
          delete withoutRules.rules;
          out.policy = withoutRules;
        },
      },
      { name: "policy($expand=rules)", apply: (out, item) => void (out.policy = policyOf(item.policyId)) },
    ],
  });
});

const ACCESS_REVIEW_PROPERTIES = ["id", "displayName", "createdDateTime", "lastModifiedDateTime", "status", "descriptionForAdmins", "descriptionForReviewers", "createdBy", "scope", "instanceEnumerationScope", "reviewers", "fallbackReviewers", "settings"];
const accessReviewDefinitions = p2Only(
  collection("accessReviewScheduleDefinition", "identityGovernance/accessReviews/definitions", (d) => d.accessReviewDefinitions ?? [], {
    paging: PAGE,
    extraProperties: ACCESS_REVIEW_PROPERTIES,
  }),
);

// Listed because a tenant without policies offers no sample record to learn them from.
const CONDITIONAL_ACCESS_PROPERTIES = ["id", "templateId", "displayName", "state", "conditions", "grantControls", "sessionControls", "createdDateTime", "modifiedDateTime"];
const conditionalAccessPolicies = collection("conditionalAccessPolicy", "identity/conditionalAccess/policies", (d) => d.conditionalAccessPolicies, {
  paging: null,
  extraProperties: CONDITIONAL_ACCESS_PROPERTIES,
});
// The three built-in strengths every tenant has (custom strengths are not modelled).
const STRENGTHS = Object.values(AUTH_STRENGTH).map((s) => ({
  id: s.id,
  displayName: s.displayName,
  description: `Built-in ${s.displayName} strength`,
  policyType: "builtIn",
  requirementsSatisfied: "mfa",
  allowedCombinations: [...s.allowedCombinations],
  createdDateTime: "2021-12-01T00:00:00Z",
  modifiedDateTime: "2021-12-01T00:00:00Z",
}));
const authenticationStrengthPolicies = collection("authenticationStrengthPolicy", "policies/authenticationStrengthPolicies", () => STRENGTHS, { paging: null });
const namedLocations = collection("namedLocation", "identity/conditionalAccess/namedLocations", (d) => d.namedLocations ?? [], { paging: null });
const securityDefaults = singleton("identitySecurityDefaultsEnforcementPolicy", "policies/identitySecurityDefaultsEnforcementPolicy", (c) => c.data.securityDefaults);
const organization = collection("organization", "organization", (d) => [d.organization], { paging: null });
const domains = collection("domain", "domains", (d) => d.domains, { paging: null });
const applications = collection("application", "applications", (d) => d.applications, { view: (a) => ({ ...APPLICATION_UNSET, ...a }) });
const servicePrincipals = collection("servicePrincipal", "servicePrincipals", (d) => d.servicePrincipals, { view: (sp) => ({ appRoles: [], ...sp }) });
const groupCollection = collection("group", "groups", (d) => d.groups);
const groups: Handler = (ctx, req, query, id) => {
  const unsupported = id === undefined ? missingAdvancedQuery(query.filter, query.count, req.headers.consistencylevel) : null;
  return unsupported ? graphError(400, "Request_UnsupportedQuery", unsupported, req.ids) : groupCollection(ctx, req, query, id);
};

const groupSettings = collection("groupSetting", "groupSettings", (d) => d.groupSettings ?? [], {
  paging: null,
  extraProperties: ["id", "displayName", "templateId", "values"],
});
const onPremisesSynchronization = collection("onPremisesDirectorySynchronization", "directory/onPremisesSynchronization", (d) => [synchronizationOf(d)], {
  paging: null,
});

const FEDERATION_PROPERTIES = [
  "id", "displayName", "issuerUri", "metadataExchangeUri", "signingCertificate", "passiveSignInUri", "preferredAuthenticationProtocol", "activeSignInUri",
  "signOutUri", "promptLoginBehavior", "isSignedAuthenticationRequestRequired", "nextSigningCertificate", "signingCertificateUpdateStatus", "federatedIdpMfaBehavior",
];
/** GET /domains/{id}/federationConfiguration: the domain's one internalDomainFederation (none for a Managed domain). */
const federationConfiguration: Handler = (ctx, req, query, id) => {
  const found = ctx.data.domains.find((d) => d.id.toLowerCase() === (id ?? "").toLowerCase());
  if (!found) return notFound(req, id ?? "");
  const federation = found.authenticationType === "Federated" ? ctx.data.domainFederations?.[found.id] : undefined;
  return serveCollection(ctx, req, query, {
    items: federation ? [federation] : [],
    entityType: "internalDomainFederation",
    props: properties("internalDomainFederation", undefined, FEDERATION_PROPERTIES),
    contextPath: `domains('${found.id}')/federationConfiguration`,
    read: (item) => item as unknown as Record<string, unknown>,
    paging: null,
  });
};
// β also carries App Proxy publishing (onPremisesPublishing); v1.0 does not know the property.
const applicationsBeta = collection("application@beta", "applications", (d) => d.applications.map((a) => ({ ...a, onPremisesPublishing: d.onPremisesPublishing?.[a.id] ?? null })), {
  view: (a) => ({ ...APPLICATION_UNSET, ...a }),
});
const applicationsByVersion: Handler = (ctx, req, query, id) => (ctx.version === "beta" ? applicationsBeta : applications)(ctx, req, query, id);
const OAUTH2_GRANT_PROPERTIES = ["id", "clientId", "consentType", "principalId", "resourceId", "scope"];
const oauth2PermissionGrants = collection("oAuth2PermissionGrant", "oauth2PermissionGrants", (d) => d.oauth2PermissionGrants ?? [], { extraProperties: OAUTH2_GRANT_PROPERTIES });

/** Every object below a group, nested groups included (each once, cycles tolerated), in membership order. */
export function transitiveMemberIds(data: TenantData, groupId: string): string[] {
  const members = data.groupMembers ?? {};
  const seen = new Set<string>([groupId.toLowerCase()]);
  const out: string[] = [];
  const queue = [groupId];
  while (queue.length > 0) {
    const current = queue.shift()!;
    const direct = Object.entries(members).find(([id]) => id.toLowerCase() === current.toLowerCase())?.[1] ?? [];
    for (const id of direct) {
      if (seen.has(id.toLowerCase())) continue;
      seen.add(id.toLowerCase());
      out.push(id);
      queue.push(id);
    }
  }
  return out;
}

/**
 * GET /groups/{id}/transitiveMembers: a directoryObject collection (each item keeps its @odata.type), paged like other
 * directory collections. $filter and $orderby need advanced query parameters the scanner never sends, so they are
 * refused rather than ignored.
 */
const transitiveMembers: Handler = (ctx, req, query, id) => {
  const group = ctx.data.groups.find((g) => g.id.toLowerCase() === (id ?? "").toLowerCase());
  if (!group) return notFound(req, id ?? "");
  if (query.filter || query.orderby) {
    return graphError(400, "Request_UnsupportedQuery", "$filter and $orderby on transitiveMembers need ConsistencyLevel: eventual and $count=true.", req.ids);
  }
  const view = tenantView(ctx.data);
  const objects = transitiveMemberIds(ctx.data, group.id)
    .map((memberId) => view.principal(memberId))
    .filter((o): o is Record<string, unknown> => o !== null);
  const { items, nextOffset } = pageOf(objects, query, PAGE);
  const select = query.select;
  const value = items.map((o) => {
    if (!select) return o;
    const out: Record<string, unknown> = { "@odata.type": o["@odata.type"], id: o.id };
    for (const name of select) if (name in o) out[name] = o[name];
    return out;
  });
  const body: Record<string, unknown> = { "@odata.context": contextUrl(ctx.version, "directoryObjects") };
  if (nextOffset !== null) body["@odata.nextLink"] = `${ctx.baseUrl}/${ctx.version}${req.path}?${nextLinkQuery(req.params, nextOffset)}`;
  body.value = value;
  return ok(body);
};

const ROUTES: [path: string, handler: Handler][] = [
  ["/subscribedSkus", collection("subscribedSku", "subscribedSkus", (d) => d.subscribedSkus, { paging: null })],
  ["/organization", organization],
  ["/organization/{id}", organization],
  ["/policies/identitySecurityDefaultsEnforcementPolicy", securityDefaults],
  ["/identity/conditionalAccess/policies", conditionalAccessPolicies],
  ["/identity/conditionalAccess/policies/{id}", conditionalAccessPolicies],
  ["/identity/conditionalAccess/namedLocations", namedLocations],
  ["/policies/authenticationStrengthPolicies", authenticationStrengthPolicies],
  ["/policies/authenticationStrengthPolicies/{id}", authenticationStrengthPolicies],
  ["/identity/conditionalAccess/namedLocations/{id}", namedLocations],
  ["/policies/authenticationMethodsPolicy", authenticationMethodsPolicy],
  ["/policies/authenticationMethodsPolicy/authenticationMethodConfigurations", authenticationMethodConfigurations],
  ["/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/{id}", authenticationMethodConfigurations],
  ["/policies/authorizationPolicy", authorizationPolicy],
  ["/identityProtection/riskyUsers", riskyUsers],
  ["/identityProtection/riskyUsers/{id}", riskyUsers],
  ["/policies/adminConsentRequestPolicy", adminConsentRequestPolicy],
  ["/policies/defaultAppManagementPolicy", appManagementPolicy],
  ["/policies/authenticationFlowsPolicy", authenticationFlowsPolicy],
  ["/policies/crossTenantAccessPolicy/default", crossTenantAccessDefault],
  ["/admin/sharepoint/settings", sharepointSettingsSingleton],
  ["/admin/appsAndServices", adminAppsAndServices],
  ["/admin/forms", adminForms],
  ["/teamwork/teamsAppSettings", teamsAppSettings],
  ["/reports/authenticationMethods/userRegistrationDetails", userRegistrationDetails],
  ["/reports/authenticationMethods/userRegistrationDetails/{id}", userRegistrationDetails],
  ["/roleManagement/directory/roleAssignments", roleAssignments],
  ["/roleManagement/directory/roleEligibilitySchedules", roleEligibility("roleManagement/directory/roleEligibilitySchedules")],
  ["/roleManagement/directory/roleEligibilityScheduleInstances", roleEligibility("roleManagement/directory/roleEligibilityScheduleInstances")],
  ["/roleManagement/directory/roleAssignmentSchedules", roleAssignmentSchedules],
  ["/policies/roleManagementPolicyAssignments", roleManagementPolicyAssignments],
  ["/identityGovernance/accessReviews/definitions", accessReviewDefinitions],
  ["/identityGovernance/accessReviews/definitions/{id}", accessReviewDefinitions],
  ["/domains", domains],
  ["/domains/{id}", domains],
  ["/users", users],
  ["/users/{id}", users],
  ["/applications", applicationsByVersion],
  ["/applications/{id}", applicationsByVersion],
  ["/servicePrincipals", servicePrincipals],
  ["/servicePrincipals/{id}", servicePrincipals],
  ["/groups", groups],
  ["/groups/{id}", groups],
  ["/groups/{id}/transitiveMembers", transitiveMembers],
  ["/groupSettings", groupSettings],
  ["/groupSettings/{id}", groupSettings],
  ["/directory/onPremisesSynchronization", onPremisesSynchronization],
  ["/directory/onPremisesSynchronization/{id}", onPremisesSynchronization],
  ["/domains/{id}/federationConfiguration", federationConfiguration],
  ["/servicePrincipals/{id}/appRoleAssignedTo", appRoleAssignedTo],
  ["/servicePrincipals/{id}/owners", servicePrincipalOwners],
  ["/oauth2PermissionGrants", oauth2PermissionGrants],
  ["/oauth2PermissionGrants/{id}", oauth2PermissionGrants],
];

/** The path templates Graph serves here (permissions.test.ts checks each has a permission entry). */
export const ROUTE_TEMPLATES: readonly string[] = ROUTES.map(([path]) => path);

type Route = { path: string; template: string[]; handler: Handler };
const ROUTE_TABLE: Route[] = ROUTES.map(([path, handler]) => ({
  path,
  template: path
    .split("/")
    .filter(Boolean)
    .map((segment) => (segment === "{id}" ? segment : segment.toLowerCase())),
  handler,
}));

function segmentsOf(path: string): string[] {
  return path
    .split("/")
    .filter(Boolean)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
}

const fits = (template: string[], lower: string[], length: number) => template.slice(0, length).every((t, i) => t === "{id}" || t === lower[i]);

function findRoute(segments: string[]): { route: Route; id: string | undefined } | { unknownSegment: string } {
  const lower = segments.map((s) => s.toLowerCase());
  const route = ROUTE_TABLE.find((r) => r.template.length === segments.length && fits(r.template, lower, segments.length));
  if (route) return { route, id: segments[route.template.indexOf("{id}")] };
  // Graph names the first segment that does not continue any path it knows.
  const unknown = segments.findIndex((_, i) => !ROUTE_TABLE.some((r) => r.template.length > i && fits(r.template, lower, i + 1)));
  return { unknownSegment: segments[unknown === -1 ? segments.length - 1 : unknown] ?? "" };
}

export function handleGraph(ctx: GraphContext, req: GraphRequest): GraphResult {
  const fault = ctx.takeFault(req.path);
  if (fault) return faultResult(fault, req.ids);
  const keyed = resolveAppIdKeys(ctx.data, segmentsOf(req.path));
  if ("missing" in keyed) return notFound(req, keyed.missing);
  const found = findRoute(keyed.segments);
  if ("unknownSegment" in found) return graphError(400, "BadRequest", `Resource not found for the segment '${found.unknownSegment}'.`, req.ids);
  // The scanner's app holds read permissions only, so any write is refused the way Graph refuses it.
  if (req.method !== "GET") return graphError(403, INSUFFICIENT_PRIVILEGES.code, INSUFFICIENT_PRIVILEGES.message, req.ids);
  if (ctx.roles && !mayRead(found.route.path, ctx.roles)) return graphError(403, INSUFFICIENT_PRIVILEGES.code, INSUFFICIENT_PRIVILEGES.message, req.ids);
  try {
    const query = parseQuery(req.params);
    const roles = ctx.roles;
    const guarded = roles ? (PROPERTY_PERMISSIONS[found.route.path] ?? []) : [];
    if (guarded.some((g) => queryReads(query, g.property) && !g.permissions.some((p) => roles!.includes(p)))) {
      return graphError(403, INSUFFICIENT_PRIVILEGES.code, INSUFFICIENT_PRIVILEGES.message, req.ids);
    }
    return found.route.handler(ctx, req, query, found.id);
  } catch (error) {
    if (error instanceof ODataError) return graphError(error.status, error.code, error.message, req.ids);
    throw error;
  }
}

export function faultResult(fault: FaultHit, ids: RequestIds): GraphResult {
  switch (fault.kind) {
    case "forbidden":
      return graphError(403, INSUFFICIENT_PRIVILEGES.code, INSUFFICIENT_PRIVILEGES.message, ids);
    case "throttle":
      return graphError(429, "TooManyRequests", "Too many requests are being made. Please try again later.", ids, {
        "Retry-After": String(fault.retryAfterSeconds),
      });
    case "unavailable":
      return graphError(503, "serviceNotAvailable", "The service is temporarily unavailable. Please try again later.", ids, { "Retry-After": String(fault.retryAfterSeconds) });
  }
}
