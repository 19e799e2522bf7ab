// Spanish end to end in the real window: the language is chosen on the welcome screen, before any
// vault exists; the whole journal flow then speaks Spanish (buttons, the day headings of the
// timeline, search); the choice survives a restart (the lock screen speaks it) and is changed
// back in Settings. The words are checked against the Spanish catalog itself, not copied here.
import { browser, expect } from '@wdio/globals';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { byTest, choose, click, createVault, restartApp, shot, textOf, typeInto } from './helpers';

const SPEC = 'spanish';
const PASSPHRASE = 'frase de prueba española';
const here = dirname(fileURLToPath(import.meta.url));
const catalog = (lang: string): Record<string, string> =>
  JSON.parse(readFileSync(join(here, '..', '..', '..', 'ui', 'messages', `${lang}.json`), 'utf8'));
const es = catalog('es');
const en = catalog('en');

async function text(id: string): Promise<string> {
  return (await textOf(byTest(id))).trim();
}

describe('Spanish, chosen before unlocking', () => {
  it('is chosen on the welcome screen and the screen speaks it at once', async () => {
    await (await byTest('welcome-start')).waitForDisplayed({ timeout: 30_000 });
    expect(await text('welcome-start')).toBe(en['welcome.start']);
    await choose('language-select', 'es');
    await browser.waitUntil(async () => (await text('welcome-start')) === es['welcome.start'], {
      timeout: 10_000,
      timeoutMsg: 'the welcome screen should speak Spanish',
    });
    expect(await browser.execute(() => document.documentElement.lang)).toBe('es');
    expect(await text('need-help')).toContain(es['help.button']);
    await shot(SPEC, 'welcome');
  });

  it('makes the vault and writes an entry in Spanish; the timeline and search speak Spanish', async () => {
    await createVault(PASSPHRASE, { keyring: false });
    expect(await text('nav-journal')).toBe(es['shell.journal']);
    await shot(SPEC, 'home');
    await click('nav-journal');
    expect(await text('new-entry')).toBe(es['journal.new']);
    await click('new-entry');
    await (await byTest('entry-form')).waitForDisplayed();
    expect(await text('entry-save')).toBe(es['entry.save']);
    await typeInto('entry-text', 'Caminé por la ría con mi hermana. Hablamos de mamá.');
    await shot(SPEC, 'entry-form');
    await click('entry-save');
    const entry = await byTest('timeline-entry');
    await entry.waitForDisplayed({ timeout: 20_000 });
    // The day heading is written in Spanish (today's weekday, as Spanish names it).
    const weekday = new Intl.DateTimeFormat('es', { weekday: 'long' }).format(new Date());
    const timeline = (await textOf(byTest('timeline'))).toLowerCase();
    expect(timeline).toContain(weekday);
    expect(timeline).toContain('hermana');
    await typeInto('journal-search', 'hermana');
    await browser.waitUntil(async () => (await textOf(byTest('timeline'))).includes('ría'), { timeout: 10_000 });
    expect(await (await byTest('journal-search')).getAttribute('placeholder')).toBe(es['journal.search']);
    await shot(SPEC, 'search');
  });

  it('is still Spanish after a restart: the lock screen speaks it', async () => {
    await restartApp();
    await (await byTest('unlock-submit')).waitForDisplayed({ timeout: 30_000 });
    expect(await text('unlock-submit')).toBe(es['unlock.submit']);
    expect(await (await byTest('language-select')).getValue()).toBe('es');
    await shot(SPEC, 'unlock');
    await typeInto('unlock-passphrase', PASSPHRASE);
    await click('unlock-submit');
    await (await byTest('home')).waitForDisplayed({ timeout: 30_000 });
  });

  it('goes back to English in Settings, at once', async () => {
    await click('nav-settings');
    await choose('settings-language-select', 'en');
    await browser.waitUntil(async () => (await text('nav-journal')) === en['shell.journal'], {
      timeout: 10_000,
      timeoutMsg: 'the shell should speak English again',
    });
    expect(await browser.execute(() => document.documentElement.lang)).toBe('en');
    await shot(SPEC, 'settings-english');
  });
});
