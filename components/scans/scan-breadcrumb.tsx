import Link from "next/link";

/** Scans / scan id [/ compare]: where a scan page sits. */
export function ScanBreadcrumb({ scanId, compare = false }: { scanId: string; compare?: boolean }) {
  return (
    <nav aria-label="Breadcrumb" className="text-sm text-slate-600">
      <Link href="/dashboard/scans" className="hover:underline">
        Scans
      </Link>{" "}
      /{" "}
      {compare ? (
        <>
          <Link href={`/dashboard/scans/${scanId}`} className="hover:underline">
            {scanId}
          </Link>{" "}
          / compare
        </>
      ) : (
        <span className="text-slate-900">{scanId}</span>
      )}
    </nav>
  );
}
