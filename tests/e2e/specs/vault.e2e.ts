import { browser, expect } from '@wdio/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { byTest, click, dataDir, restartApp, shot, typeInto } from './helpers';

const PASSPHRASE = 'lanterns over the quiet bay';
const SPEC = 'vault';

describe('vault: first run, lock, wrong passphrase, unlock, restart', () => {
  it('creates a vault with a passphrase and shows the recovery code once', async () => {
    await (await byTest('welcome-start')).waitForDisplayed({ timeout: 30_000 });
    await shot(SPEC, 'welcome');
    await click('welcome-start');

    await click('mode-passphrase');
    await typeInto('new-passphrase', PASSPHRASE);
    // How guessable it is appears under the field (zxcvbn, loaded lazily on typing): a long phrase.
    await browser.waitUntil(async () => (await (await byTest('passphrase-strength')).getAttribute('data-level')) === '3', {
      timeout: 15_000,
      timeoutMsg: 'no passphrase strength under the new passphrase',
    });
    await expect(await byTest('passphrase-strength')).toHaveText(/Very hard to guess|Muy difícil de adivinar/);
    await typeInto('confirm-passphrase', PASSPHRASE);
    await shot(SPEC, 'choose-unlock');
    await click('create-vault');

    const code = await byTest('recovery-code');
    await code.waitForDisplayed({ timeout: 30_000 });
    await expect(code).toHaveText(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){7}$/);
    await shot(SPEC, 'recovery-code');

    await click('recovery-saved');
    await click('recovery-continue');
    await (await byTest('home')).waitForDisplayed();
    await shot(SPEC, 'home');
  });

  it('keeps the vault encrypted on disk', async () => {
    const db = join(dataDir(), 'vault.db');
    const head = readFileSync(db).subarray(0, 16).toString('latin1');
    expect(head.startsWith('SQLite format 3')).toBe(false);
    // The ordinary sqlite3 tool cannot read it.
    let out = '';
    try {
      execFileSync('sqlite3', [db, 'SELECT count(*) FROM sqlite_master;'], { stdio: 'pipe' });
    } catch (e) {
      out = String((e as { stderr?: Buffer }).stderr ?? e);
    }
    expect(out).toContain('file is not a database');
  });

  it('locks, refuses a wrong passphrase calmly, and unlocks with the right one', async () => {
    await click('lock-now');
    await (await byTest('unlock-passphrase')).waitForDisplayed();
    await shot(SPEC, 'locked');

    await typeInto('unlock-passphrase', 'not my passphrase');
    await click('unlock-submit');
    const err = await byTest('unlock-error');
    await err.waitForDisplayed({ timeout: 30_000 });
    await expect(err).toHaveText(expect.stringContaining('did not open your space'));
    await expect(await byTest('home')).not.toBeDisplayed();
    await shot(SPEC, 'wrong-passphrase');

    await typeInto('unlock-passphrase', PASSPHRASE);
    await click('unlock-submit');
    await (await byTest('home')).waitForDisplayed({ timeout: 30_000 });
    await shot(SPEC, 'unlocked');
  });

  it('after a restart asks for the passphrase again and unlocks', async () => {
    await restartApp();
    await (await byTest('unlock-passphrase')).waitForDisplayed({ timeout: 30_000 });
    await shot(SPEC, 'restarted-locked');

    // Need help now is there while locked.
    await click('need-help');
    const line = await byTest('crisis-US');
    await line.waitForDisplayed();
    await expect(line).toHaveText(expect.stringContaining('988'));
    await shot(SPEC, 'need-help');
    await browser.keys('Escape');
    await line.waitForDisplayed({ reverse: true });

    await typeInto('unlock-passphrase', PASSPHRASE);
    await click('unlock-submit');
    await (await byTest('home')).waitForDisplayed({ timeout: 30_000 });
    await shot(SPEC, 'restarted-unlocked');
  });
});
