import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../App.svelte';
import { t } from '../lib/i18n';
import { FIRST_SCREEN_MARK, resetFirstScreenMark } from '../lib/firstScreen';
import { lockedStatus, mockBackend, unlockedStatus } from './ipcMock';

// Issue #18: the first window loads only what it shows. Each feature module below records the
// moment it is imported (the factory runs on the first import of the module, static or dynamic).
const imported = vi.hoisted(() => new Set<string>());
vi.mock('../lib/features/journal/Journal.svelte', async (original) => {
  imported.add('journal');
  return original();
});
vi.mock('../lib/features/settings/Settings.svelte', async (original) => {
  imported.add('settings');
  return original();
});
vi.mock('../lib/features/safety/SafetyPlan.svelte', async (original) => {
  imported.add('safetyPlan');
  return original();
});

describe('screens load when first opened', () => {
  it('the journal’s code is not loaded until the journal is opened', async () => {
    const user = userEvent.setup();
    mockBackend({
      vault_status: () => unlockedStatus(),
      journal_list: () => ({ items: [], nextCursor: null }),
      journal_mood_by_day: () => [],
      journal_tags: () => [],
      journal_get_draft: () => null,
      people_list: () => [],
    });
    render(App);
    await screen.findByTestId('home');
    expect(screen.getByTestId('nav-journal')).toBeInTheDocument();
    expect(imported.has('journal')).toBe(false);
    expect(imported.has('settings')).toBe(false);
    expect(imported.has('safetyPlan')).toBe(false);

    await user.click(screen.getByTestId('nav-journal'));
    expect(await screen.findByTestId('journal')).toBeInTheDocument();
    expect(imported.has('journal')).toBe(true);
    // Opening one screen loads that one only.
    expect(imported.has('settings')).toBe(false);
    expect(imported.has('safetyPlan')).toBe(false);
  });
});

describe('the frame before the vault status', () => {
  it('shows the top bar and a working "Need help now" while the status is awaited', async () => {
    const user = userEvent.setup();
    let answer: (s: unknown) => void = () => {};
    const status = new Promise((resolve) => (answer = resolve));
    mockBackend({ vault_status: () => status });
    render(App);

    // Before the backend has answered: the app name, "Need help now" and one calm line.
    expect(screen.getByTestId('brand')).toBeInTheDocument();
    expect(screen.getByTestId('need-help')).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent(t('app.loading'));
    await user.click(screen.getByTestId('need-help'));
    expect(screen.getByTestId('help-dialog')).toHaveAttribute('open');
    expect(screen.getByRole('heading', { name: t('help.title') })).toBeInTheDocument();
    expect(screen.queryByTestId('unlock-passphrase')).not.toBeInTheDocument();
    expect(screen.queryByTestId('nav-journal')).not.toBeInTheDocument();

    // Then the same screen as always: the vault is locked.
    answer(lockedStatus());
    expect(await screen.findByTestId('unlock-passphrase')).toBeInTheDocument();
    expect(screen.getByTestId('brand')).toBeInTheDocument();
  });
});

describe('the first-screen mark (make bench-app)', () => {
  it('is set once, after the first real screen is painted, not while the status is awaited', async () => {
    resetFirstScreenMark();
    performance.clearMarks(FIRST_SCREEN_MARK);
    let answer: (s: unknown) => void = () => {};
    const status = new Promise((resolve) => (answer = resolve));
    mockBackend({ vault_status: () => status });
    render(App);
    await new Promise((r) => setTimeout(r, 50));
    expect(performance.getEntriesByName(FIRST_SCREEN_MARK)).toHaveLength(0);

    answer(lockedStatus());
    expect(await screen.findByTestId('unlock-passphrase')).toBeInTheDocument();
    await vi.waitFor(() => expect(performance.getEntriesByName(FIRST_SCREEN_MARK)).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 50));
    expect(performance.getEntriesByName(FIRST_SCREEN_MARK)).toHaveLength(1);
  });
});
