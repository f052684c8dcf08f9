import { C20 } from "./cloud-only";
import { C19 } from "./global-admins";

export * from "./cloud-only";
export * from "./global-admins";

/** This category's checks in id order. */
export const PRIVILEGED_ACCESS_CHECKS = [C19, C20] as const;
