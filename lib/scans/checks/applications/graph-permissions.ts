/* Whose apps are first-party (Microsoft's own), for the service-principal exposure checks. */

/** appOwnerOrganizationId of Microsoft's own apps (the Microsoft Services and Microsoft corporate tenants). */
export const MICROSOFT_TENANT_IDS: readonly string[] = ["f8cdef31-a31e-4b4a-93e4-5f571e91255a", "72f988bf-86f1-41af-91ab-2d7cd011db47"];

/** Whether an app belongs to Microsoft (first-party). */
export function isMicrosoftOwned(appOwnerOrganizationId: string | null | undefined): boolean {
  return !!appOwnerOrganizationId && MICROSOFT_TENANT_IDS.includes(appOwnerOrganizationId.toLowerCase());
}
