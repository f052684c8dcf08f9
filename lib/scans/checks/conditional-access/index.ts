import { C01, C02, C03 } from "./baseline";
import { C11 } from "./break-glass";

export * from "./baseline";
export * from "./break-glass";

/** This category's checks in id order. */
export const CONDITIONAL_ACCESS_CHECKS = [C01, C02, C03, C11] as const;
