import Link from "next/link";
import { Logo } from "@/components/shell/logo";

export function PublicHeader() {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-3 sm:px-6">
        <Logo />
        <nav aria-label="Site" className="flex items-center gap-4 text-sm">
          <Link href="/docs/api" className="text-slate-700 hover:text-slate-900">
            API
          </Link>
          <Link href="/sign-in" className="font-medium text-sky-800 hover:text-sky-900">
            Sign in
          </Link>
        </nav>
      </div>
    </header>
  );
}
