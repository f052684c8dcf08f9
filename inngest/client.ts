import { Inngest } from "inngest";

/**
 * The Inngest client. Mode comes from the environment when this module loads: INNGEST_DEV (1 or a dev-server
 * URL) for local development, otherwise cloud mode with INNGEST_EVENT_KEY / INNGEST_SIGNING_KEY.
 */
export const inngest = new Inngest({ id: "aether365" });
