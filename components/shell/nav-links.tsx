import { TabNav } from "@/components/ui/tab-nav";

const LINKS = [
  { href: "/dashboard", label: "Overview", exact: true },
  { href: "/dashboard/scans", label: "Scans" },
  { href: "/dashboard/schedules", label: "Schedules" },
  { href: "/dashboard/settings", label: "Settings" },
];

export function NavLinks() {
  return <TabNav links={LINKS} label="Main" />;
}
