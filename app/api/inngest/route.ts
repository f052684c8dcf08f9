// GET/POST/PUT /api/inngest — the Inngest serve endpoint (introspection, step execution, sync)
import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { runScanFunction } from "@/inngest/functions/run-scan";
import { schedulerTickFunction } from "@/inngest/functions/scheduler-tick";

export const dynamic = "force-dynamic";

export const { GET, POST, PUT } = serve({ client: inngest, functions: [runScanFunction, schedulerTickFunction] });
