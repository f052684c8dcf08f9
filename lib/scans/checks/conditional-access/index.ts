import { C09, C10 } from "./admin-session";
import { C01, C02, C03 } from "./baseline";
import { C11 } from "./break-glass";
import { X27 } from "./named-locations";
import { C04 } from "./phishing-resistant";
import { C05, C06, C07, C08 } from "./risk-and-flows";

export * from "./admin-session";
export * from "./baseline";
export * from "./break-glass";
export * from "./named-locations";
export * from "./phishing-resistant";
export * from "./risk-and-flows";

/** This category's checks in id order. */
export const CONDITIONAL_ACCESS_CHECKS = [C01, C02, C03, C04, C05, C06, C07, C08, C09, C10, C11, X27] as const;
