// The common props are decoded by the contract (one rule set and one defaults table for both sides).
export type { CommonParams } from '../../contract';

/** Formats milliseconds as "1h 2m 3s" / "4m 5s" / "6.2s" for failure reasons. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const totalSeconds = Math.round(ms / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  return h > 0 ? `${h}h ${m}m ${s}s` : `${m}m ${s}s`;
}
