// The circle's drawing and its rules, kept apart from the page so they can be tested: where the
// rings are, which ring a point falls in (for a drop), where each placed person is drawn, and
// moving someone one ring in or out.
import type { Placement, Ring } from '../../ipc';

/** The drawing's size (a square viewBox) and its centre. */
export const SIZE = 400;
export const CENTRE = SIZE / 2;
/** "Me" in the middle, then the outer edge of each ring. */
export const ME_RADIUS = 30;
export const RING_EDGE: Record<Ring, number> = { closest: 80, close: 135, furtherOut: 190 };
/** From the centre out. */
export const RINGS: readonly Ring[] = ['closest', 'close', 'furtherOut'];

/** Where a place is: a ring, or outside every ring (not placed). */
export type Place = Ring | null;

/** The ring a point of the drawing falls in; `null` outside the circle (back to the tray). A drop on
 * "me" counts as the closest ring. */
export function ringAt(x: number, y: number): Place {
  const d = Math.hypot(x - CENTRE, y - CENTRE);
  return RINGS.find((r) => d <= RING_EDGE[r]) ?? null;
}

/** A point of the page (clientX/Y) in the drawing's coordinates, from the drawing's box on the
 * page; `null` when the drawing has no size (not laid out). */
export function toDrawing(rect: { left: number; top: number; width: number; height: number }, clientX: number, clientY: number): { x: number; y: number } | null {
  if (rect.width <= 0 || rect.height <= 0) return null;
  return { x: ((clientX - rect.left) * SIZE) / rect.width, y: ((clientY - rect.top) * SIZE) / rect.height };
}

/** One ring further in (towards "me"); from the tray, the outermost ring. */
export function moveIn(place: Place): Place {
  if (place === null) return 'furtherOut';
  return RINGS[Math.max(0, RINGS.indexOf(place) - 1)];
}

/** One ring further out; from the outermost ring, back to the tray. */
export function moveOut(place: Place): Place {
  if (place === null) return null;
  const i = RINGS.indexOf(place);
  return i === RINGS.length - 1 ? null : RINGS[i + 1];
}

/** Where each placed person is drawn: spread evenly round the middle of their ring, each ring
 * starting at a different angle so names do not line up. */
export function positions(placements: readonly Placement[]): Map<number, { x: number; y: number }> {
  const out = new Map<number, { x: number; y: number }>();
  RINGS.forEach((ring, ri) => {
    const inner = ri === 0 ? ME_RADIUS : RING_EDGE[RINGS[ri - 1]];
    const radius = (inner + RING_EDGE[ring]) / 2;
    const here = placements.filter((p) => p.ring === ring);
    here.forEach((p, i) => {
      const angle = -Math.PI / 2 + 0.7 + ri * 0.6 + (2 * Math.PI * i) / here.length;
      out.set(p.personId, { x: CENTRE + radius * Math.cos(angle), y: CENTRE + radius * Math.sin(angle) });
    });
  });
  return out;
}

/** The placements of a working circle (person id → place), in person-id order. */
export function placementsOf(places: ReadonlyMap<number, Place>): Placement[] {
  return [...places.entries()]
    .filter((e): e is [number, Ring] => e[1] !== null)
    .sort((a, b) => a[0] - b[0])
    .map(([personId, ring]) => ({ personId, ring }));
}
