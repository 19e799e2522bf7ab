import { browser, expect } from '@wdio/globals';
import { Key } from 'webdriverio';
import { byTest, choose, click, createVault, localDay, setDate, shot, typeInto } from './helpers';

// "Need help now" is in view at every scroll position and at 200 % text size, and F1 opens it
// from anywhere, even while typing.
const SPEC = 'help';

/** Where an element sits against the window: fully inside it, or not. */
async function inViewport(testid: string): Promise<{ inside: boolean; rect: string }> {
  return browser.execute((id: string) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    if (!el) return { inside: false, rect: 'missing' };
    const r = el.getBoundingClientRect();
    const inside = r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth;
    return { inside, rect: `${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}x${Math.round(r.height)} in ${window.innerWidth}x${window.innerHeight}` };
  }, testid);
}

/** Scrolls the page to its very end; returns how far it scrolled (0 would mean the page fits). */
async function scrollToBottom(): Promise<number> {
  return browser.executeAsync((done: (top: number) => void) => {
    const root = document.scrollingElement ?? document.documentElement;
    root.scrollTop = root.scrollHeight;
    // Two frames, so the sticky bar has been laid out where the patient would see it.
    requestAnimationFrame(() => requestAnimationFrame(() => done(root.scrollTop)));
  });
}

async function expectHelpInView(where: string) {
  for (const id of ['need-help', 'lock-now']) {
    const { inside, rect } = await inViewport(id);
    expect({ where, id, inside, rect }).toEqual({ where, id, inside: true, rect });
  }
}

async function dialogOpen(): Promise<boolean> {
  return browser.execute(() => (document.querySelector('[data-testid="help-dialog"]') as HTMLDialogElement | null)?.open ?? false);
}

async function closeDialog() {
  await browser.keys(Key.Escape);
  await browser.waitUntil(async () => !(await dialogOpen()), { timeoutMsg: 'the help dialog should close on Escape' });
}

async function setTextSize(rootPx: number | null) {
  // The app's text is sized from the root (17 px): doubling it is 200 % text.
  await browser.execute((px: number | null) => {
    document.documentElement.style.fontSize = px === null ? '' : `${px}px`;
  }, rootPx);
}

describe('need help now, from anywhere', () => {
  it('stays in view at the bottom of the longest page: the course with its focus and cards', async () => {
    await createVault('help spec passphrase', { keyring: false });
    await click('course-set-up');
    await (await byTest('course-setup')).waitForDisplayed();
    await setDate('course-start', localDay(-15));
    await (await byTest('course-planned')).setValue('16');
    await click('course-save');
    await browser.waitUntil(async () => (await (await byTest('course-initial')).getValue()) !== '');
    // Every area open makes the focus form as long as it gets.
    for (const area of ['grief', 'roleDispute', 'roleTransition', 'interpersonalDeficits']) await click(`focus-${area}`);
    await (await byTest('focus-many')).waitForDisplayed();

    const scrolled = await scrollToBottom();
    expect(scrolled).toBeGreaterThan(0);
    await expectHelpInView('course, scrolled to the bottom');
    await shot(SPEC, 'course-bottom');
  });

  it('opens with F1, even while typing in a field at the bottom of the page', async () => {
    const field = await byTest('cards-formulation');
    await field.scrollIntoView({ block: 'center' });
    await field.click();
    await browser.keys(Key.F1);
    await browser.waitUntil(dialogOpen, { timeoutMsg: 'F1 should open the help dialog' });
    const focused = await browser.execute(() => document.activeElement?.id ?? '');
    expect(focused).toBe('help-title');
    await shot(SPEC, 'dialog-from-f1');
    await closeDialog();
    // The shortcut is said on the button and shown beside its label.
    await expect(await byTest('need-help')).toHaveAttribute('aria-keyshortcuts', 'F1');
    await expect(await byTest('need-help-shortcut')).toBeDisplayed();
  });

  it('stays in view and opens with F1 at 200 % text size', async () => {
    await setTextSize(34);
    try {
      const scrolled = await scrollToBottom();
      expect(scrolled).toBeGreaterThan(0);
      await expectHelpInView('course at 200 %, scrolled to the bottom');
      await shot(SPEC, 'course-bottom-200');
      await browser.keys(Key.F1);
      await browser.waitUntil(dialogOpen, { timeoutMsg: 'F1 should open the help dialog at 200 %' });
      const { inside } = await inViewport('help-no-alert');
      expect(inside).toBe(true);
      await shot(SPEC, 'dialog-200');
      await closeDialog();
    } finally {
      await setTextSize(null);
    }
  });

  it('stays in view at the bottom of the conversation worksheet', async () => {
    await click('nav-practice');
    await click('practice-tab-analysis');
    await (await byTest('analysis-form')).waitForDisplayed();
    await typeInto('analysis-setting', 'Kitchen, Sunday night');
    const scrolled = await scrollToBottom();
    expect(scrolled).toBeGreaterThan(0);
    await expectHelpInView('conversation worksheet, scrolled to the bottom');
    await shot(SPEC, 'analysis-bottom');
    await browser.keys(Key.F1);
    await browser.waitUntil(dialogOpen, { timeoutMsg: 'F1 should open the help dialog from the worksheet' });
    await closeDialog();
  });

  it('opens on the country chosen in Settings, and the choice holds while locked', async () => {
    await click('nav-settings');
    await choose('crisis-country', 'AU');
    await (await byTest('crisis-settings-saved')).waitForDisplayed();
    await shot(SPEC, 'crisis-country-chosen');
    await click('lock-now');
    await (await byTest('unlock-passphrase')).waitForDisplayed({ timeout: 20_000 });
    await click('need-help');
    await browser.waitUntil(dialogOpen, { timeoutMsg: 'the help dialog should open' });
    const first = await byTest('help-first');
    expect(await (await first.$('[data-country]')).getAttribute('data-country')).toBe('AU');
    expect(await first.getText()).toContain('13 11 14');
    await closeDialog();
  });
});
