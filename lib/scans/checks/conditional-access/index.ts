import { C01, C02, C03 } from "./baseline";
import { C11 } from "./break-glass";
import { X27 } from "./named-locations";

export * from "./baseline";
export * from "./break-glass";
export * from "./named-locations";

/** This category's checks in id order. */
export const CONDITIONAL_ACCESS_CHECKS = [C01, C02, C03, C11, X27] as const;
