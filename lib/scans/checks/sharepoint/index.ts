import { C47, C48, C49 } from "./access";
import { C44, C45, C46, X12 } from "./sharing";

export * from "./access";
export * from "./sharing";

/** This category's checks in id order. */
export const SHAREPOINT_CHECKS = [C44, C45, C46, C47, C48, C49, X12] as const;
