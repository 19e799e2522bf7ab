import { browser, expect } from '@wdio/globals';
import { byTest, click, createVault, localDay, setDate, shot, textOf, typeInto } from './helpers';

const SPEC = 'course';

describe('my therapy course', () => {
  it('sets up a 12-session course and Home shows where it stands', async () => {
    await createVault('course spec passphrase', { keyring: false });
    await click('course-set-up');
    await (await byTest('course-setup')).waitForDisplayed();
    // First session 15 days ago, then weekly on today's weekday (the form's default): sessions at
    // −15, −14, −7 and today, so session 4 is today's, the first of the middle phase.
    await setDate('course-start', localDay(-15));
    const planned = await byTest('course-planned');
    await planned.setValue('12');
    await shot(SPEC, 'setup');
    await click('course-save');
    await browser.waitUntil(async () => (await (await byTest('course-initial')).getValue()) === '3');
    await expect(await byTest('course-termination')).toHaveValue('10');

    await click('nav-home');
    const session = await byTest('course-session');
    await session.waitForDisplayed();
    expect(await textOf(session)).toBe('Session 4 of 12');
    expect(await textOf(byTest('course-phase'))).toBe('The middle');
    await shot(SPEC, 'home');
  });

  it('noting today’s session moves Home on to the next one', async () => {
    await click('nav-course');
    const next = await byTest('session-4');
    await next.waitForDisplayed();
    expect(await next.getAttribute('data-state')).toBe('next');
    await (await byTest('session-number')).waitForDisplayed();
    expect(await (await byTest('session-number')).getValue()).toBe('4');
    await typeInto('session-talked', 'The argument about the car');
    await typeInto('session-agreed', 'Ask for one specific change');
    await click('session-save');
    await (await byTest('session-saved')).waitForDisplayed();
    await browser.waitUntil(async () => (await (await byTest('session-4')).getAttribute('data-state')) === 'done');
    await shot(SPEC, 'sessions');
    await click('nav-home');
    const session = await byTest('course-session');
    await session.waitForDisplayed();
    expect(await textOf(session)).toBe('Session 5 of 12');
  });

  it('records the agreed focus with goals, and shows prompts for it', async () => {
    await click('nav-course');
    await click('focus-roleTransition');
    await typeInto('focus-goals-roleTransition', 'Find my feet after retiring');
    await (await byTest('focus-prompts-roleTransition')).waitForDisplayed();
    await click('focus-save');
    await (await byTest('focus-saved')).waitForDisplayed();
    await shot(SPEC, 'focus');
  });

  it('keeps the two cards in the patient’s words across a lock', async () => {
    await typeInto('cards-letting-go', 'Hosting Sunday lunch');
    await typeInto('cards-formulation', 'When I keep things to myself I feel more alone.');
    await click('cards-save');
    await (await byTest('cards-saved')).waitForDisplayed();
    await shot(SPEC, 'cards');
    await click('lock-now');
    await typeInto('unlock-passphrase', 'course spec passphrase');
    await click('unlock-submit');
    await (await byTest('home')).waitForDisplayed({ timeout: 30_000 });
    await click('nav-course');
    await browser.waitUntil(async () => (await (await byTest('cards-letting-go')).getValue()) === 'Hosting Sunday lunch');
    await expect(await byTest('focus-goals-roleTransition')).toHaveValue('Find my feet after retiring');
    await expect(await byTest('cards-formulation')).toHaveValue('When I keep things to myself I feel more alone.');
  });
});
