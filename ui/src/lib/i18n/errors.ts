import type { AppError } from '../ipc';
import { MIN_PASSPHRASE_CHARS } from '../ipc';
import { t } from './index';

/** Calm, actionable words for an error code. */
export function errorText(e: AppError): string {
  return t(`error.${e.code}`, { min: MIN_PASSPHRASE_CHARS });
}
