// Labels for practice: approaches (helpful first), traps in checklist order, audiences.
import type { MessageKey } from '../../i18n';
import type { Approach, Audience, Trap } from '../../ipc';

export const HELPFUL: Approach[] = ['iStatement', 'specificRequest', 'acknowledge', 'checkUnderstanding', 'stateLimit'];
export const UNHELPFUL: Approach[] = ['hinting', 'blaming', 'withdrawing', 'allOrNothing'];
export const TRAPS: Trap[] = [
  'hintingInsteadOfAsking',
  'assumingIWasUnderstood',
  'assumingIUnderstoodThem',
  'sayingItIndirectly',
  'goingSilent',
  'blaming',
  'oldGrievances',
  'allOrNothingWords',
];

export const approachKey = (a: Approach) => `approach.${a}` as MessageKey;
export const trapKey = (tr: Trap) => `trap.${tr}` as MessageKey;
export const audienceKey = (a: Audience) => `audience.${a}` as MessageKey;

/** A 0–10 number input's value as the core wants it: a number, or null when left empty. */
export function score(v: number | string | null | undefined): number | null {
  return v === '' || v === null || v === undefined ? null : Number(v);
}
