import { C38 } from "./domains";
import { X28 } from "./federation";
import { C41 } from "./hybrid";
import { C39, C40 } from "./password-protection";

export * from "./domains";
export * from "./federation";
export * from "./hybrid";
export * from "./password-protection";

/** This category's checks in id order. */
export const PASSWORD_CHECKS = [C38, C39, C40, C41, X28] as const;
