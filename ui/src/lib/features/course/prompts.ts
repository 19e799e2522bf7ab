// Between-session prompts written for this project, per problem area (texts in the catalog as
// prompt.<area>.<n>), and a few general ones for when no focus is recorded.
import type { MessageKey } from '../../i18n';
import type { ProblemArea } from '../../ipc';

export const PROMPT_COUNT: Record<ProblemArea | 'general', number> = {
  grief: 4,
  roleDispute: 5,
  roleTransition: 5,
  interpersonalDeficits: 3,
  general: 4,
};

export function promptKeys(area: ProblemArea | 'general'): MessageKey[] {
  return Array.from({ length: PROMPT_COUNT[area] }, (_, i) => `prompt.${area}.${i + 1}` as MessageKey);
}

/**
 * Today's prompt: one from the agreed areas, taking turns day by day so the same prompt comes
 * back only after the others (general prompts when no area is recorded).
 */
export function promptForDay(areas: ProblemArea[], day: string): MessageKey {
  const keys = areas.length > 0 ? areas.flatMap(promptKeys) : promptKeys('general');
  const dayNumber = Math.floor(Date.UTC(+day.slice(0, 4), +day.slice(5, 7) - 1, +day.slice(8, 10)) / 86_400_000);
  return keys[dayNumber % keys.length];
}
