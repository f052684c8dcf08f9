import type { TestProject } from "vitest/node";
import { startTestApp } from "../scripts/test-app";

declare module "vitest" {
  export interface ProvidedContext {
    appUrl: string;
    databaseUrl: string;
    appSchema: string;
  }
}

/** One database server and one running app (production build) for the whole run. */
export default async function setup(project: TestProject) {
  const app = await startTestApp();
  project.provide("appUrl", app.url);
  project.provide("databaseUrl", app.databaseUrl);
  project.provide("appSchema", app.schema);
  return async () => {
    await app.stop();
  };
}
