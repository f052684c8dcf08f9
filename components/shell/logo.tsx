import Link from "next/link";

export function Logo({ href = "/" }: { href?: string }) {
  return (
    <Link href={href} className="flex items-center gap-2 rounded font-semibold text-slate-900 focus-visible:outline-2 focus-visible:outline-sky-600">
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6 text-sky-700">
        <path fill="currentColor" d="M12 2 3 6v6c0 5 3.8 9.4 9 10 5.2-.6 9-5 9-10V6l-9-4Zm0 4.2 5 2.2V12c0 3-2.1 5.7-5 6.3V6.2Z" />
      </svg>
      <span>Aether365</span>
    </Link>
  );
}
