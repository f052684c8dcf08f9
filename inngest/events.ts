import { eventType } from "inngest";
import { z } from "zod";
import { scanTypeSchema } from "@/lib/scans/schemas";

// Event schemas cannot transform (no .default()/.transform()); they validate what was sent.
export const scanRequested = eventType("scans/scan.requested", {
  schema: z.object({ scanId: z.string().min(1), tenantId: z.string().min(1), scanType: scanTypeSchema }),
});
