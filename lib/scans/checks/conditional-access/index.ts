import { C01, C02, C03 } from "./baseline";

export * from "./baseline";

/** This category's checks in id order. */
export const CONDITIONAL_ACCESS_CHECKS = [C01, C02, C03] as const;
