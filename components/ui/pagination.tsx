import Link from "next/link";

/** Previous / next links that keep the page in the URL (shareable), with "page x of y". */
export function Pagination({ page, limit, total, href }: { page: number; limit: number; total: number; href: (page: number) => string }) {
  const pages = Math.max(1, Math.ceil(total / limit));
  const link = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50";
  return (
    <nav aria-label="Pagination" className="mt-4 flex items-center justify-between gap-3 text-sm text-slate-600">
      <span>
        Page {Math.min(page, pages)} of {pages} · {total} in all
      </span>
      <span className="flex gap-2">
        {page > 1 ? (
          <Link className={link} href={href(page - 1)} rel="prev">
            Previous
          </Link>
        ) : (
          <span className={`${link} opacity-50`} aria-disabled="true">
            Previous
          </span>
        )}
        {page < pages ? (
          <Link className={link} href={href(page + 1)} rel="next">
            Next
          </Link>
        ) : (
          <span className={`${link} opacity-50`} aria-disabled="true">
            Next
          </span>
        )}
      </span>
    </nav>
  );
}
