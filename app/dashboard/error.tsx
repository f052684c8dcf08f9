"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

export default function DashboardError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <Alert tone="error" title="This page could not be loaded" actions={<Button onClick={reset}>Try again</Button>}>
      Something went wrong on our side. Your data is safe; try again in a moment.
    </Alert>
  );
}
