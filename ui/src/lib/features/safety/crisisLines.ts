import type { MessageKey } from '../../i18n';
import { currentLocale, type Locale } from '../../i18n';
import { CRISIS_COUNTRIES } from '../../generated/crisisLines';
import type { CrisisCountry as Reviewed } from '../../generated/CrisisCountry';

/**
 * Crisis lines shown by "Need help now", by country. The data is the core's reviewed file
 * (crates/core/data/crisis_lines.json, each entry with the date it was checked), generated into
 * the UI bundle so the lines show even when the vault is locked or the backend fails.
 */
export type CountryId = string;

export interface CrisisLine {
  /** The line's own name, e.g. "988 Suicide & Crisis Lifeline" (the same in every language). */
  name: string;
  /** How to reach it, e.g. "Call or text, any time". */
  detail: MessageKey;
  number: string;
}

export interface CrisisCountry {
  id: CountryId;
  /** The country's name, in the app's language. */
  name: string;
  line: CrisisLine;
  /** The emergency numbers, as they are dialed there (several: in the order to try). */
  emergency: string[];
  /** `YYYY-MM-DD`: when this entry was last checked. */
  checked: string;
}


/** How to reach a line, in a few words. */
function detailOf(c: Reviewed): MessageKey {
  if (c.offers.includes('chat')) return 'help.line.callTextOrChat';
  if (c.offers.includes('text')) return 'help.line.callOrText';
  return c.free ? 'help.line.callFree' : 'help.line.callAnyTime';
}

const byLocale = new Map<Locale, CrisisCountry[]>();

/**
 * Every country the app knows a line for, in the neutral order: by name, named and sorted in
 * the app's current language.
 */
export function crisisCountries(): CrisisCountry[] {
  const locale = currentLocale();
  let list = byLocale.get(locale);
  if (!list) {
    const regionNames = new Intl.DisplayNames([locale], { type: 'region' });
    list = CRISIS_COUNTRIES.map((c) => ({
      id: c.country,
      name: regionNames.of(c.country) ?? c.country,
      line: { name: c.line, detail: detailOf(c), number: c.number },
      emergency: c.emergency,
      checked: c.checked,
    })).sort((a, b) => a.name.localeCompare(b.name, locale));
    byLocale.set(locale, list);
  }
  return list;
}

/** The oldest date any line was checked: what "Need help now" says the numbers were checked on. */
export const CRISIS_LINES_CHECKED: string = CRISIS_COUNTRIES.map((c) => c.checked).sort()[0] ?? '';

const KNOWN = new Set<string>(CRISIS_COUNTRIES.map((c) => c.country));

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
  const all = crisisCountries();
  if (first === null) return all;
  const head = all.filter((c) => c.id === first);
  return [...head, ...all.filter((c) => c.id !== first)];
}
