// A neutral name for patients who share a screen: chosen in Settings, shown at once in the top
// bar and the page title, and read before unlocking (the unlock screen shows it too).
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../App.svelte';
import { lockedStatus, mockBackend, unlockedStatus } from './ipcMock';
import { APP_NAME, NEUTRAL_NAME } from '../lib/generated/limits';

describe('a neutral name', () => {
  it('is chosen in Settings and shows at once in the top bar and the title', async () => {
    const user = userEvent.setup();
    let neutralName = false;
    const backend = mockBackend({
      vault_status: () => unlockedStatus(),
      vault_info: () => ({ dataDir: '/x', sqliteVersion: '3', cipherVersion: '4' }),
      reminders_get_settings: () => ({
        sessionDay: false, sessionDayAt: '09:00', plansDue: false, plansDueAt: '19:00', journalNudge: false,
        journalNudgeAt: '20:30', quietFrom: '22:00', quietUntil: '08:00', quietHours: true, mentionTherapy: false,
      }),
      discretion_get: () => ({ neutralName }),
      discretion_set: ({ settings }) => {
        neutralName = (settings as { neutralName: boolean }).neutralName;
        return { neutralName };
      },
    });
    render(App);
    await waitFor(() => expect(screen.getByTestId('brand')).toHaveTextContent(APP_NAME));
    await user.click(await screen.findByTestId('nav-settings'));
    await user.click(await screen.findByTestId('neutral-name'));
    await waitFor(() => expect(screen.getByTestId('brand')).toHaveTextContent(NEUTRAL_NAME));
    expect(document.title).toBe(NEUTRAL_NAME);
    expect(backend.called('discretion_set')[0].args).toEqual({ settings: { neutralName: true } });
    expect(screen.getByTestId('brand').textContent).not.toMatch(/IPT|therapy/i);
  });

  it('is used before unlocking', async () => {
    mockBackend({ vault_status: () => lockedStatus(), discretion_get: () => ({ neutralName: true }) });
    render(App);
    await screen.findByTestId('unlock-passphrase');
    await waitFor(() => expect(screen.getByTestId('brand')).toHaveTextContent(NEUTRAL_NAME));
  });
});
