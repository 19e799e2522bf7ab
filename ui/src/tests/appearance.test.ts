// Appearance (issue 17, WCAG 2.2 AA): the theme, text size and motion are applied to <html> at
// start, before the first screen; changed in Settings or, before unlocking, behind "Display";
// applied at once and saved as a whole; a refused save is worded calmly and undone on screen.
import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../App.svelte';
import { lockedStatus, mockBackend, unlockedStatus } from './ipcMock';
import AppearanceSettings from '../lib/features/appearance/AppearanceSettings.svelte';
import { loadAppearance } from '../lib/features/appearance/appearance.svelte';
import type { AppearanceSettings as Settings } from '../lib/generated/AppearanceSettings';

const html = document.documentElement;
const DEFAULTS: Settings = { theme: 'system', textSize: 100, reduceMotion: 'system' };

afterEach(() => {
  html.removeAttribute('data-theme');
  html.removeAttribute('data-motion');
  html.removeAttribute('data-text-size');
  html.style.fontSize = '';
});

const settingsPage = {
  vault_status: () => unlockedStatus(),
  vault_info: () => ({ dataDir: '/x', sqliteVersion: '3', cipherVersion: '4' }),
  reminders_get_settings: () => ({
    sessionDay: false, sessionDayAt: '09:00', plansDue: false, plansDueAt: '19:00', journalNudge: false,
    journalNudgeAt: '20:30', quietFrom: '22:00', quietUntil: '08:00', quietHours: true, mentionTherapy: false,
  }),
  discretion_get: () => ({ neutralName: false }),
};

/** A backend that keeps what it is sent, like the core (refusing sizes it does not offer). */
function kept(start: Settings = DEFAULTS) {
  let saved = { ...start };
  return {
    appearance_get: () => saved,
    appearance_set: ({ settings }: Record<string, unknown>) => {
      const s = settings as Settings;
      if (![100, 125, 150, 175, 200].includes(s.textSize)) throw { code: 'InvalidInput', message: 'text size' };
      saved = { ...s };
      return saved;
    },
  };
}

describe('appearance in Settings', () => {
  it('applies each choice at once and saves the whole object', async () => {
    const user = userEvent.setup();
    const backend = mockBackend(kept());
    await loadAppearance();
    render(AppearanceSettings);
    expect(screen.getByTestId('appearance')).toHaveTextContent('Appearance');
    expect(screen.getByTestId('appearance-theme-system')).toBeChecked();
    expect(screen.getByTestId('appearance-size-100')).toBeChecked();
    expect(html).not.toHaveAttribute('data-theme');

    await user.click(screen.getByTestId('appearance-theme-dark'));
    expect(html).toHaveAttribute('data-theme', 'dark');
    await user.click(screen.getByTestId('appearance-size-200'));
    expect(html).toHaveAttribute('data-text-size', '200');
    // 17 px × 2, as a percentage of the browser's 16 px: rem-based sizes double.
    expect(html.style.fontSize).toBe('212.5%');
    await user.click(screen.getByTestId('appearance-motion-reduce'));
    expect(html).toHaveAttribute('data-motion', 'reduce');
    await waitFor(() =>
      expect(backend.called('appearance_set').map((c) => c.args)).toEqual([
        { settings: { theme: 'dark', textSize: 100, reduceMotion: 'system' } },
        { settings: { theme: 'dark', textSize: 200, reduceMotion: 'system' } },
        { settings: { theme: 'dark', textSize: 200, reduceMotion: 'reduce' } },
      ]),
    );
    expect(await screen.findByTestId('appearance-saved')).toHaveTextContent('Saved.');
  });

  it('goes back to following the computer at the normal size', async () => {
    const user = userEvent.setup();
    mockBackend(kept({ theme: 'dark', textSize: 175, reduceMotion: 'reduce' }));
    await loadAppearance();
    expect(html.style.fontSize).toBe('185.9375%');
    render(AppearanceSettings);
    await user.click(screen.getByTestId('appearance-theme-light'));
    expect(html).toHaveAttribute('data-theme', 'light');
    await user.click(screen.getByTestId('appearance-theme-system'));
    expect(html).not.toHaveAttribute('data-theme');
    await user.click(screen.getByTestId('appearance-motion-system'));
    expect(html).not.toHaveAttribute('data-motion');
    await user.click(screen.getByTestId('appearance-size-100'));
    expect(html.style.fontSize).toBe('106.25%');
  });

  it('says calmly when a choice could not be kept, and shows what is kept', async () => {
    const user = userEvent.setup();
    mockBackend({
      ...settingsPage,
      appearance_get: () => ({ theme: 'dark', textSize: 125, reduceMotion: 'system' }),
      appearance_set: () => {
        throw { code: 'InvalidInput', message: 'text size must be one of [100, 125, 150, 175, 200] percent' };
      },
    });
    render(App);
    await user.click(await screen.findByTestId('nav-settings'));
    await user.click(await screen.findByTestId('appearance-size-175'));
    const alert = await screen.findByTestId('appearance-error');
    expect(alert).toHaveAttribute('role', 'alert');
    expect(alert).toHaveTextContent('That choice could not be kept, so the screen is back as it was.');
    // No raw error text, no blame.
    expect(alert.textContent).not.toMatch(/percent|\[|InvalidInput|invalid|wrong|fail/i);
    expect(html).toHaveAttribute('data-text-size', '125');
    expect(html.style.fontSize).toBe('132.8125%');
    expect(screen.getByTestId('appearance-size-125')).toBeChecked();
    expect(html).toHaveAttribute('data-theme', 'dark');
  }, 20_000);
});

describe('appearance before unlocking', () => {
  it('is applied before the lock screen shows, and can be changed there', async () => {
    const user = userEvent.setup();
    const backend = mockBackend({
      vault_status: () => lockedStatus(),
      ...kept({ theme: 'dark', textSize: 150, reduceMotion: 'reduce' }),
    });
    render(App);
    await screen.findByTestId('unlock-passphrase');
    // Already applied when the first screen appears.
    expect(html).toHaveAttribute('data-theme', 'dark');
    expect(html).toHaveAttribute('data-motion', 'reduce');
    expect(html.style.fontSize).toBe('159.375%');

    await user.click(screen.getByTestId('display-open'));
    expect(screen.getByTestId('display-theme-dark')).toBeChecked();
    await user.click(screen.getByTestId('display-theme-light'));
    expect(html).toHaveAttribute('data-theme', 'light');
    await user.click(screen.getByTestId('display-size-200'));
    expect(html.style.fontSize).toBe('212.5%');
    await waitFor(() =>
      expect(backend.called('appearance_set').at(-1)?.args).toEqual({
        settings: { theme: 'light', textSize: 200, reduceMotion: 'reduce' },
      }),
    );
  }, 20_000);

  it('is offered on the welcome screen too, and a missing answer leaves the defaults', async () => {
    mockBackend({
      vault_status: () => ({ ...lockedStatus(), exists: false, files: 'none' }),
      appearance_get: () => {
        throw { code: 'Io', message: 'no' };
      },
    });
    render(App);
    await screen.findByTestId('welcome-start');
    expect(screen.getByTestId('display-control')).toBeInTheDocument();
    expect(html).not.toHaveAttribute('data-theme');
    expect(html.style.fontSize).toBe('106.25%');
  });
});
