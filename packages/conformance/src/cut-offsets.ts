import { eventBoundaries } from './split-events.js';

/**
 * Where to cut a body: before the first byte, at every event boundary, and in the middle of
 * every event (so a cut also lands inside a JSON value). Sorted, without duplicates, and at
 * most `limit` of them.
 */
export function cutOffsets(body: Uint8Array, limit = 200): number[] {
  const boundaries = eventBoundaries(body);
  const offsets = new Set<number>([0]);
  let previous = 0;
  for (const boundary of boundaries) {
    offsets.add(previous + Math.floor((boundary - previous) / 2));
    offsets.add(boundary);
    previous = boundary;
  }
  const sorted = [...offsets].sort((a, b) => a - b);
  if (sorted.length <= limit) return sorted;
  // A long recording gets an even sample (first and last kept): each cut is a full request.
  const step = (sorted.length - 1) / (limit - 1);
  return Array.from({ length: limit }, (_, i) => sorted[Math.round(i * step)]!);
}
