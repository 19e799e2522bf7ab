import type { MessageKey } from '../../i18n';

/**
 * Crisis lines shown by "Need help now". Kept in the UI bundle so they show even when the vault
 * is locked or the backend fails. Each number was checked against the project's clinical guide
 * (shared/CLINICAL.md) on the date given; re-check each one before every release.
 */
export interface CrisisLine {
  id: string;
  name: MessageKey;
  detail: MessageKey;
  // Phone numbers are the same in every language, so they are not in the catalog.
  number?: string;
  checked?: string;
}

export const CRISIS_LINES_CHECKED = '2026-11-25';

export const crisisLines: CrisisLine[] = [
  { id: 'emergency', name: 'help.emergency', detail: 'help.emergency.detail', number: '911 · 112 · 999', checked: CRISIS_LINES_CHECKED },
  { id: 'us-988', name: 'help.us', detail: 'help.us.detail', number: '988', checked: CRISIS_LINES_CHECKED },
  { id: 'uk-samaritans', name: 'help.uk', detail: 'help.uk.detail', number: '116 123', checked: CRISIS_LINES_CHECKED },
  { id: 'es-024', name: 'help.es', detail: 'help.es.detail', number: '024', checked: CRISIS_LINES_CHECKED },
  { id: 'local', name: 'help.local', detail: 'help.local.detail' },
];
