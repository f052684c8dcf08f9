import "server-only";
import type { Scan } from "@/lib/generated/prisma/client";

/** `aether365-compliance-2026-12-02-scan_….csv`: the file name of a scan's results export. */
export function exportFileName(scan: Pick<Scan, "id" | "scanType" | "startedAt">, extension: "csv" | "json"): string {
  return `aether365-${scan.scanType}-${scan.startedAt.toISOString().slice(0, 10)}-${scan.id}.${extension}`;
}
