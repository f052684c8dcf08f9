import { C14 } from "./authenticator";
import { C12, C13 } from "./methods-policy";
import { C15 } from "./system-preferred";

export * from "./authenticator";
export * from "./methods-policy";
export * from "./system-preferred";

/** This category's checks in id order. */
export const AUTHENTICATION_METHODS_CHECKS = [C12, C13, C14, C15] as const;
