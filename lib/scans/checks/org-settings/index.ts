import { C50, C51, C52 } from "./org-settings";

export * from "./org-settings";

/** This category's checks in id order. */
export const ORG_SETTINGS_CHECKS = [C50, C51, C52] as const;
