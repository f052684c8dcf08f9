import { C27, C29, C32 } from "./default-user-permissions";

export * from "./default-user-permissions";

/** This category's checks in id order. */
export const AUTHORIZATION_CHECKS = [C27, C29, C32] as const;
