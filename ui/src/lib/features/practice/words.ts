// Labels for practice: approaches (helpful first), traps in checklist order, audiences.
import type { MessageKey } from '../../i18n';
import type { Approach, Audience, Trap } from '../../ipc';
import { APPROACHES, APPROACH_EFFECT } from '../../generated/lists';

// The approaches in the core's order, helpful ones (those the other person is likely to take
// openly) first; the traps checklist as the core orders it.
export const HELPFUL: Approach[] = APPROACHES.filter((a) => APPROACH_EFFECT[a] === 'open');
export const UNHELPFUL: Approach[] = APPROACHES.filter((a) => APPROACH_EFFECT[a] !== 'open');
export { TRAPS } from '../../generated/lists';

export const approachKey = (a: Approach) => `approach.${a}` as MessageKey;
export const trapKey = (tr: Trap) => `trap.${tr}` as MessageKey;
export const audienceKey = (a: Audience) => `audience.${a}` as MessageKey;

/** A 0–10 number input's value as the core wants it: a number, or null when left empty. */
export function score(v: number | string | null | undefined): number | null {
  return v === '' || v === null || v === undefined ? null : Number(v);
}
