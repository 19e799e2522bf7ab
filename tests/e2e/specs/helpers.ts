import { browser, $ } from '@wdio/globals';
import type { ChainablePromiseElement } from 'webdriverio';
import { join } from 'node:path';
import { appPids, artifacts, waitForExit } from '../support/process';

export const byTest = (id: string) => $(`[data-testid="${id}"]`);

let step = 0;
/** Saves a numbered screenshot of the window as a test artifact. */
export async function shot(spec: string, name: string) {
  step += 1;
  // Let WebKit paint what the DOM already holds (two frames, then a moment for the compositor).
  await browser.executeAsync((done: () => void) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  await browser.pause(250);
  await browser.saveScreenshot(join(artifacts, `${spec}-${String(step).padStart(2, '0')}-${name}.png`));
}

export async function typeInto(id: string, text: string) {
  const el = await byTest(id);
  await el.waitForDisplayed();
  // Into the middle of the window: the top bar stays in view (sticky) and would cover a field
  // scrolled to the very top.
  await el.scrollIntoView({ block: 'center' });
  if (text) {
    await el.setValue(text);
  } else {
    // WebDriver's clear fires no input event, so the page would never hear of it: erase by keys.
    await el.click();
    await browser.keys(['Control', 'a']);
    await browser.keys('Backspace');
  }
}

/**
 * The text an element holds. WebKitWebDriver's own "visible text" leaves out text in clipped
 * (overflow: hidden) boxes such as the two-line timeline excerpt, so read the DOM text of an
 * element that is displayed; the screenshots show what the patient sees.
 */
export async function textOf(el: ChainablePromiseElement | WebdriverIO.Element): Promise<string> {
  const e = await (el as unknown as Promise<WebdriverIO.Element>);
  await e.waitForExist();
  return browser.execute((node: HTMLElement) => node.textContent ?? '', e as unknown as HTMLElement);
}

/** Chooses an option of a list by its value, with the list in the middle of the window. */
export async function choose(id: string, value: string) {
  const el = await byTest(id);
  await el.waitForDisplayed();
  await el.scrollIntoView({ block: 'center' });
  await el.selectByAttribute('value', value);
}

export async function click(id: string) {
  const el = await byTest(id);
  await el.waitForDisplayed();
  await el.scrollIntoView({ block: 'center' });
  await el.waitForClickable();
  await el.click();
}

export function dataDir(): string {
  const d = process.env.IPT_COMPANION_DATA_DIR;
  if (!d) throw new Error('IPT_COMPANION_DATA_DIR is not set');
  return d;
}

/**
 * Restarts the app on the same data folder: closes the window (the app exits when its last window
 * closes), waits until the process is gone, then a new WebDriver session launches a new one. The
 * wait matters: the single-instance plugin makes a second copy hand over to a still-running first
 * copy and exit, which WebKitWebDriver would wait on for ever.
 */
export async function restartApp() {
  const before = appPids();
  await browser.closeWindow().catch(() => {});
  await waitForExit(before);
  await browser.reloadSession();
}


/**
 * First run from the welcome screen to home. `keyring`: expect the keyring choice to be offered
 * and selected by default (a real Secret Service is running), and keep it; otherwise choose
 * passphrase only. Returns the recovery code shown.
 */
export async function createVault(passphrase: string, opts: { keyring: boolean }): Promise<string> {
  await click('welcome-start');
  const keyring = await byTest('mode-keyring');
  await keyring.waitForEnabled({ timeout: 30_000 });
  if (opts.keyring) {
    if (!(await keyring.isSelected())) throw new Error('the keyring choice should be selected by default');
  } else {
    await click('mode-passphrase');
  }
  await typeInto('new-passphrase', passphrase);
  await typeInto('confirm-passphrase', passphrase);
  await click('create-vault');
  const code = await byTest('recovery-code');
  await code.waitForDisplayed({ timeout: 30_000 });
  const text = await code.getText();
  await click('recovery-saved');
  await click('recovery-continue');
  await (await byTest('home')).waitForDisplayed();
  return text;
}

/** The patient's local date `days` from today, YYYY-MM-DD. */
export function localDay(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export async function setDate(id: string, value: string) {
  // Date inputs differ between engines: set the value and tell the page, as typing would.
  const el = await byTest(id);
  await browser.execute(
    (node: HTMLInputElement, v: string) => {
      node.value = v;
      node.dispatchEvent(new Event('input', { bubbles: true }));
    },
    el as unknown as HTMLInputElement,
    value,
  );
}
