import { X10 } from "./guests";

export * from "./guests";

/** This category's checks in id order. */
export const EXTERNAL_IDENTITIES_CHECKS = [X10] as const;
