"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/**
 * The boundary for errors above a section's own error.tsx — notably the dashboard layout, which looks the session
 * up in the database: while the database is unreachable, every dashboard page lands here (promptly: database
 * waits are bounded, lib/db.ts) instead of Next's bare error document.
 */
export default function RootError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-md px-4 py-24">
      <Alert tone="error" title="This page could not be loaded" actions={<Button onClick={reset}>Try again</Button>}>
        Aether365 is temporarily unavailable or something went wrong on our side. Your data is safe; try again in a moment.
      </Alert>
    </main>
  );
}
