import { formatNumber, t, type MessageKey } from '../../i18n';
import { errorText } from '../../i18n/errors';
import type { AppError, SafetyContact, SafetyPlan } from '../../ipc';
import { trimSpace } from '../../text';

/** The plan's lists of plain items (steps 1, 2, 3 and 6). */
export type TextStep = 'warningSigns' | 'coping' | 'distractions' | 'saferSurroundings';
/** The plan's lists of people to call (steps 4 and 5). */
export type ContactStep = 'helpers' | 'professionals';
export type StepKey = TextStep | ContactStep;

export interface StepWords {
  key: StepKey;
  kind: 'text' | 'contact';
  heading: MessageKey;
  hint: MessageKey;
  add: MessageKey;
}

/** The six steps, in the order the plan is used: notice, cope alone, be with others, ask, call, make safe. */
export const STEPS: readonly StepWords[] = [
  { key: 'warningSigns', kind: 'text', heading: 'safetyPlan.warningSigns', hint: 'safetyPlan.warningSigns.hint', add: 'safetyPlan.warningSigns.add' },
  { key: 'coping', kind: 'text', heading: 'safetyPlan.coping', hint: 'safetyPlan.coping.hint', add: 'safetyPlan.coping.add' },
  { key: 'distractions', kind: 'text', heading: 'safetyPlan.distractions', hint: 'safetyPlan.distractions.hint', add: 'safetyPlan.distractions.add' },
  { key: 'helpers', kind: 'contact', heading: 'safetyPlan.helpers', hint: 'safetyPlan.helpers.hint', add: 'safetyPlan.helpers.add' },
  { key: 'professionals', kind: 'contact', heading: 'safetyPlan.professionals', hint: 'safetyPlan.professionals.hint', add: 'safetyPlan.professionals.add' },
  {
    key: 'saferSurroundings',
    kind: 'text',
    heading: 'safetyPlan.saferSurroundings',
    hint: 'safetyPlan.saferSurroundings.hint',
    add: 'safetyPlan.saferSurroundings.add',
  },
];

export const TEXT_STEPS: readonly TextStep[] = ['warningSigns', 'coping', 'distractions', 'saferSurroundings'];
export const CONTACT_STEPS: readonly ContactStep[] = ['helpers', 'professionals'];

export function emptyPlan(): SafetyPlan {
  return {
    warningSigns: [],
    coping: [],
    distractions: [],
    helpers: [],
    professionals: [],
    saferSurroundings: [],
    reasonForLiving: '',
    updatedAt: null,
  };
}

/** Whether anything has been written in the plan (then it opens to read, not to edit). */
export function hasContent(plan: SafetyPlan): boolean {
  return (
    TEXT_STEPS.some((k) => plan[k].some((s) => s.trim() !== '')) ||
    CONTACT_STEPS.some((k) => plan[k].some((c) => c.name.trim() !== '' || c.phone.trim() !== '')) ||
    plan.reasonForLiving.trim() !== ''
  );
}

/** The form's rows carry an id so the fields keep their place (and focus) as rows come and go. */
export interface TextRow {
  id: number;
  text: string;
}
export interface ContactRow {
  id: number;
  name: string;
  phone: string;
}
export interface Draft {
  warningSigns: TextRow[];
  coping: TextRow[];
  distractions: TextRow[];
  helpers: ContactRow[];
  professionals: ContactRow[];
  saferSurroundings: TextRow[];
  reasonForLiving: string;
}

let nextId = 1;
export const newTextRow = (text = ''): TextRow => ({ id: nextId++, text });
export const newContactRow = (c: SafetyContact = { name: '', phone: '' }): ContactRow => ({ id: nextId++, name: c.name, phone: c.phone });

export function toDraft(plan: SafetyPlan): Draft {
  return {
    warningSigns: plan.warningSigns.map((s) => newTextRow(s)),
    coping: plan.coping.map((s) => newTextRow(s)),
    distractions: plan.distractions.map((s) => newTextRow(s)),
    helpers: plan.helpers.map((c) => newContactRow(c)),
    professionals: plan.professionals.map((c) => newContactRow(c)),
    saferSurroundings: plan.saferSurroundings.map((s) => newTextRow(s)),
    reasonForLiving: plan.reasonForLiving,
  };
}

const texts = (rows: TextRow[]) => rows.map((r) => trimSpace(r.text)).filter((s) => s !== '');
const contacts = (rows: ContactRow[]) =>
  rows.map((r) => ({ name: trimSpace(r.name), phone: trimSpace(r.phone) })).filter((c) => c.name !== '' || c.phone !== '');

/**
 * What is sent to be saved: each item trimmed, empty rows left out (the core does the same and
 * checks the limits). The form keeps its own rows, so nothing typed is lost if saving fails.
 */
export function fromDraft(draft: Draft, updatedAt: string | null): SafetyPlan {
  return {
    warningSigns: texts(draft.warningSigns),
    coping: texts(draft.coping),
    distractions: texts(draft.distractions),
    helpers: contacts(draft.helpers),
    professionals: contacts(draft.professionals),
    saferSurroundings: texts(draft.saferSurroundings),
    reasonForLiving: trimSpace(draft.reasonForLiving),
    updatedAt,
  };
}

/**
 * A refused save in calm words: a limit names the step it applies to (the core says which), and
 * the patient is told that nothing they typed is gone.
 */
export function planErrorText(e: AppError): string {
  const step = STEPS.find((s) => s.key === e.field);
  let text = errorText(e);
  if (e.code === 'TooLong' && step && e.limit !== null) {
    text = t('safetyPlan.tooLong', { step: t(step.heading), limit: formatNumber(e.limit) });
  }
  return e.code === 'TooMany' || e.code === 'TooLong' ? `${text} ${t('safetyPlan.keptAsTyped')}` : text;
}
