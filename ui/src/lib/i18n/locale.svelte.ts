// The language the window speaks now. A rune, so every message on screen (each reads it through
// paraglide's getLocale) is drawn again the moment it changes; no reload.
import { baseLocale, isLocale, overwriteGetLocale, type Locale } from '../paraglide/runtime.js';

const state = $state<{ locale: Locale }>({ locale: baseLocale });

overwriteGetLocale(() => state.locale);

export type { Locale };

export function currentLocale(): Locale {
  return state.locale;
}

/** Speaks `locale` from now on (and tells assistive technology and the spell checker). */
export function useLocale(locale: Locale) {
  state.locale = locale;
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

/**
 * The app's language for the system's preferred languages (`navigator.languages`, most preferred
 * first): the first one the app is written in, else English.
 */
export function localeFor(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split(/[-_]/)[0];
    if (isLocale(primary)) return primary;
  }
  return baseLocale;
}
