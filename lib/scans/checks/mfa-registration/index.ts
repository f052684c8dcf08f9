import { C16 } from "./admins";
import { C17 } from "./members";
import { C18 } from "./phishing-resistant";

export * from "./admins";
export * from "./members";
export * from "./phishing-resistant";

/** This category's checks in id order. */
export const MFA_REGISTRATION_CHECKS = [C16, C17, C18] as const;
