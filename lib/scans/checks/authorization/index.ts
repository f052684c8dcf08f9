import { C35, C36, C37 } from "./app-management";
import { C31 } from "./consent-workflow";
import { C27, C28, C29, C30, C32, C33, C34 } from "./default-user-permissions";

export * from "./app-management";
export * from "./consent-workflow";
export * from "./default-user-permissions";

/** This category's checks in id order. */
export const AUTHORIZATION_CHECKS = [C27, C28, C29, C30, C31, C32, C33, C34, C35, C36, C37] as const;
