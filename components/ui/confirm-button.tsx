"use client";

import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";

/**
 * A destructive action that asks once more: "Remove…" becomes "Remove" + "Cancel". `label` names the object for
 * screen readers ("Remove adele@contoso.com").
 */
export function ConfirmButton({
  action,
  confirmAction = action,
  label,
  onConfirm,
  pending,
  cancelText = "Cancel",
  warning,
}: {
  action: string;
  confirmAction?: string;
  label: string;
  onConfirm: () => void;
  pending: boolean;
  cancelText?: string;
  warning?: ReactNode;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <Button variant="ghost" size="sm" aria-label={label} onClick={() => setAsking(true)}>
        {action}…
      </Button>
    );
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      {warning && <span className="w-full text-sm text-red-800">{warning}</span>}
      <Button variant="danger" size="sm" onClick={onConfirm} disabled={pending}>
        {confirmAction}
      </Button>
      <Button variant="secondary" size="sm" onClick={() => setAsking(false)}>
        {cancelText}
      </Button>
    </span>
  );
}
