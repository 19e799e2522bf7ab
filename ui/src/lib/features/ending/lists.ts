// The ending plan's five lists, in the order they are written and read, and the form's rows.
import { formatNumber, t, type MessageKey } from '../../i18n';
import { errorText } from '../../i18n/errors';
import type { AppError, EndingPlan } from '../../ipc';

export type ListKey = 'changes' | 'warningSigns' | 'ifTheyComeBack' | 'contacts' | 'comeBackIf';

export interface ListWords {
  key: ListKey;
  heading: MessageKey;
  hint: MessageKey;
  add: MessageKey;
}

const words = (key: ListKey): ListWords => ({
  key,
  heading: `ending.plan.${key}` as MessageKey,
  hint: `ending.plan.${key}.hint` as MessageKey,
  add: `ending.plan.${key}.add` as MessageKey,
});

/** What changed, then the signs, what I will do, whom I will contact, and when to come back. */
export const LISTS: readonly ListWords[] = (['changes', 'warningSigns', 'ifTheyComeBack', 'contacts', 'comeBackIf'] as const).map(words);

/** The three lists shown back to the patient when their warning signs return. */
export const WHEN_SIGNS_RETURN: readonly ListWords[] = LISTS.filter((l) => l.key === 'ifTheyComeBack' || l.key === 'contacts' || l.key === 'comeBackIf');

export function emptyEndingPlan(): EndingPlan {
  return { changes: [], warningSigns: [], ifTheyComeBack: [], contacts: [], comeBackIf: [], monthlyCheckIn: false, updatedAt: null };
}

/** Whether anything has been written (then the plan opens to read, not to edit). */
export function hasContent(plan: EndingPlan): boolean {
  return LISTS.some((l) => plan[l.key].some((s) => s.trim() !== '')) || plan.updatedAt !== null;
}

/** Rows carry an id so the fields keep their place (and focus) as rows come and go. */
export interface Row {
  id: number;
  text: string;
}
export type Draft = Record<ListKey, Row[]> & { monthlyCheckIn: boolean };

let nextId = 1;
export const newRow = (text = ''): Row => ({ id: nextId++, text });

export function toDraft(plan: EndingPlan): Draft {
  return {
    changes: plan.changes.map((s) => newRow(s)),
    warningSigns: plan.warningSigns.map((s) => newRow(s)),
    ifTheyComeBack: plan.ifTheyComeBack.map((s) => newRow(s)),
    contacts: plan.contacts.map((s) => newRow(s)),
    comeBackIf: plan.comeBackIf.map((s) => newRow(s)),
    monthlyCheckIn: plan.monthlyCheckIn,
  };
}

const texts = (rows: Row[]) => rows.map((r) => r.text.trim()).filter((s) => s !== '');

/** What is sent: each line trimmed, empty ones left out (the core does the same and checks the limits). */
export function fromDraft(d: Draft, updatedAt: string | null): EndingPlan {
  return {
    changes: texts(d.changes),
    warningSigns: texts(d.warningSigns),
    ifTheyComeBack: texts(d.ifTheyComeBack),
    contacts: texts(d.contacts),
    comeBackIf: texts(d.comeBackIf),
    monthlyCheckIn: d.monthlyCheckIn,
    updatedAt,
  };
}

/** A refused save in calm words; "too many" names the plan's own limit. */
export function planErrorText(e: AppError): string {
  if (e.code === 'TooMany' && e.field === null && e.limit !== null) {
    return t('ending.plan.tooMany', { limit: formatNumber(e.limit) });
  }
  return errorText(e);
}
