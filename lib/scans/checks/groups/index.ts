import { C42, C43 } from "./groups";

export * from "./groups";

/** This category's checks in id order. */
export const GROUP_CHECKS = [C42, C43] as const;
