import { X08 } from "./mta-sts";
import { X09 } from "./parked";
import { X01, X02, X03, X04, X05, X06, X07 } from "./records";

export * from "./mta-sts";
export * from "./parked";
export * from "./records";

/** This category's checks in id order. */
export const EMAIL_AUTHENTICATION_CHECKS = [X01, X02, X03, X04, X05, X06, X07, X08, X09] as const;
