// The language the app speaks. The choice is kept by the core in preferences.json beside the vault
// (not private), so the lock screen speaks it; the core's own texts (role plays, the
// questionnaires, printed pages) follow it too. Until a choice is made — the very first start —
// the system's preferred languages decide, and that first choice is saved.
import { languageApi, type Language } from '../../ipc';
import { currentLocale, localeFor, useLocale } from '../../i18n';
import { systemLanguages } from '../safety/crisisLines';

/** Reads the choice (or makes the first one from the system) and speaks it; never an error. */
export async function loadLanguage(system: readonly string[] = systemLanguages()): Promise<void> {
  const saved = await languageApi.get().catch(() => null);
  if (saved?.language) {
    useLocale(saved.language);
    return;
  }
  const first = localeFor(system);
  useLocale(first);
  if (saved) await languageApi.set(first).catch(() => {});
}

/**
 * Speaks `language` at once and saves it. If saving is refused the window keeps speaking the
 * language chosen (it is only how the app reads) and the error is passed on to be worded calmly.
 */
export async function changeLanguage(language: Language): Promise<void> {
  if (language === currentLocale()) return;
  useLocale(language);
  await languageApi.set(language);
}
