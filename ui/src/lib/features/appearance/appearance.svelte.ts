// Appearance (WCAG 2.2 AA): light or dark colours, a larger text size, calmer motion. Read at
// start together with the vault status, before the first screen, and applied to <html> at once;
// the choice itself is kept by the core outside the vault, so the lock screen shows it too.
import { appearanceApi } from '../../ipc';
import type { AppearanceSettings } from '../../generated/AppearanceSettings';

/** The text sizes offered, in percent (the core refuses any other). */
export const TEXT_SIZES = [100, 125, 150, 175, 200] as const;

/** The app's normal text size, in px at 100 % (app.css sets the same on :root). */
const BASE_PX = 17;
/** The browser's own default size, which a percentage on <html> is taken of. */
const BROWSER_PX = 16;

export const DEFAULT_APPEARANCE: AppearanceSettings = { theme: 'system', textSize: 100, reduceMotion: 'system' };

export const appearance: AppearanceSettings = $state({ ...DEFAULT_APPEARANCE });

/**
 * Puts the choice on <html>: `data-theme` when not following the system, the text size as a
 * percentage (rem-based sizes scale with it), `data-motion="reduce"` when asked.
 */
export function applyAppearance(s: AppearanceSettings, root: HTMLElement = document.documentElement): void {
  if (s.theme === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', s.theme);
  if (s.reduceMotion === 'reduce') root.setAttribute('data-motion', 'reduce');
  else root.removeAttribute('data-motion');
  root.setAttribute('data-text-size', String(s.textSize));
  // 17 px × the chosen percent, as a percentage of the browser's default (so a larger system
  // font grows the app too).
  root.style.fontSize = `${(s.textSize * BASE_PX) / BROWSER_PX}%`;
}

function keep(s: AppearanceSettings) {
  appearance.theme = s.theme;
  appearance.textSize = s.textSize;
  appearance.reduceMotion = s.reduceMotion;
  applyAppearance(s);
}

/** Reads and applies the choice; never an error (the defaults stay if it cannot be read). */
export async function loadAppearance(): Promise<void> {
  const s = await appearanceApi.get().catch(() => null);
  keep(s ?? DEFAULT_APPEARANCE);
}

/**
 * Applies a change at once and saves the whole choice. If saving is refused, the screen goes
 * back to what was kept and the error is passed on for the caller to word calmly.
 */
export async function changeAppearance(change: Partial<AppearanceSettings>): Promise<void> {
  const before: AppearanceSettings = { ...appearance };
  const next: AppearanceSettings = { ...before, ...change };
  keep(next);
  try {
    keep(await appearanceApi.set(next));
  } catch (e) {
    keep(before);
    throw e;
  }
}
