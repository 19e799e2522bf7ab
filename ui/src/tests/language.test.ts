import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../App.svelte';
import { mockBackend, lockedStatus, unlockedStatus } from './ipcMock';
import { currentLocale, formatList, formatNumber, localeFor, t, useLocale } from '../lib/i18n';
import { m } from '../lib/paraglide/messages.js';
import { plainDate } from '../lib/dates';

const welcomeStatus = () => ({ ...lockedStatus(), exists: false, files: 'none' });

function withSystemLanguages(languages: string[], body: () => Promise<void>) {
  const before = Object.getOwnPropertyDescriptor(window.navigator, 'languages');
  Object.defineProperty(window.navigator, 'languages', { value: languages, configurable: true });
  return body().finally(() => {
    if (before) Object.defineProperty(window.navigator, 'languages', before);
    else delete (window.navigator as unknown as Record<string, unknown>).languages;
  });
}

describe('the language the window speaks', () => {
  it('follows the system at the very first start and saves that first choice', () =>
    withSystemLanguages(['es-MX', 'en-US'], async () => {
      const backend = mockBackend({ vault_status: welcomeStatus, language_get: () => ({ language: null }) });
      render(App);
      expect(await screen.findByText(m['welcome.promise.network']({}, { locale: 'es' }))).toBeInTheDocument();
      expect(backend.called('language_set')).toEqual([{ cmd: 'language_set', args: { language: 'es' } }]);
      expect(document.documentElement.lang).toBe('es');
      expect(screen.getByTestId('need-help')).toHaveTextContent('Necesito ayuda ahora');
    }));

  it('keeps a saved choice over the system’s languages, and saves nothing', () =>
    withSystemLanguages(['es-ES'], async () => {
      const backend = mockBackend({ vault_status: welcomeStatus, language_get: () => ({ language: 'en' }) });
      render(App);
      expect(await screen.findByText(t('welcome.promise.network'))).toBeInTheDocument();
      expect(currentLocale()).toBe('en');
      expect(backend.called('language_set')).toHaveLength(0);
    }));

  it('changes at once on the lock screen, before unlocking, and is saved', async () => {
    const user = userEvent.setup();
    const backend = mockBackend({ vault_status: () => lockedStatus() });
    render(App);
    const select = await screen.findByTestId('language-select');
    // Each language is named in itself, so it can be found without reading the current one.
    expect([...(select as HTMLSelectElement).options].map((o) => [o.value, o.textContent])).toEqual([
      ['en', 'English'],
      ['es', 'Español'],
    ]);
    expect(screen.getByTestId('unlock-submit')).toHaveTextContent(t('unlock.submit'));
    await user.selectOptions(select, 'es');
    await waitFor(() => expect(screen.getByTestId('unlock-submit')).toHaveTextContent(m['unlock.submit']({}, { locale: 'es' })));
    expect(backend.called('language_set')).toEqual([{ cmd: 'language_set', args: { language: 'es' } }]);
    expect(screen.getByText(m['language.label']({}, { locale: 'es' }))).toBeInTheDocument();
  });

  it('is in Settings after unlocking, and a refused save is worded calmly', async () => {
    const user = userEvent.setup();
    mockBackend({
      vault_status: () => unlockedStatus(),
      vault_info: () => ({ dataDir: '/x', sqliteVersion: '3', cipherVersion: '4' }),
      reminders_get_settings: () => ({
        sessionDay: false, sessionDayAt: '09:00', plansDue: false, plansDueAt: '19:00', journalNudge: false,
        journalNudgeAt: '20:30', quietFrom: '22:00', quietUntil: '08:00', quietHours: true, mentionTherapy: false,
      }),
      discretion_get: () => ({ neutralName: false }),
      language_set: () => {
        throw { code: 'NotWritable', message: 'read-only' };
      },
    });
    render(App);
    await user.click(await screen.findByTestId('nav-settings'));
    const card = await screen.findByTestId('settings-language-choice');
    expect(card).toHaveTextContent(t('language.title'));
    await user.selectOptions(screen.getByTestId('settings-language-select'), 'es');
    expect(await screen.findByText(m['error.NotWritable']({}, { locale: 'es' }))).toBeInTheDocument();
    // The window still reads in the language chosen.
    expect(currentLocale()).toBe('es');
  });

  it('picks the first of the system’s languages the app is written in', () => {
    expect(localeFor(['fr-FR', 'es-AR', 'en-GB'])).toBe('es');
    expect(localeFor(['en_US.UTF-8'])).toBe('en');
    expect(localeFor(['ES'])).toBe('es');
    expect(localeFor(['de', 'pt-BR'])).toBe('en');
    expect(localeFor([])).toBe('en');
  });

  it('follows each language’s plural rules', () => {
    expect(t('settings.autoLock.minutes', { n: 1 })).toBe('1 minute');
    expect(t('settings.autoLock.minutes', { n: 5 })).toBe('5 minutes');
    expect(t('practice.runs', { n: 1 })).toBe('Practiced once');
    expect(t('practice.runs', { n: 3 })).toBe('Practiced 3 times');
    expect(t('importHistory.entries', { count: formatNumber(1) })).toBe('1 entry');
    expect(t('importHistory.entries', { count: formatNumber(2500) })).toBe('2,500 entries');
    useLocale('es');
    expect(t('settings.autoLock.minutes', { n: 1 })).toBe('1 minuto');
    expect(t('settings.autoLock.minutes', { n: 120 })).toBe('120 minutos');
    expect(t('importHistory.entries', { count: formatNumber(1) })).toMatch(/^1 entrada$/);
    expect(t('home.agenda.count', { n: 1 })).not.toBe(t('home.agenda.count', { n: 2 }).replace('2', '1'));
  });

  it('writes dates, numbers and lists in the language chosen', () => {
    expect(formatNumber(200000)).toBe('200,000');
    expect(formatList(['Ana', 'Sam', 'Jo'])).toBe('Ana, Sam, and Jo');
    const enDate = plainDate('2026-11-24');
    useLocale('es');
    expect(formatList(['Ana', 'Sam', 'Jo'])).toBe('Ana, Sam y Jo');
    expect(formatNumber(200000)).toMatch(/^200[.\s\u00a0\u202f]000$/);
    const esDate = plainDate('2026-11-24');
    expect(esDate).toMatch(/noviembre/);
    expect(esDate).not.toBe(enDate);
  });
});
