import { browser, expect } from '@wdio/globals';
import { spawn } from 'node:child_process';
import { appPath, appPids } from '../support/process';
import { byTest, click, createVault, restartApp, shot } from './helpers';

const PASSPHRASE = 'a second quiet passphrase';
const SPEC = 'keyring';

describe('vault with the OS keyring (real gnome-keyring Secret Service)', () => {
  it('creates a vault that unlocks with this computer', async () => {
    await createVault(PASSPHRASE, { keyring: true });
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

describe('the shell', () => {
  it('refuses inline script (strict CSP in the real window)', async () => {
    const ran = await browser.execute(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.appendChild(s);
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(ran).toBe(false);
  });

  it('a second launch hands over to the first window and exits', async () => {
    const before = appPids();
    expect(before.length).toBe(1);
    const second = spawn(appPath(), [], { stdio: 'ignore', env: process.env });
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('second instance did not exit')), 20_000);
      second.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(code).toBe(0);
    expect(appPids()).toEqual(before);
    // The first window still answers.
    await (await byTest('home')).waitForDisplayed();
  });
});
