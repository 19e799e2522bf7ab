// Passphrase strength (issue 17): how guessable a new passphrase is, in our own calm words, judged with
// the word lists of the UI language, loaded lazily, and never a reason to refuse a passphrase.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../App.svelte';
import Settings from '../lib/features/settings/Settings.svelte';
import { LEVEL_KEYS, TIP_KEYS, assessPassphrase, strengthFrom, strengthLanguage } from '../lib/features/vault/passphraseStrength';
import { t, useLocale } from '../lib/i18n';
import { mockBackend } from './ipcMock';

// Counts how often zxcvbn is actually loaded (the factory runs on the module's first import).
const loads = vi.hoisted(() => ({ core: 0, en: 0, es: 0 }));
vi.mock('@zxcvbn-ts/core', async (original) => {
  loads.core++;
  return original();
});
vi.mock('@zxcvbn-ts/language-en', async (original) => {
  loads.en++;
  return original();
});
vi.mock('@zxcvbn-ts/language-es-es', async (original) => {
  loads.es++;
  return original();
});

afterEach(() => useLocale('en'));

// The first check builds the ranked word lists: slower than the usual second.
const SLOW = { timeout: 5000 };

function firstRun(language: 'en' | 'es' = 'en') {
  return mockBackend({
    language_get: () => ({ language }),
    vault_status: () => ({ exists: false, files: 'none', dataDir: '/tmp/x', integrity: null, unlocked: false, hasKeyringSlot: false, autoLockMinutes: null, recoveryConfirmed: null, damagedLogCopy: null }),
    vault_probe_keyring: () => ({ available: false, reason: 'KeyringUnavailable' }),
    vault_create: () => ({ recoveryCode: 'ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789', keyringSlot: false }),
  });
}

// Runs first in this file, before anything else has imported zxcvbn.
describe('loaded lazily', () => {
  it('is not loaded for the welcome screen, nor before anything is typed; then only the UI language', async () => {
    const user = userEvent.setup();
    firstRun();
    render(App);
    await user.click(await screen.findByTestId('welcome-start'));
    const field = await screen.findByTestId('new-passphrase');
    const line = screen.getByTestId('passphrase-strength');
    expect(line).toHaveAttribute('aria-live', 'polite');
    expect(line).toHaveTextContent('');
    expect(loads).toEqual({ core: 0, en: 0, es: 0 });

    await user.type(field, 'password');
    await waitFor(() => expect(line).toHaveTextContent(t('strength.level.0')), SLOW);
    expect(loads).toEqual({ core: 1, en: 1, es: 0 });
  });
});

describe('how guessable', () => {
  it('a short common passphrase is the easiest level; a long random-ish one the hardest', async () => {
    expect(await assessPassphrase('password', 'en')).toEqual({ level: 0, tip: 'common' });
    expect(await assessPassphrase('sunshine', 'en')).toMatchObject({ level: 0 });
    expect(await assessPassphrase('kq7#Vz!pR2@wLx9m', 'en')).toEqual({ level: 3, tip: null });
    expect(await assessPassphrase('violeta-trueno-canasta-9', 'es')).toEqual({ level: 3, tip: null });
  });

  it('recognizes Spanish words with the Spanish lists', async () => {
    // Not in the English lists: looks random there. A common Spanish word plus a digit in Spanish.
    expect((await assessPassphrase('cumpleaños1', 'en')).level).toBe(3);
    expect(await assessPassphrase('cumpleaños1', 'es')).toEqual({ level: 0, tip: 'more' });
    expect((await assessPassphrase('mantequilla7', 'es')).level).toBe(0);
  });

  it('knows the app’s own name is a first guess', async () => {
    expect(await assessPassphrase('iptcompanion', 'en')).toEqual({ level: 0, tip: 'appName' });
  });

  it('the language follows the UI language code', () => {
    expect(strengthLanguage('en')).toBe('en');
    expect(strengthLanguage('es')).toBe('es');
    expect(strengthLanguage('es-MX')).toBe('es');
    expect(strengthLanguage('fr')).toBe('en');
  });

  it('maps zxcvbn’s feedback keys to our own tips, and offers none once it is hard to guess', () => {
    expect(strengthFrom(0, 'keyPattern')).toEqual({ level: 0, tip: 'pattern' });
    expect(strengthFrom(1, 'dates')).toEqual({ level: 0, tip: 'date' });
    expect(strengthFrom(2, 'wordByItself')).toEqual({ level: 1, tip: 'word' });
    expect(strengthFrom(2, 'somethingNew')).toEqual({ level: 1, tip: 'more' });
    expect(strengthFrom(3, 'common')).toEqual({ level: 2, tip: null });
    expect(strengthFrom(4, null)).toEqual({ level: 3, tip: null });
  });

  it('speaks calmly in both languages: no weak or strong', () => {
    const keys = [...Object.values(LEVEL_KEYS), ...Object.values(TIP_KEYS)];
    for (const k of keys) expect(t(k)).not.toMatch(/weak|strong|bad|poor/i);
    useLocale('es');
    for (const k of keys) expect(t(k)).not.toMatch(/débil|fuerte|mala|pobre/i);
  });
});

