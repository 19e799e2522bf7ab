import { browser, expect } from '@wdio/globals';
import { byTest, choose, click, createVault, restartApp, shot, textOf, typeInto } from './helpers';

const PASSPHRASE = 'journal spec passphrase';
const SPEC = 'journal';
const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';

async function unlock() {
  await typeInto('unlock-passphrase', PASSPHRASE);
  await click('unlock-submit');
  await (await byTest('home')).waitForDisplayed({ timeout: 30_000 });
}

async function openJournal() {
  await click('nav-journal');
  await (await byTest('journal')).waitForDisplayed();
}

describe('journal', () => {
  it('sets up a passphrase-only vault', async () => {
    await createVault(PASSPHRASE, { keyring: false });
  });

  it('writes an entry with an interpersonal event, and it is there after lock and unlock', async () => {
    await openJournal();
    await click('new-entry');
    await (await byTest('entry-form')).waitForDisplayed();
    await typeInto('entry-text', 'Walked along the estuary with my sister.');
    await click('emotion-hopeful');
    await typeInto('entry-tags', 'family');
    await click('add-event');
    await choose('event-0-who', 'new');
    await typeInto('event-0-name', 'Jude');
    await typeInto('event-0-happened', 'She asked how I was really doing');
    await typeInto('event-0-felt', 'seen');
    await shot(SPEC, 'entry-form');
    await click('entry-save');
    const first = await byTest('timeline-entry');
    await first.waitForDisplayed({ timeout: 20_000 });
    await shot(SPEC, 'timeline');
    expect(await textOf(first)).toContain('Walked along the estuary with my sister.');
    expect(await textOf(first)).toContain('Jude');

    await click('lock-now');
    await unlock();
    await openJournal();
    await (await byTest('timeline-entry')).waitForDisplayed();
    expect(await textOf(byTest('timeline-entry'))).toContain('estuary');
  });

  it('search finds it and highlights the match', async () => {
    await typeInto('journal-search', 'estuar');
    const mark = browser.$('[data-testid="timeline-entry"] mark');
    await mark.waitForExist({ timeout: 10_000 });
    expect(await textOf(mark)).toBe('estuary');
    await shot(SPEC, 'search-highlight');
    await typeInto('journal-search', '"NEAR( 😀');
    await (await byTest('journal-empty')).waitForDisplayed();
    await shot(SPEC, 'search-nothing-found');
    await typeInto('journal-search', '');
    await browser.waitUntil(async () => (await browser.$$('[data-testid="timeline-entry"]').length) === 1);
  });

  it('shows typed HTML literally and runs no script', async () => {
    await click('new-entry');
    await typeInto('entry-text', HOSTILE);
    await click('entry-save');
    await browser.waitUntil(async () => (await browser.$$('[data-testid="timeline-entry"]').length) === 2, { timeout: 20_000 });
    const texts: string[] = await browser.$$('[data-testid="entry-excerpt"]').map((e) => textOf(e));
    expect(texts.some((x) => x.includes('<script>window.__pwned=1</script>'))).toBe(true);
    // Open it: the full text is shown as typed, too.
    await browser.$$('[data-testid="timeline-entry"] button')[0].click();
    const detail = await byTest('detail-text');
    await detail.waitForDisplayed();
    await expect(detail).toHaveText(HOSTILE);
    await shot(SPEC, 'html-shown-as-text');
    const pwned = await browser.execute(() => (window as unknown as { __pwned?: number }).__pwned ?? null);
    expect(pwned).toBeNull();
    expect(await browser.$$('[data-testid="entry-detail"] img').length).toBe(0);
    await click('detail-trash');
    await (await byTest('undo-trash')).waitForDisplayed();
  });

  it('a draft interrupted by restarting the app comes back', async () => {
    await click('new-entry');
    await typeInto('entry-text', 'Unfinished thought about Sunday lunch');
    await (await byTest('draft-saved')).waitForDisplayed({ timeout: 10_000 });
    await restartApp();
    await (await byTest('unlock-passphrase')).waitForDisplayed({ timeout: 30_000 });
    await unlock();
    await openJournal();
    await (await byTest('draft-waiting')).waitForDisplayed();
    await click('new-entry');
    await (await byTest('draft-restored')).waitForDisplayed();
    await expect(await byTest('entry-text')).toHaveValue('Unfinished thought about Sunday lunch');
    await shot(SPEC, 'draft-restored');
  });
});
