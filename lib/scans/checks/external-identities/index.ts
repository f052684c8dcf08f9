import { X13, X14 } from "./collaboration";
import { X10 } from "./guests";

export * from "./collaboration";
export * from "./guests";

/** This category's checks in id order. */
export const EXTERNAL_IDENTITIES_CHECKS = [X10, X13, X14] as const;
