import type { MessageKey } from '../../i18n';

/**
 * Crisis lines shown by "Need help now", by country. Kept in the UI bundle so they show even when
 * the vault is locked or the backend fails. The numbers are the project's reviewed list
 * (shared/CLINICAL.md, "Safety"); they were last checked against that list on
 * CRISIS_LINES_CHECKED. Re-check each one before every release and move the date.
 */
export type CountryId = 'US' | 'CA' | 'MX' | 'GB' | 'IE' | 'ES' | 'AU';

export interface CrisisLine {
  /** The line's name, e.g. "988 Suicide & Crisis Lifeline". */
  name: MessageKey;
  /** How to reach it, e.g. "Call or text, any time". */
  detail: MessageKey;
  // Phone numbers are the same in every language, so they are not in the catalog.
  number: string;
}

export interface CrisisCountry {
  id: CountryId;
  /** The country's name. */
  name: MessageKey;
  line: CrisisLine;
  /** The emergency numbers, as they are dialed there (several: in the order to try). */
  emergency: string[];
}

/** When the numbers below were last checked against the project's reviewed list. */
export const CRISIS_LINES_CHECKED = '2026-11-25';

/** Every country the app knows a line for, in the neutral order (by English name). */
export const crisisCountries: CrisisCountry[] = [
  {
    id: 'AU',
    name: 'help.country.AU',
    line: { name: 'help.line.AU', detail: 'help.line.callAnyTime', number: '13 11 14' },
    emergency: ['000'],
  },
  {
    id: 'CA',
    name: 'help.country.CA',
    line: { name: 'help.line.CA', detail: 'help.line.callAnyTime', number: '988' },
    emergency: ['911'],
  },
  {
    id: 'IE',
    name: 'help.country.IE',
    line: { name: 'help.line.samaritans', detail: 'help.line.callFree', number: '116 123' },
    emergency: ['112', '999'],
  },
  {
    id: 'MX',
    name: 'help.country.MX',
    line: { name: 'help.line.MX', detail: 'help.line.callFree', number: '800 911 2000' },
    emergency: ['911'],
  },
  {
    id: 'ES',
    name: 'help.country.ES',
    line: { name: 'help.line.ES', detail: 'help.line.callFree', number: '024' },
    emergency: ['112'],
  },
  {
    id: 'GB',
    name: 'help.country.GB',
    line: { name: 'help.line.samaritans', detail: 'help.line.callFree', number: '116 123' },
    emergency: ['999', '112'],
  },
  {
    id: 'US',
    name: 'help.country.US',
    line: { name: 'help.line.US', detail: 'help.line.callOrText', number: '988' },
    emergency: ['911'],
  },
];

const KNOWN = new Set<string>(crisisCountries.map((c) => c.id));

/**
 * The country to show first, guessed from the language tags the system gives (e.g. `en-US`,
 * `es-MX`, `fr-CA`): the region of the first tag that names one we have a line for. A tag
 * without a region (`en`, `es`) says nothing about where the patient is, so it is skipped;
 * `null` when no tag helps, and the dialog then keeps the neutral order.
 */
export function guessCountry(languages: readonly string[]): CountryId | null {
  for (const tag of languages) {
    const region = regionOf(tag);
    if (region === 'UK') return 'GB';
    if (region && KNOWN.has(region)) return region as CountryId;
  }
  return null;
}

function regionOf(tag: string): string | null {
  try {
    const region = new Intl.Locale(tag).region;
    if (region) return region.toUpperCase();
  } catch {
    // Not a well-formed tag (e.g. `en_US` from some systems): read it by hand below.
  }
  const m = /^[a-z]{2,3}(?:[-_][a-z]{4})?[-_]([a-z]{2})\b/i.exec(tag);
  return m ? m[1].toUpperCase() : null;
}

/** The system's language tags, most preferred first (empty when the platform gives none). */
export function systemLanguages(): string[] {
  if (typeof navigator === 'undefined') return [];
  if (navigator.languages && navigator.languages.length > 0) return [...navigator.languages];
  return navigator.language ? [navigator.language] : [];
}

/** The countries in the order to show them: the guessed one first, then the others. */
export function orderedCountries(first: CountryId | null): CrisisCountry[] {
  if (first === null) return crisisCountries;
  const head = crisisCountries.filter((c) => c.id === first);
  return [...head, ...crisisCountries.filter((c) => c.id !== first)];
}
