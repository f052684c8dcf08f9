import { buttonClasses } from "@/components/ui/button";

/** "Connect Microsoft 365": a plain form post (works before any script runs) that redirects to Microsoft. */
export function ConnectForm({ tenantId, label = "Connect Microsoft 365", variant = "primary" }: { tenantId: string; label?: string; variant?: "primary" | "secondary" }) {
  return (
    <form method="post" action="/api/admin-consent/start">
      <input type="hidden" name="tenant_id" value={tenantId} />
      <button type="submit" className={buttonClasses(variant, "md")}>
        {label}
      </button>
    </form>
  );
}