describe('on the create screen', () => {
  it('shows our words under the field and never blocks creating once the minimum is met', async () => {
    const user = userEvent.setup();
    const backend = firstRun();
    render(App);
    await user.click(await screen.findByTestId('welcome-start'));
    const line = screen.getByTestId('passphrase-strength');
    await user.type(screen.getByTestId('new-passphrase'), 'password');
    await user.type(screen.getByTestId('confirm-passphrase'), 'password');
    await waitFor(() => expect(line).toHaveTextContent(`${t('strength.level.0')} ${t('strength.tip.common')}`), SLOW);
    expect(line).toHaveAttribute('data-level', '0');
    // zxcvbn's own English feedback is never shown.
    expect(line).not.toHaveTextContent(/This is a (top-10|heavily used|commonly used) password/i);

    const create = screen.getByTestId('create-vault');
    expect(create).toBeEnabled();
    await user.click(create);
    await screen.findByTestId('recovery-code');
    expect(backend.called('vault_create')[0].args).toEqual({ request: { passphrase: 'password', useKeyring: false } });
  });

  it('updates as the passphrase grows, and clears when the field is emptied', async () => {
    const user = userEvent.setup();
    firstRun();
    render(App);
    await user.click(await screen.findByTestId('welcome-start'));
    const field = screen.getByTestId('new-passphrase');
    const line = screen.getByTestId('passphrase-strength');
    await user.type(field, 'sunshine');
    await waitFor(() => expect(line).toHaveAttribute('data-level', '0'), SLOW);
    await user.type(field, ' lantern pebble orchard');
    await waitFor(() => expect(line).toHaveTextContent(t('strength.level.3')), SLOW);
    await user.clear(field);
    await waitFor(() => expect(line).toHaveTextContent(''));
  });
});

describe('in Spanish', () => {
  it('judges with the Spanish word lists and says so in Spanish', async () => {
    const user = userEvent.setup();
    firstRun('es');
    render(App);
    await user.click(await screen.findByTestId('welcome-start'));
    const line = screen.getByTestId('passphrase-strength');
    // Looks random to the English lists (very hard to guess); a common word and a digit in Spanish.
    await user.type(screen.getByTestId('new-passphrase'), 'cumpleaños1');
    await waitFor(() => expect(line).toHaveTextContent('Fácil de adivinar. Añade una o dos palabras más.'), SLOW);
  });
});

describe('in Settings, changing the passphrase', () => {
  it('shows the strength of the new one and still sends an easy one', async () => {
    const user = userEvent.setup();
    const backend = mockBackend({
      vault_info: () => ({ dataDir: '/d', sqliteVersion: '3', cipherVersion: '4' }),
      vault_change_passphrase: () => null,
    });
    render(Settings, { props: { autoLockMinutes: 10, onChanged: vi.fn(), onRestored: vi.fn(), onErased: vi.fn() } });
    await user.type(await screen.findByLabelText(t('settings.passphrase.current')), 'old passphrase here');
    await user.type(screen.getByTestId('pass-new'), 'password');
    await user.type(screen.getByLabelText(t('settings.passphrase.confirm')), 'password');
    const line = screen.getByTestId('pass-new-strength');
    await waitFor(() => expect(line).toHaveTextContent(t('strength.level.0')), SLOW);
    const submit = screen.getByRole('button', { name: t('settings.passphrase.submit') });
    expect(submit).toBeEnabled();
    await user.click(submit);
    await waitFor(() => expect(backend.called('vault_change_passphrase')).toHaveLength(1));
    expect(backend.called('vault_change_passphrase')[0].args).toEqual({ request: { current: 'old passphrase here', newPassphrase: 'password' } });
    await waitFor(() => expect(line).toHaveTextContent(''));
  });
});
