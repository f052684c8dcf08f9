/**
 * Score = pass / (pass + fail) × 100, rounded half-up to one decimal (87/99 → 87.9). Skips and errors are not
 * part of it. Computed in integers so that exact halves round the same way on every platform.
 * Returns null when nothing was evaluated (pass + fail = 0).
 */
export function computeScore(pass: number, fail: number): number | null {
  const total = pass + fail;
  if (total === 0) return null;
  const tenths = Math.floor((2 * pass * 1000 + total) / (2 * total));
  return tenths / 10;
}
