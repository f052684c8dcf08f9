import { TabNav } from "@/components/ui/tab-nav";

const LINKS = [
  { href: "/dashboard", label: "Overview", exact: true },
  { href: "/dashboard/scans", label: "Scans" },
  { href: "/dashboard/schedules", label: "Schedules" },
  { href: "/dashboard/settings", label: "Settings" },
];

/** The main navigation; people in several tenants also get the fleet view. */
export function NavLinks({ fleet }: { fleet: boolean }) {
  return <TabNav links={fleet ? [...LINKS, { href: "/dashboard/fleet", label: "All tenants" }] : LINKS} label="Main" />;
}
