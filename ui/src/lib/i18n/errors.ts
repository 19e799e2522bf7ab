import type { AppError } from '../ipc';
import { MIN_PASSPHRASE_CHARS } from '../ipc';
import { formatNumber, t } from './index';

/** Calm, actionable words for an error code; for a limit, which field and what the limit is. */
export function errorText(e: AppError): string {
  if (e.code === 'TooMany' && e.limit !== null && e.field !== null) {
    return t(`error.TooMany.${e.field}`, { limit: formatNumber(e.limit) });
  }
  if (e.code === 'TooLong' && e.limit !== null) return t('error.TooLong.limit', { limit: formatNumber(e.limit) });
  if (e.code === 'FileTooLarge' && e.limit !== null) return t('error.FileTooLarge.limit', { limit: formatNumber(e.limit) });
  return t(`error.${e.code}`, { min: MIN_PASSPHRASE_CHARS });
}
