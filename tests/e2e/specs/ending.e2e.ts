import { browser, expect } from '@wdio/globals';
import { byTest, click, createVault, localDay, setDate, shot, textOf, typeInto } from './helpers';

// Ending well: in the last sessions Home offers "getting ready"; the page looks back over the
// course and keeps the patient's plan for after it. Once the course has ended (here: moved back
// two months), the monthly check-in is offered on Home, and a sign noticed shows the plan.
const SPEC = 'ending';
const PASSPHRASE = 'ending spec passphrase';

describe('ending well', () => {
  it('in the last sessions, Home offers to get ready', async () => {
    await createVault(PASSPHRASE, { keyring: false });
    await click('course-set-up');
    await (await byTest('course-setup')).waitForDisplayed();
    // Four weekly sessions on today's weekday, the first three weeks ago: today's is the last.
    await setDate('course-start', localDay(-21));
    await (await byTest('course-planned')).setValue('4');
    await click('course-save');
    await browser.waitUntil(async () => (await (await byTest('course-termination')).getValue()) === '4');
    await click('nav-home');
    const card = await byTest('ending-card');
    await card.waitForDisplayed({ timeout: 20_000 });
    expect(await card.getAttribute('data-state')).toBe('termination');
    expect(await textOf(card)).toContain('Your last sessions');
    await shot(SPEC, 'home-last-sessions');
  });

  it('looks back over the course and keeps the plan for after it', async () => {
    await click('ending-card-open');
    const review = await byTest('ending-review');
    await review.waitForDisplayed({ timeout: 20_000 });
    expect(await textOf(byTest('er-sessions'))).toContain('None of your 4 planned sessions');
    expect(await textOf(byTest('er-sessions'))).toContain('These are your last sessions.');
    await (await byTest('ending-plan-form')).waitForDisplayed();
    await shot(SPEC, 'review-and-empty-plan');

    await click('ep-add-changes');
    await typeInto('ep-changes-1', 'I can ask my sister for help');
    await click('ep-add-warningSigns');
    await typeInto('ep-warningSigns-1', 'Cancelling on friends');
    await click('ep-add-warningSigns');
    await typeInto('ep-warningSigns-2', 'Lying awake past 3 <b>am</b>');
    await click('ep-add-ifTheyComeBack');
    await typeInto('ep-ifTheyComeBack-1', 'Walk every morning');
    await click('ep-add-contacts');
    await typeInto('ep-contacts-1', 'Dr K, 555 0199');
    await click('ep-add-comeBackIf');
    await typeInto('ep-comeBackIf-1', 'Two weeks of bad sleep');
    await click('ep-monthly');
    await shot(SPEC, 'plan-filled');
    await click('ep-save');
    const view = await byTest('ending-plan-view');
    await view.waitForDisplayed({ timeout: 20_000 });
    expect(await textOf(byTest('ep-saved'))).toContain('Saved on');
    expect(await textOf(byTest('ending-plan-view-warningSigns'))).toContain('Lying awake past 3 <b>am</b>');
    expect(await textOf(byTest('ep-monthly-state'))).toContain('on');
    await shot(SPEC, 'plan-saved');
  });

  it('after the course, Home offers the monthly check-in; a sign noticed shows the plan', async () => {
    // The same four sessions, two months earlier: the course ended six weeks ago.
    await click('nav-course');
    await (await byTest('course-setup')).waitForDisplayed();
    await setDate('course-start', localDay(-63));
    await click('course-save');
    await browser.pause(500);
    await click('nav-home');
    const card = await byTest('ending-card');
    await card.waitForDisplayed({ timeout: 20_000 });
    await browser.waitUntil(async () => (await card.getAttribute('data-state')) === 'due');
    await shot(SPEC, 'home-monthly-due');
    await click('ending-card-start');

    await (await byTest('fu-signs')).waitForDisplayed({ timeout: 20_000 });
    expect(await textOf(byTest('fu-signs'))).toContain('Have you noticed any of these in the last weeks?');
    await click('fu-sign-2');
    await (await byTest('checkin-form')).waitForDisplayed();
    for (const [i, v] of [1, 1, 0, 1, 0, 0, 0, 0, 0].entries()) await click(`phq9-item-${i + 1}-${v}`);
    await shot(SPEC, 'follow-up-form');
    await click('checkin-save');

    const result = await byTest('fu-result');
    await result.waitForDisplayed({ timeout: 20_000 });
    expect(await result.getAttribute('data-returned')).toBe('true');
    expect(await textOf(byTest('fu-noticed'))).toContain('Lying awake past 3 <b>am</b>');
    const plan = await byTest('fu-plan-view');
    expect(await textOf(plan)).toContain('Walk every morning');
    expect(await textOf(plan)).toContain('Dr K, 555 0199');
    expect(await textOf(plan)).toContain('Two weeks of bad sleep');
    expect(await textOf(byTest('fu-contact'))).toContain('therapist or doctor');
    await shot(SPEC, 'follow-up-result');

    // Back home, the next one is a month away.
    await click('fu-done');
    const next = await byTest('ending-card-next');
    await next.waitForDisplayed({ timeout: 20_000 });
    await shot(SPEC, 'home-next-month');
  });
});
