// The phases in plain words, a sentence on what usually happens in each, and the term a therapist
// may use. Wherever a phase is named (Home, the course page), these go with it.
import type { MessageKey } from '../../i18n';
import type { Phase } from '../../ipc';

export const PHASE_NAME: Record<Phase, MessageKey> = {
  notStarted: 'phase.notStarted',
  initial: 'phase.initial',
  middle: 'phase.middle',
  termination: 'phase.termination',
  completed: 'phase.completed',
};

/** What usually happens in a phase (the last one says that mixed feelings about ending are normal). */
export const PHASE_ABOUT: Partial<Record<Phase, MessageKey>> = {
  initial: 'phase.initial.about',
  middle: 'phase.middle.about',
  termination: 'phase.termination.about',
};

export const PHASE_TERM: Partial<Record<Phase, MessageKey>> = {
  initial: 'phase.initial.detail',
  middle: 'phase.middle.detail',
  termination: 'phase.termination.detail',
};

/** The three phases of a course, in order. */
export const COURSE_PHASES = ['initial', 'middle', 'termination'] as const satisfies readonly Phase[];
