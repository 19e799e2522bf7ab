import { expect } from '@wdio/globals';
import { byTest, click, restartApp, shot, typeInto } from './helpers';

const PASSPHRASE = 'a second quiet passphrase';
const SPEC = 'keyring';

describe('vault with the OS keyring (real gnome-keyring Secret Service)', () => {
  it('creates a vault that unlocks with this computer', async () => {
    await click('welcome-start');
    const keyring = await byTest('mode-keyring');
    await keyring.waitForEnabled({ timeout: 30_000 });
    await expect(keyring).toBeSelected();
    await typeInto('new-passphrase', PASSPHRASE);
    await typeInto('confirm-passphrase', PASSPHRASE);
    await click('create-vault');
    await (await byTest('recovery-code')).waitForDisplayed({ timeout: 30_000 });
    await click('recovery-saved');
    await click('recovery-continue');
    await (await byTest('home')).waitForDisplayed();
  });

  it('opens straight to home after a restart, and Lock now still locks', async () => {
    await restartApp();
    await (await byTest('home')).waitForDisplayed({ timeout: 30_000 });
    await shot(SPEC, 'auto-unlocked');
    await click('lock-now');
    await (await byTest('unlock-keyring')).waitForDisplayed();
    await click('unlock-keyring');
    await (await byTest('home')).waitForDisplayed({ timeout: 30_000 });
  });
});
