import { z } from "zod";

export const SCOPES = ["scans:read", "scans:write", "schedules:read", "schedules:write"] as const;
export type Scope = (typeof SCOPES)[number];
export const scopeSchema = z.enum(SCOPES);
