// Measured rows for a virtual list (issue 17). Each row is as tall as its content: rows in view are
// measured (ResizeObserver), rows never rendered count with an estimate, and a row's offset is the
// sum of the heights above it. Pure functions, so the arithmetic is tested without a layout engine.

/** Offsets of `count` rows: `offsets[i]` is the top of row i, `offsets[count]` the total height. */
export function prefixOffsets(count: number, height: (i: number) => number): Float64Array {
  const offsets = new Float64Array(count + 1);
  for (let i = 0; i < count; i++) offsets[i + 1] = offsets[i] + height(i);
  return offsets;
}

/** The row under position `y` (the last row whose top is at or above it); 0 for an empty list. */
export function rowAt(offsets: Float64Array, y: number): number {
  const count = offsets.length - 1;
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid] <= y) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}

/**
 * The rows to render, [start, end): those crossing the view plus `overscan` on each side, and never
 * more than `max` whatever the heights say (a row measured at 0 or a huge view stays bounded).
 */
export function visibleRange(
  offsets: Float64Array,
  scrollTop: number,
  viewport: number,
  overscan: number,
  max: number,
): { start: number; end: number } {
  const count = offsets.length - 1;
  if (count <= 0) return { start: 0, end: 0 };
  // A view scrolled past the end (rows just measured shorter) shows the last rows.
  const top = Math.max(0, Math.min(scrollTop, offsets[count] - viewport));
  const first = rowAt(offsets, top);
  let last = first;
  while (last + 1 < count && last - first < max && offsets[last + 1] < top + viewport) last++;
  const start = Math.max(0, first - overscan);
  const end = Math.min(count, last + 1 + overscan, start + max);
  return { start, end };
}

/** The observer that measures rendered rows (its own function so a test, with no layout, can stand in for it). */
export function sizeObserver(onResize: ResizeObserverCallback): ResizeObserver {
  return new ResizeObserver(onResize);
}
