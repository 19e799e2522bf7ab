// The printable inventory as plain data: who is on it, their key answers as question → words
// (empty answers left out), and the circle as last saved, ring by ring. Kept apart from the
// markup so another output (a PDF) can be built from the same model.
import { t, type MessageKey } from '../../i18n';
import { localDay } from '../../dates';
import { peopleApi, type Inventory, type InventorySheet, type Placement, type Ring } from '../../ipc';
import { personLabel } from './label';

export const SHEET_RINGS: readonly Ring[] = ['closest', 'close', 'furtherOut'];

export type SheetAnswer = { key: string; question: string; answer: string };
export type SheetPerson = { id: number; label: string; answers: SheetAnswer[] };
export type SheetRing = { ring: Ring; heading: string; names: string[] };
export type SheetCircle = { savedOn: string; placements: Placement[]; rings: SheetRing[] };
export type SheetModel = { today: string; people: SheetPerson[]; circle: SheetCircle | null; nameOf: (id: number) => string };

/** The key answers, in the order the sheet shows them. */
const KEY_ANSWERS: readonly (readonly [keyof Inventory, MessageKey])[] = [
  ['contactOften', 'people.q.contactOften'],
  ['good', 'people.q.good'],
  ['hard', 'people.q.hard'],
  ['iExpect', 'people.q.iExpect'],
  ['theyExpect', 'people.q.theyExpect'],
  ['expectationsFit', 'people.q.expectationsFit'],
  ['wouldChange', 'people.q.wouldChange'],
];

function answers(inv: Inventory): SheetAnswer[] {
  const out: SheetAnswer[] = [];
  for (const [key, question] of KEY_ANSWERS) {
    const value = inv[key];
    if (value === null || value === undefined) continue;
    const answer = key === 'expectationsFit' ? t(`fit.${value}` as MessageKey) : String(value).trim();
    if (answer) out.push({ key, question: t(question), answer });
  }
  return out;
}

/** The sheet's model from what the core answered, on the patient's local date `today`. */
export function sheetModel(sheet: InventorySheet, today: string): SheetModel {
  const names = new Map(sheet.people.map((p) => [p.id, p.inventory.displayName]));
  const nameOf = (id: number) => names.get(id) ?? '';
  let circle: SheetCircle | null = null;
  if (sheet.circle) {
    // Only people on the sheet: someone archived since has no name here.
    const placements = sheet.circle.placements.filter((p) => names.has(p.personId));
    circle = {
      savedOn: localDay(new Date(sheet.circle.takenAt)),
      placements,
      rings: SHEET_RINGS.map((ring) => ({
        ring,
        heading: t(`circle.ringHeading.${ring}`),
        names: placements
          .filter((p) => p.ring === ring)
          .map((p) => nameOf(p.personId))
          .sort((a, b) => a.localeCompare(b)),
      })),
    };
  }
  return {
    today,
    people: sheet.people.map((p) => ({ id: p.id, label: personLabel(p.inventory), answers: answers(p.inventory) })),
    circle,
    nameOf,
  };
}

/** Loads the sheet for today. */
export async function loadSheet(now: Date = new Date()): Promise<SheetModel> {
  return sheetModel(await peopleApi.inventorySheet(), localDay(now));
}
