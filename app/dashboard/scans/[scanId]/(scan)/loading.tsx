// Not at the dashboard root: the overview must be able to redirect (to onboarding) before anything streams.
export { PageSkeleton as default } from "@/components/ui/page-skeleton";
