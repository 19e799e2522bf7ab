// The circle in words: a ring's name, the date a snapshot was saved, and who is in each ring —
// for the list view, the drawing's accessible name and the comparison.
import { formatList, t } from '../../i18n';
import { localDay, plainDate } from '../../dates';
import type { PersonSummary, Placement, Ring } from '../../ipc';
import { personLabel } from '../people/label';
import { RINGS, type Place } from './geometry';

export function placeWord(place: Place): string {
  return place === null ? t('circle.unplaced') : t(`circle.ring.${place}`);
}

export function savedOn(takenAt: string): string {
  return plainDate(localDay(new Date(takenAt)));
}

/** The people in `ring`, A–Z by the names shown. */
export function inRing(placements: readonly Placement[], ring: Ring, nameOf: (id: number) => string): number[] {
  const ids = placements.filter((p) => p.ring === ring).map((p) => p.personId);
  return ids.sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
}

/** "Closest: Jo. Close: Sam and Ana. Further out: nobody." */
export function circleSummary(placements: readonly Placement[], nameOf: (id: number) => string): string {
  return RINGS.map((r) => {
    const who = inRing(placements, r, nameOf).map(nameOf);
    return t('circle.summaryRing', { ring: t(`circle.ringHeading.${r}`), names: who.length ? formatList(who) : t('circle.nobody') });
  }).join(' ');
}

/** How the circle names each person: the name, or with who they are to the patient when two
 * people share a name; someone no longer on the list is "someone". */
export function nameLookup(people: readonly PersonSummary[]): (id: number) => string {
  const all = people.map((p) => p.displayName);
  const shared = all.filter((n, i) => all.indexOf(n) !== i);
  const names = new Map(people.map((p) => [p.id, shared.includes(p.displayName) ? personLabel(p) : p.displayName]));
  return (id) => names.get(id) ?? t('circle.someone');
}
