import { formatNumber, t } from '../../i18n';

/** The share of the limit from which the "n of max characters" line is shown. */
export const SHOW_COUNT_FROM = 0.9;

/**
 * The "n of max characters" line under a long text field, or `null` while the text is far from
 * the limit (nobody needs "40 of 200,000 characters" under every entry). Numbers carry the
 * usual thousands separator. `max` is the limit the core enforces, passed in by the caller.
 */
export function charCountText(length: number, max: number): string | null {
  if (length < max * SHOW_COUNT_FROM) return null;
  return t('entry.text.count', { n: formatNumber(length), max: formatNumber(max) });
}
