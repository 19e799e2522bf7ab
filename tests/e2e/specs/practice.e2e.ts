import { browser, expect } from '@wdio/globals';
import { byTest, choose, click, createVault, shot, textOf, typeInto } from './helpers';

const SPEC = 'practice';
const ALTERNATIVE = 'I am worn out. Could you do the Tuesday shop?';

describe('communication practice', () => {
  it('fills a communication analysis about a charged conversation', async () => {
    await createVault('practice spec passphrase', { keyring: false });
    await click('nav-practice');
    await (await byTest('practice')).waitForDisplayed();
    // The built-in library is there, four areas' worth.
    const builtin = await byTest('scenarios-builtin');
    await builtin.waitForDisplayed();
    await browser.waitUntil(async () => (await browser.$$('[data-testid="scenarios-builtin"] [data-testid="scenario-item"]').length) >= 16);
    await shot(SPEC, 'library');

    await click('practice-tab-analysis');
    await (await byTest('analysis-form')).waitForDisplayed();
    await choose('analysis-person', 'new');
    await typeInto('analysis-person-name', 'Sam');
    await typeInto('analysis-setting', 'Kitchen, Sunday night, both tired');
    await typeInto('analysis-said', 'You never help with anything!');
    await typeInto('analysis-they-said', 'That is not fair. I cooked on Friday.');
    await typeInto('analysis-felt-then', 'Furious, then ashamed');
    await typeInto('analysis-wanted', 'For Sam to take the Tuesday shop');
    await typeInto('analysis-happened', 'We did not speak for the rest of the evening');
    await click('trap-allOrNothingWords');
    await click('trap-oldGrievances');
    await typeInto('alternative-0', 'Can we sit down and split the week?');
    await click('alternative-add');
    await typeInto('alternative-1', ALTERNATIVE);
    await click('choose-1');
    await click('analysis-save');
    await (await byTest('analysis-saved')).waitForDisplayed();
    await shot(SPEC, 'analysis');
  });

  it('practises the chosen alternative in a scenario of my own', async () => {
    await click('analysis-practise');
    await (await byTest('scenario-editor')).waitForDisplayed();
    await expect(await byTest('editor-opening')).toHaveValue('That is not fair. I cooked on Friday.');
    await expect(await byTest('editor-suggested')).toHaveValue(ALTERNATIVE);
    await typeInto('editor-if-open', 'Okay. Tuesdays I can do, if you do Fridays.');
    await typeInto('editor-if-tense', 'Here we go again.');
    await typeInto('editor-if-distant', 'Right. I am going to bed.');
    await click('editor-save');

    await (await byTest('scenario-detail')).waitForDisplayed();
    await typeInto('confidence-before', '3');
    await click('scenario-start');
    const line = await byTest('run-line');
    await line.waitForDisplayed();
    expect(await textOf(line)).toBe('That is not fair. I cooked on Friday.');
    await browser.waitUntil(async () => (await (await byTest('run-reply')).getValue()) === ALTERNATIVE);
    await click('approach-iStatement');
    await shot(SPEC, 'runner');
    await click('run-send');
    await browser.waitUntil(async () => (await textOf(byTest('run-line'))) === 'Okay. Tuesdays I can do, if you do Fridays.');
    await typeInto('run-reply', 'Deal. Starting this week?');
    await click('approach-specificRequest');
    await click('run-send');
    await (await byTest('run-ending')).waitForDisplayed();
  });

  it('finishes the run with confidence ratings and reviews it', async () => {
    await typeInto('confidence-after', '7');
    await typeInto('felt-hard', 'Not raising Friday again');
    await click('run-finish');
    const review = await byTest('run-review');
    await review.waitForDisplayed();
    expect(await textOf(byTest('review-confidence'))).toContain('3 → 7');
    const used = await textOf(byTest('review-approaches'));
    expect(used).toContain('Saying how I feel');
    expect(used).toContain('Asking for one specific change');
    expect(await textOf(byTest('review-avoided'))).toContain('Going silent');
    await shot(SPEC, 'review');
  });

  it('plans the real try, which appears in between-session plans, and the outcome is recorded', async () => {
    await typeInto('try-what', 'Ask Sam about the Tuesday shop on Sunday');
    await click('try-plan');
    await (await byTest('try-planned')).waitForDisplayed();
    await browser.waitUntil(async () => (await textOf(byTest('review-plans'))).includes('Ask Sam about the Tuesday shop on Sunday'));

    await click('nav-plans');
    const open = await byTest('plans-open');
    await browser.waitUntil(async () => (await textOf(open)).includes('Ask Sam about the Tuesday shop on Sunday'));
    await (await byTest('plan-from-practice')).waitForDisplayed();
    await click('plan-done');
    await typeInto('plan-reflection', 'Sam said yes straight away. I felt lighter.');
    await typeInto('plan-mood-before', '4');
    await typeInto('plan-mood-after', '7');
    await click('plan-outcome-save');
    await browser.waitUntil(async () => (await textOf(byTest('plans-earlier'))).includes('Sam said yes straight away.'));
    await shot(SPEC, 'plan-outcome');

    // The outcome shows with the rehearsal it came from.
    await click('nav-practice');
    const mine = await byTest('scenarios-mine');
    await mine.waitForDisplayed();
    await (await mine.$('button')).click();
    await (await byTest('scenario-detail')).waitForDisplayed();
    await (await (await byTest('scenario-runs')).$('button')).click();
    const plans = await byTest('review-plans');
    await plans.waitForDisplayed();
    expect(await textOf(plans)).toContain('Sam said yes straight away.');
    expect(await textOf(plans)).toContain('I did it');
  });

  it('weighs a decision', async () => {
    await click('practice-tab-decision');
    await typeInto('decision-situation', 'Whether to ask for a four-day week');
    await typeInto('decision-option-0', 'Ask my manager');
    await click('decision-add-option');
    await typeInto('decision-option-1', 'Keep going as now');
    await click('decision-choose-0');
    await typeInto('decision-plan', 'Book a meeting on Monday');
    await typeInto('decision-if-badly', 'Ask what would be possible instead');
    await click('decision-save');
    await (await byTest('decision-saved')).waitForDisplayed();
    expect(await textOf(byTest('decisions'))).toContain('Whether to ask for a four-day week');
    await shot(SPEC, 'decision');
  });

  it('a moment in the journal can start a new worksheet', async () => {
    await click('nav-journal');
    await click('new-entry');
    await (await byTest('entry-form')).waitForDisplayed();
    await typeInto('entry-text', 'Another hard evening.');
    await click('add-event');
    await (await byTest('event-0-who')).selectByVisibleText('Sam');
    await typeInto('event-0-happened', 'Sam slammed the door');
    await typeInto('event-0-felt', 'scared, then angry');
    await click('entry-save');
    const opener = await browser.$('[data-testid^="open-entry-"]');
    await opener.waitForClickable({ timeout: 20_000 });
    await opener.click();
    await click('detail-analyse');
    const form = await byTest('analysis-form');
    await form.waitForDisplayed();
    expect(await textOf(form)).toContain('Started from a moment in your journal.');
    await expect(await byTest('analysis-happened')).toHaveValue('Sam slammed the door');
    await expect(await byTest('analysis-felt-then')).toHaveValue('scared, then angry');
    await browser.waitUntil(async () => (await (await byTest('analysis-person')).getValue()) !== '');
    await click('analysis-save');
    await (await byTest('analysis-saved')).waitForDisplayed();
    await shot(SPEC, 'from-journal');
  });
});
