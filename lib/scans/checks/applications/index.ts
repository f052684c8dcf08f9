import { X15, X16, X22 } from "./credentials";
import { X17, X18, X19, X20, X23, X24 } from "./exposure";

export * from "./credentials";
export * from "./exposure";

/** This category's checks in id order. */
export const APPLICATION_CHECKS = [X15, X16, X17, X18, X19, X20, X22, X23, X24] as const;
