// Between-session prompts written for this project, per problem area (texts in the catalog as
// prompt.<area>.<n>), and a few general ones for when no focus is recorded. A disagreement's
// stage changes its prompts: still talking, stuck, or heading apart call for different work.
import type { MessageKey } from '../../i18n';
import type { CourseFocus, DisputeStage, ProblemArea } from '../../ipc';

export const PROMPT_COUNT: Record<ProblemArea | 'general', number> = {
  grief: 4,
  roleDispute: 5,
  roleTransition: 5,
  interpersonalDeficits: 3,
  general: 4,
};

/** A disagreement's prompts once its stage is known: the stage's own first, then shared ones. */
export const DISPUTE_STAGE_PROMPTS: Record<DisputeStage, MessageKey[]> = {
  // Still talking: what each side wants, and the request to make.
  renegotiation: [
    'prompt.roleDispute.renegotiation.1',
    'prompt.roleDispute.renegotiation.2',
    'prompt.roleDispute.1',
    'prompt.roleDispute.2',
  ],
  // Stuck: what keeps it stuck, and what would open talking again.
  impasse: [
    'prompt.roleDispute.impasse.1',
    'prompt.roleDispute.impasse.2',
    'prompt.roleDispute.2',
    'prompt.roleDispute.3',
  ],
  // Heading apart: the work is mourning and moving on, not asking for change.
  dissolution: [
    'prompt.roleDispute.dissolution.1',
    'prompt.roleDispute.dissolution.2',
    'prompt.roleDispute.dissolution.3',
    'prompt.roleDispute.3',
  ],
};

/** The prompts for one area (for a disagreement, for its stage when one is recorded). */
export function promptKeys(area: ProblemArea | 'general', stage: DisputeStage | null = null): MessageKey[] {
  if (area === 'roleDispute' && stage !== null) return DISPUTE_STAGE_PROMPTS[stage];
  return Array.from({ length: PROMPT_COUNT[area] }, (_, i) => `prompt.${area}.${i + 1}` as MessageKey);
}

/**
 * Today's prompt: one from the agreed areas, taking turns day by day so the same prompt comes
 * back only after the others (general prompts when no area is recorded).
 */
export function promptForDay(focus: Pick<CourseFocus, 'area' | 'disputeStage'>[], day: string): MessageKey {
  const keys = focus.length > 0 ? focus.flatMap((f) => promptKeys(f.area, f.disputeStage)) : promptKeys('general');
  const dayNumber = Math.floor(Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10)) / 86_400_000);
  return keys[dayNumber % keys.length];
}
