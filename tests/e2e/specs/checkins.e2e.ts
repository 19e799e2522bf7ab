import { browser, expect } from '@wdio/globals';
import { byTest, click, createVault, shot, textOf } from './helpers';

// A PHQ-9 with its last question (thoughts of being better off dead or of self-harm) answered
// above 0: calm help right there, with the crisis lines, and the check-in kept with its flag.
const SPEC = 'checkins';
const PASSPHRASE = 'checkins spec passphrase';
// Items 1–8, then item 9 = 1 ("several days"). Total 1+1+2+1+0+1+1+0+1 = 8.
const ANSWERS = [1, 1, 2, 1, 0, 1, 1, 0, 1];

describe('check-ins', () => {
  it('opens the PHQ-9 from the Check-ins page', async () => {
    await createVault(PASSPHRASE, { keyring: false });
    await click('nav-checkins');
    await (await byTest('checkins')).waitForDisplayed();
    await (await byTest('checkin-history-empty')).waitForDisplayed();
    await click('checkin-start-phq9');
    await (await byTest('checkin-form')).waitForDisplayed();
    // The published wording comes from the core.
    await browser.waitUntil(async () => (await textOf(byTest('checkin-instructions'))).includes('Over the last 2 weeks'));
    expect(await textOf(byTest('phq9-item-9'))).toContain('better off dead');
    await shot(SPEC, 'phq9-form');
  });

  it('answers it with item 9 above 0: help shows in the form, which can still be finished', async () => {
    for (const [i, v] of ANSWERS.entries()) await click(`phq9-item-${i + 1}-${v}`);
    const inForm = await byTest('item9-help-form');
    await inForm.waitForDisplayed();
    expect(await textOf(inForm)).toContain('tells no one');
    await click('phq9-difficulty-1');
    for (const [i, v] of ANSWERS.entries()) expect(await (await byTest(`phq9-item-${i + 1}-${v}`)).isSelected()).toBe(true);
    await click('checkin-save');
  });

  it('shows the calm help with a crisis line on the result, before the score', async () => {
    const help = await byTest('item9-help');
    await help.waitForDisplayed({ timeout: 20_000 });
    // Focused as it appears, so it is read first.
    await browser.waitUntil(
      async () => browser.execute(() => document.activeElement?.getAttribute('data-testid') === 'item9-help'),
      { timeoutMsg: 'the help card should take focus' },
    );
    const text = await textOf(help);
    expect(text).toContain('Thank you for answering honestly');
    expect(text).toContain('tells no one');
    expect(text).toContain('therapist');
    // The first line listed (the system's country, or every country when it is not known) is in
    // view with its number.
    const first = await help.$('[data-country]');
    await first.waitForDisplayed();
    // A phone number: "988", "116 123", "13 11 14", "800 911 2000".
    expect(await textOf(first)).toMatch(/\d[\d ]{2,}\d/);
    expect(await textOf(byTest('checkin-score'))).toContain('Your score: 8');
    expect(await textOf(byTest('checkin-therapist'))).toContain('Talk it over with your therapist');
    // No alert role: calm, not loud.
    expect(await help.getAttribute('role')).toBeNull();
    await shot(SPEC, 'item9-help');
  });

  it('lists it in the history with its flag, and keeps it after leaving the page', async () => {
    const item = await byTest('checkin-history-item');
    await item.waitForDisplayed();
    expect(await textOf(item)).toContain('Score 8 (mild range)');
    expect(await textOf(byTest('checkin-history-item9'))).toContain('You mentioned thoughts of death or self-harm');
    await click('checkin-done');
    await (await byTest('checkin-start-phq9')).waitForDisplayed();
    await click('nav-home');
    await click('nav-checkins');
    const again = await byTest('checkin-history-item');
    await again.waitForDisplayed();
    expect(await textOf(again)).toContain('Mood (PHQ-9)');
    await shot(SPEC, 'history');
  });

  it('draws it in the trend, with a one-sentence summary', async () => {
    const summary = await byTest('trend-summary');
    await summary.waitForDisplayed();
    expect(await textOf(summary)).toContain('Your Mood (PHQ-9) score was 8 on');
    await (await byTest('trend-chart')).waitForDisplayed();
    await shot(SPEC, 'trend');
  });
});
