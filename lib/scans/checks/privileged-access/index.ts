import { C25, C26 } from "./access-reviews";
import { X25, X26 } from "./accounts";
import { C20 } from "./cloud-only";
import { C19 } from "./global-admins";
import { C21, C22, C23, C24 } from "./pim";
import { X11, X21 } from "./role-holders";

export * from "./access-reviews";
export * from "./accounts";
export * from "./cloud-only";
export * from "./global-admins";
export * from "./pim";
export * from "./role-holders";

/** This category's checks in id order. */
export const PRIVILEGED_ACCESS_CHECKS = [C19, C20, C21, C22, C23, C24, C25, C26, X11, X21, X25, X26] as const;
