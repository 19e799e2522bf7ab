// Faults a hostile test run found ("Nothing lost, nothing misread"), in the real window:
// - words typed a moment before "Lock now" (Ctrl+L) are kept, not an older draft;
// - "Someone new…" keeps its name field plan after plan;
// - a data folder with the key file but no vault file explains what is missing and offers no
//   "create"; putting the file back opens the same space.
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { browser, expect } from '@wdio/globals';
import { byTest, choose, click, createVault, dataDir, shot, textOf, typeInto } from './helpers';
import { appPids, waitForExit } from '../support/process';

const SPEC = 'nothing-lost';
const PASSPHRASE = 'nothing lost spec passphrase';
const LAST_WORDS = 'and then she said she would think about it, which was more than I hoped for';

async function unlock() {
  await typeInto('unlock-passphrase', PASSPHRASE);
  await click('unlock-submit');
  await (await byTest('home')).waitForDisplayed({ timeout: 30_000 });
}

describe('nothing lost, nothing misread', () => {
  it('sets up a passphrase-only vault', async () => {
    await createVault(PASSPHRASE, { keyring: false });
  });

  it('keeps the words typed just before Ctrl+L', async () => {
    await click('nav-journal');
    await click('new-entry');
    await (await byTest('entry-form')).waitForDisplayed();
    // A first draft is written while typing…
    await typeInto('entry-text', 'An older draft. ');
    await (await byTest('draft-saved')).waitForDisplayed({ timeout: 10_000 });
    // …then more words and, at once (well inside the 1.5 s autosave interval), the lock.
    await (await byTest('entry-text')).addValue(LAST_WORDS);
    await browser.keys(['Control', 'l']);
    await (await byTest('unlock-passphrase')).waitForDisplayed({ timeout: 10_000 });
    await unlock();
    await click('nav-journal');
    await (await byTest('draft-waiting')).waitForDisplayed();
    await click('new-entry');
    await (await byTest('draft-restored')).waitForDisplayed();
    await expect(await byTest('entry-text')).toHaveValue(`An older draft. ${LAST_WORDS}`);
    await shot(SPEC, 'last-words-kept');
    await click('entry-save');
    await (await byTest('timeline-entry')).waitForDisplayed({ timeout: 20_000 });
  });

  it('offers a name field for someone new, plan after plan', async () => {
    await click('nav-plans');
    for (const [what, name] of [
      ['Call Jude about Saturday', 'Jude'],
      ['Coffee with Ana', 'Ana'],
      ['Ask Lee for a walk', 'Lee'],
    ]) {
      await typeInto('plan-what', what);
      expect(await (await byTest('plan-person')).getValue()).toBe('');
      await choose('plan-person', 'new');
      await shot(SPEC, `someone-new-${name}`);
      await typeInto('plan-person-name', name);
      await click('plan-save');
      await (await byTest('plan-saved')).waitForDisplayed();
      const open = await byTest('plans-open');
      await browser.waitUntil(async () => (await textOf(open)).includes(what));
      await browser.waitUntil(async () => (await textOf(open)).includes(name), { timeoutMsg: `${name} kept with the plan` });
      // The form is fresh: nobody chosen, no name field.
      await browser.waitUntil(async () => (await (await byTest('plan-person')).getValue()) === '');
      expect(await (await byTest('plan-person-name')).isExisting()).toBe(false);
    }
    await shot(SPEC, 'three-new-people');
  });

  it('with the vault file away, explains what is missing and never offers to create', async () => {
    const dir = dataDir();
    const before = appPids();
    await browser.closeWindow().catch(() => {});
    await waitForExit(before);
    renameSync(join(dir, 'vault.db'), join(dir, 'vault.db.away'));
    await browser.reloadSession();

    const card = await byTest('missing-file');
    await card.waitForDisplayed({ timeout: 30_000 });
    expect(await textOf(card)).toContain('vault.db');
    expect(await (await byTest('welcome-start')).isExisting()).toBe(false);
    await shot(SPEC, 'vault-file-missing');

    // Put it back and look again: the same space opens.
    renameSync(join(dir, 'vault.db.away'), join(dir, 'vault.db'));
    await click('missing-retry');
    await (await byTest('unlock-passphrase')).waitForDisplayed({ timeout: 10_000 });
    await unlock();
    await click('nav-plans');
    await browser.waitUntil(async () => (await textOf(byTest('plans-open'))).includes('Coffee with Ana'));
  });
});
