// How guessable a new passphrase is (issue 17). Advice only: the one rule stays the minimum length
// (MIN_PASSPHRASE_CHARS, checked by the core); nothing here ever stops a passphrase being saved.
//
// This module, zxcvbn and its word lists (about 1 MB each for English and Spanish) are loaded with
// dynamic `import()` (see PassphraseStrength.svelte), so they are separate chunks fetched only once
// someone types a new passphrase, never part of the first screen's bundle; only the word lists of
// the language in use are fetched. zxcvbn's own English feedback is never shown: its warning keys
// are mapped to a few messages of ours, in our voice and in the UI language.
import type { MessageKey } from '../../i18n';

/** The languages we have word lists for. */
export type StrengthLanguage = 'en' | 'es';

/** 0 easy to guess … 3 very hard to guess. */
export type StrengthLevel = 0 | 1 | 2 | 3;

/** Which of our own tips fits what zxcvbn found. */
export type StrengthTip = 'common' | 'pattern' | 'date' | 'word' | 'appName' | 'more';

export interface Strength {
  level: StrengthLevel;
  /** A tip for the two easier levels; none once the passphrase is hard to guess. */
  tip: StrengthTip | null;
}

/**
 * The word lists to check against for a UI language code ("es", "es-MX", "en-US"…): Spanish for any
 * Spanish, English otherwise.
 */
export function strengthLanguage(code: string): StrengthLanguage {
  return code.toLowerCase().split(/[-_]/)[0] === 'es' ? 'es' : 'en';
}

/** Words a guesser would try first for this app. */
export const APP_WORDS: readonly string[] = ['ipt', 'companion', 'iptcompanion', 'interpersonal', 'therapy', 'terapia', 'vault'];

export const LEVEL_KEYS = {
  0: 'strength.level.0',
  1: 'strength.level.1',
  2: 'strength.level.2',
  3: 'strength.level.3',
} as const satisfies Record<StrengthLevel, MessageKey>;

export const TIP_KEYS = {
  common: 'strength.tip.common',
  pattern: 'strength.tip.pattern',
  date: 'strength.tip.date',
  word: 'strength.tip.word',
  appName: 'strength.tip.appName',
  more: 'strength.tip.more',
} as const satisfies Record<StrengthTip, MessageKey>;

type LevelKey = (typeof LEVEL_KEYS)[StrengthLevel];
type TipKey = (typeof TIP_KEYS)[StrengthTip];

/** zxcvbn's warning keys (it returns keys, not text, when given no translations) → our tips. */
const TIP_FOR_WARNING: Record<string, StrengthTip> = {
  topTen: 'common',
  topHundred: 'common',
  common: 'common',
  similarToCommon: 'common',
  pwned: 'common',
  straightRow: 'pattern',
  keyPattern: 'pattern',
  simpleRepeat: 'pattern',
  extendedRepeat: 'pattern',
  sequences: 'pattern',
  recentYears: 'date',
  dates: 'date',
  wordByItself: 'word',
  namesByThemselves: 'word',
  commonNames: 'word',
  userInputs: 'appName',
};

/** The message keys for a strength: its level's words, and the tip if there is one. */
export function strengthMessages(strength: Strength): { levelKey: LevelKey; tipKey: TipKey | null } {
  return { levelKey: LEVEL_KEYS[strength.level], tipKey: strength.tip ? TIP_KEYS[strength.tip] : null };
}

/** zxcvbn's score 0–4 → our four levels (its 0 and 1 both read as easy to guess). */
export function levelForScore(score: number): StrengthLevel {
  return score >= 4 ? 3 : score === 3 ? 2 : score === 2 ? 1 : 0;
}

/** Our level and tip for zxcvbn's score and warning key. */
export function strengthFrom(score: number, warning: string | null): Strength {
  const level = levelForScore(score);
  if (level >= 2) return { level, tip: null };
  return { level, tip: (warning && TIP_FOR_WARNING[warning]) || 'more' };
}

type Check = (passphrase: string) => { score: number; feedback: { warning: string | null } };

const checkers = new Map<StrengthLanguage, Promise<Check>>();

function checker(language: StrengthLanguage): Promise<Check> {
  let loading = checkers.get(language);
  if (!loading) {
    loading = Promise.all([
      import('@zxcvbn-ts/core'),
      import('@zxcvbn-ts/language-common'),
      language === 'es' ? import('@zxcvbn-ts/language-es-es') : import('@zxcvbn-ts/language-en'),
    ]).then(([core, common, words]) => {
      // No translations: feedback comes back as keys, which we map to our own words above.
      // No Levenshtein matching: it made a single check take up to seconds on a long passphrase.
      const zxcvbn = new core.ZxcvbnFactory({
        dictionary: { ...common.dictionary, ...words.dictionary },
        graphs: common.adjacencyGraphs,
      });
      return (passphrase: string) => zxcvbn.check(passphrase, [...APP_WORDS]);
    });
    // A failed load (it should not happen: the chunks ship with the app) is tried again next time.
    loading.catch(() => checkers.delete(language));
    checkers.set(language, loading);
  }
  return loading;
}

/** How guessable `passphrase` is, judged with the word lists of `language`. */
export async function assessPassphrase(passphrase: string, language: StrengthLanguage): Promise<Strength> {
  const check = await checker(language);
  const { score, feedback } = check(passphrase);
  return strengthFrom(score, feedback.warning);
}
