import { C16 } from "./admins";

export * from "./admins";

/** This category's checks in id order. */
export const MFA_REGISTRATION_CHECKS = [C16] as const;
