"use client";

import { Field, Select } from "@/components/ui/field";

/** Lifetimes offered for things that expire (API tokens, accepted risks); the first is the default. */
const PRESETS = [
  { value: "90", label: "90 days" },
  { value: "30", label: "30 days" },
  { value: "7", label: "7 days" },
  { value: "180", label: "180 days" },
  { value: "365", label: "1 year" },
  { value: "never", label: "No expiry" },
];
export const DEFAULT_EXPIRY = PRESETS[0]!.value;

/** The `expires_at` an API input takes for a preset: an instant that many days from now, or null for never. */
export function expiryInstant(preset: string): string | null {
  return preset === "never" ? null : new Date(Date.now() + Number(preset) * 86_400_000).toISOString();
}

export function ExpiryField({ id, value, onChange }: { id: string; value: string; onChange: (preset: string) => void }) {
  return (
    <Field id={id} label="Expires after">
      <Select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {PRESETS.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}
