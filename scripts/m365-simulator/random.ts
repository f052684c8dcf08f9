import { createHash } from "node:crypto";

/** Deterministic helpers: the same fixture or seed must always produce the same ids and data. */

export const DAY_MS = 86_400_000;

/** mulberry32: tiny, fast and good enough to make fake directory data reproducible from a seed. */
export function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rng = ReturnType<typeof createRng>;

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}

export function intBetween(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

function formatGuid(hex: string): string {
  // Shaped like the random (v4) GUIDs Entra assigns to directory objects.
  const variant = ((parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A GUID derived from a name, for hand-written fixtures. */
export function stableGuid(name: string): string {
  return formatGuid(createHash("sha1").update(name).digest("hex"));
}

const HEX_BYTES = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function hexWord(rng: Rng): string {
  const n = Math.floor(rng() * 0x100000000);
  return (HEX_BYTES[n >>> 24] as string) + HEX_BYTES[(n >>> 16) & 0xff] + HEX_BYTES[(n >>> 8) & 0xff] + HEX_BYTES[n & 0xff];
}

/** A GUID drawn from the generator, for bulk data where hashing every id would be slow. */
export function rngGuid(rng: Rng): string {
  const a = hexWord(rng);
  const b = hexWord(rng);
  const c = hexWord(rng);
  const d = hexWord(rng);
  const variant = "89ab"[parseInt(c[0] as string, 16) & 0x3];
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

/** 32-bit FNV-1a, to turn a tenant GUID into a default seed. */
export function hashSeed(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, "0"));
const dayPrefixes = new Map<number, string>();

/**
 * Graph serialises DateTimeOffset as ISO 8601 UTC with whole seconds ("2024-05-01T08:30:00Z"). Formatting by
 * hand with a per-day cache keeps generating tens of thousands of timestamps cheap.
 */
export function isoAt(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let date = dayPrefixes.get(day);
  if (date === undefined) {
    if (dayPrefixes.size > 50_000) dayPrefixes.clear();
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    dayPrefixes.set(day, date);
  }
  const seconds = Math.floor((ms - day * DAY_MS) / 1000);
  const h = TWO_DIGITS[Math.floor(seconds / 3600)] as string;
  const m = TWO_DIGITS[Math.floor(seconds / 60) % 60] as string;
  const s = TWO_DIGITS[seconds % 60] as string;
  return `${date}T${h}:${m}:${s}Z`;
}

export function daysFrom(now: number, days: number): string {
  return isoAt(now + days * DAY_MS);
}
