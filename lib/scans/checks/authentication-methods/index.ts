import { C14 } from "./authenticator";
import { C12, C13 } from "./methods-policy";

export * from "./authenticator";
export * from "./methods-policy";

/** This category's checks in id order. */
export const AUTHENTICATION_METHODS_CHECKS = [C12, C13, C14] as const;
