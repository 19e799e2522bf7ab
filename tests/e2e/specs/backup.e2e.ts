import { $$, browser, expect } from '@wdio/globals';
import { byTest, click, createVault, shot, textOf, typeInto } from './helpers';

// Backups: make one from Settings, change the journal, restore the backup, and the journal is as
// it was when the backup was made (the later entry gone, the earlier one back).
const SPEC = 'backup';
const PASSPHRASE = 'backup spec passphrase';
let backupPath = '';

async function write(text: string) {
  await click('nav-journal');
  await click('new-entry');
  await (await byTest('entry-form')).waitForDisplayed();
  await typeInto('entry-text', text);
  await click('entry-save');
  await browser.waitUntil(async () => (await textOf(byTest('timeline'))).includes(text), {
    timeout: 20_000,
    timeoutMsg: `the entry "${text}" should be in the timeline`,
  });
}

async function timelineText(): Promise<string> {
  await click('nav-journal');
  await (await byTest('timeline')).waitForDisplayed({ timeout: 20_000 });
  return textOf(byTest('timeline'));
}

describe('backups', () => {
  it('makes a backup from Settings, checked, with the time it was made', async () => {
    await createVault(PASSPHRASE, { keyring: false });
    await write('Before the backup: the estuary walk.');
    await click('nav-settings');
    await (await byTest('backup-last')).waitForDisplayed();
    expect(await textOf(byTest('backup-last'))).toContain('No backup');
    await click('backup-now');
    await (await byTest('backup-made')).waitForDisplayed({ timeout: 60_000 });
    expect(await textOf(byTest('backup-last'))).toContain('Last backup');
    expect(await $$('[data-testid="backup-restore"]').length).toBe(1);
    await shot(SPEC, 'made');
  });

  it('restores it after a change: the later entry is gone, the earlier one is back', async () => {
    await write('After the backup: this one goes.');
    await click('nav-settings');
    await click('backup-restore');
    backupPath = await (await byTest('restore-path')).getValue();
    expect(backupPath).toMatch(/\.iptbackup$/);
    await typeInto('restore-secret', PASSPHRASE);
    await click('restore-check');
    const preview = await byTest('restore-preview');
    await preview.waitForDisplayed({ timeout: 60_000 });
    expect(await preview.getText()).toContain('Journal entries: 1');
    await shot(SPEC, 'preview');
    await click('restore-replace');
    await (await byTest('restored-note')).waitForDisplayed({ timeout: 60_000 });
    await shot(SPEC, 'restored-unlock');
    await typeInto('unlock-passphrase', PASSPHRASE);
    await click('unlock-submit');
    await (await byTest('home')).waitForDisplayed({ timeout: 30_000 });
    const text = await timelineText();
    expect(text).toContain('Before the backup: the estuary walk.');
    expect(text).not.toContain('After the backup');
  });

  it('delete everything (keeping backups) → the first screen → "I have a backup" → the data is back', async () => {
    await click('nav-settings');
    await typeInto('erase-word', 'delete');
    await shot(SPEC, 'erase-typed');
    await click('erase-submit');
    await (await byTest('welcome-start')).waitForDisplayed({ timeout: 30_000 });
    await shot(SPEC, 'first-screen-again');
    await click('welcome-restore');
    await typeInto('restore-path', backupPath);
    await typeInto('restore-secret', PASSPHRASE);
    await click('restore-check');
    await (await byTest('restore-preview')).waitForDisplayed({ timeout: 60_000 });
    await click('restore-replace');
    await (await byTest('restored-note')).waitForDisplayed({ timeout: 60_000 });
    await typeInto('unlock-passphrase', PASSPHRASE);
    await click('unlock-submit');
    await (await byTest('home')).waitForDisplayed({ timeout: 30_000 });
    expect(await timelineText()).toContain('Before the backup: the estuary walk.');
  });
});
