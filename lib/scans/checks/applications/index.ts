import { X15, X16, X22 } from "./credentials";

export * from "./credentials";

/** This category's checks in id order. */
export const APPLICATION_CHECKS = [X15, X16, X22] as const;
