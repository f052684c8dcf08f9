import { C19 } from "./global-admins";

export * from "./global-admins";

/** This category's checks in id order. */
export const PRIVILEGED_ACCESS_CHECKS = [C19] as const;
