import { browser, expect } from '@wdio/globals';
import { Key } from 'webdriverio';
import { byTest, choose, click, createVault, localDay, setDate, shot, textOf } from './helpers';

// Before a session, Home offers a short check-in; Start leads to the PHQ-9, answered one
// question at a time with the keyboard alone (one question skipped, item 9 above 0 with its help
// right there), reviewed and saved. Then the invitation is gone: the check-in answered it.
const SPEC = 'checkinInvitation';
const PASSPHRASE = 'invitation spec passphrase';
// Item 4 skipped; item 9 = 1. Prorated: 8 answered, sum 9 → 9 / 8 × 9 = 10.1 → 10.
const ANSWERS: (number | null)[] = [1, 2, 1, null, 0, 1, 2, 1, 1];

/** The id of the focused element. */
async function focused(): Promise<string | null> {
  return browser.execute(() => document.activeElement?.getAttribute('data-testid') ?? null);
}

async function waitForFocus(testid: string) {
  await browser.waitUntil(async () => (await focused()) === testid, {
    timeoutMsg: `${testid} should have the focus (has ${await focused()})`,
  });
}

describe('the check-in invitation before a session', () => {
  it('is on Home when the next session is two days away', async () => {
    await createVault(PASSPHRASE, { keyring: false });
    await click('course-set-up');
    await (await byTest('course-setup')).waitForDisplayed();
    // First session five days ago, then weekly on the weekday two days from now: session 2 is in
    // two days, inside the three-day window.
    const inTwo = new Date(Date.now() + 2 * 86_400_000);
    await setDate('course-start', localDay(-5));
    await choose('course-weekday', String((inTwo.getDay() + 6) % 7));
    await click('course-save');
    await browser.waitUntil(async () => (await (await byTest('course-initial')).getValue()) !== '');

    await click('nav-home');
    const card = await byTest('checkin-invitation');
    await card.waitForDisplayed({ timeout: 20_000 });
    const weekday = inTwo.toLocaleDateString('en', { weekday: 'long' });
    expect(await textOf(byTest('checkin-invitation-title'))).toBe(`Before session 2 on ${weekday}: a short check-in?`);
    await shot(SPEC, 'home-invitation');
  });

  it('Start opens the check-ins; the PHQ-9 is answered one question at a time by keyboard', async () => {
    (await byTest('checkin-invitation-start')).click();
    await (await byTest('checkins')).waitForDisplayed();
    // Choose the PHQ-9 by keyboard.
    await browser.execute(() => (document.querySelector('[data-testid="checkin-start-phq9"]') as HTMLElement).focus());
    await browser.keys(Key.Enter);
    await (await byTest('checkin-form')).waitForDisplayed();
    await (await byTest('checkin-mode-all')).waitForDisplayed();
    // The mode is a radio group: arrow to "One at a time".
    await browser.execute(() => (document.querySelector('[data-testid="checkin-mode-all"]') as HTMLElement).focus());
    await browser.keys(Key.ArrowRight);
    const progress = await byTest('checkin-progress');
    await progress.waitForDisplayed();
    expect(await textOf(progress)).toBe('Question 1 of 9');
    // Tab from the mode to the first question's answers.
    await browser.keys(Key.Tab);
    await waitForFocus('phq9-item-1-0');
    await shot(SPEC, 'one-at-a-time');

    for (const [i, v] of ANSWERS.entries()) {
      const n = i + 1;
      await browser.waitUntil(async () => (await textOf(byTest('checkin-progress'))) === `Question ${n} of 9`);
      if (n > 1) {
        // Focus moved to the new question's legend; Tab goes to its answers.
        await waitForFocus('checkin-step-legend');
        await browser.keys(Key.Tab);
      }
      if (v === null) {
        // Skipped: on past the answers and Back to Next.
        await browser.keys(Key.Tab);
        await browser.keys(Key.Tab);
        await waitForFocus('checkin-next');
        await browser.keys(Key.Enter);
        continue;
      }
      await waitForFocus(`phq9-item-${n}-0`);
      await browser.keys(Key.Space);
      for (let k = 0; k < v; k++) await browser.keys(Key.ArrowDown);
      await waitForFocus(`phq9-item-${n}-${v}`);
      expect(await (await byTest(`phq9-item-${n}-${v}`)).isSelected()).toBe(true);
      if (n === 9) {
        // Calm help right there, and Enter still goes on.
        const help = await byTest('item9-help-form');
        await help.waitForDisplayed();
        expect(await textOf(help)).toContain('tells no one');
        await browser.execute((el: HTMLElement) => el.scrollIntoView({ block: 'center' }), help as unknown as HTMLElement);
        await shot(SPEC, 'item9-help-inline');
        await waitForFocus(`phq9-item-${n}-${v}`);
      }
      await browser.keys(Key.Enter);
    }

    // The optional difficulty question: "Somewhat difficult".
    await browser.waitUntil(async () => (await textOf(byTest('checkin-progress'))) === 'One last question, if you like');
    await waitForFocus('checkin-step-legend');
    await browser.keys(Key.Tab);
    await waitForFocus('phq9-difficulty-0');
    await browser.keys(Key.Space);
    await browser.keys(Key.ArrowDown);
    await waitForFocus('phq9-difficulty-1');
    await browser.keys(Key.Enter);

    // The review, with the skipped question said as blank.
    const review = await byTest('checkin-review');
    await review.waitForDisplayed();
    expect(await textOf(byTest('checkin-review-1'))).toContain('Several days');
    expect(await textOf(byTest('checkin-review-2'))).toContain('More than half the days');
    expect(await textOf(byTest('checkin-review-4'))).toContain('Left blank');
    expect(await textOf(byTest('checkin-review-difficulty'))).toContain('Somewhat difficult');
    await shot(SPEC, 'review');
    await browser.execute(() => (document.querySelector('[data-testid="checkin-save"]') as HTMLElement).focus());
    await browser.keys(Key.Enter);
  });

  it('is saved with the skipped answer left blank, and the invitation is gone', async () => {
    const help = await byTest('item9-help');
    await help.waitForDisplayed({ timeout: 20_000 });
    expect(await textOf(byTest('checkin-score'))).toContain('Your score: 10');
    expect(await textOf(byTest('checkin-prorated'))).toContain('estimated from the questions you answered');
    await shot(SPEC, 'saved');
    const item = await byTest('checkin-history-item');
    await item.waitForDisplayed();
    expect(await textOf(item)).toContain('Score 10, estimated');

    await click('nav-home');
    await (await byTest('course-card')).waitForDisplayed();
    // Home asks again on opening; a check-in inside the window answered it.
    await browser.pause(500);
    expect(await (await byTest('checkin-invitation')).isExisting()).toBe(false);
    await shot(SPEC, 'home-after');
  });
  it('how often is chosen in Settings, and says check-ins are always there', async () => {
    await click('nav-settings');
    const card = await byTest('checkin-settings');
    await card.waitForDisplayed();
    await browser.waitUntil(async () => (await byTest('checkin-frequency-everySession')).isSelected());
    await click('checkin-frequency-everyOtherSession');
    await (await byTest('checkin-settings-saved')).waitForDisplayed();
    expect(await textOf(byTest('checkin-settings-always'))).toContain('any time from the Check-ins page');
    await card.scrollIntoView({ block: 'center' });
    await shot(SPEC, 'settings');
    // Session 2 is even: every other session leaves it out (and the check-in answered it anyway).
    await click('nav-home');
    await (await byTest('course-card')).waitForDisplayed();
    await browser.pause(300);
    expect(await (await byTest('checkin-invitation')).isExisting()).toBe(false);
  });
});
