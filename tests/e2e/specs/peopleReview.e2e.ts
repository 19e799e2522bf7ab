import { browser, expect } from '@wdio/globals';
import { byTest, choose, click, createVault, localDay, setDate, shot, textOf, typeInto } from './helpers';

// The guided inventory review at the start of a course: Home invites it, the patient answers for
// the one person on the list, adds a second, ends on the circle and places them; then the
// printable inventory shows both people's answers (as text) and the circle by ring.
const SPEC = 'peopleReview';
const PASSPHRASE = 'review spec passphrase';

/** Scrolls an element into the window (block: where it should land). */
async function scrollTo(id: string, block: 'start' | 'center' | 'end') {
  const el = await byTest(id);
  await el.waitForExist();
  await browser.execute((node: HTMLElement, b: ScrollLogicalPosition) => node.scrollIntoView({ block: b }), el as unknown as HTMLElement, block);
}

/** Chooses a person in the circle and presses ArrowUp `times` times. */
async function placeByKeys(name: string, times: number, announced: string) {
  const b = await browser.$(`//button[@data-person-button and starts-with(normalize-space(), "${name}:")]`);
  await b.waitForDisplayed();
  await b.scrollIntoView({ block: 'center' });
  await b.click();
  for (let i = 0; i < times; i += 1) await browser.keys('ArrowUp');
  await browser.waitUntil(async () => (await textOf(byTest('circle-announce'))) === announced, {
    timeout: 10_000,
    timeoutMsg: `"${announced}" should be announced`,
  });
}

describe('the guided inventory review', () => {
  it('is invited on Home in the first phase, with one person on the list', async () => {
    await createVault(PASSPHRASE, { keyring: false });
    // A course that began five days ago: session 2 is coming, the first phase.
    await click('course-set-up');
    await (await byTest('course-setup')).waitForDisplayed();
    const inTwo = new Date(Date.now() + 2 * 86_400_000);
    await setDate('course-start', localDay(-5));
    await choose('course-weekday', String((inTwo.getDay() + 6) % 7));
    await click('course-save');
    await browser.waitUntil(async () => (await (await byTest('course-initial')).getValue()) !== '');
    // One person with a name only.
    await click('nav-people');
    await click('person-add');
    await typeInto('person-name', 'Ana');
    await choose('person-relationship', 'friend');
    await click('person-save');
    await (await byTest('person-saved')).waitForDisplayed();

    await click('nav-home');
    const card = await byTest('review-invitation');
    await card.waitForDisplayed({ timeout: 20_000 });
    expect(await textOf(card)).toContain('Would you like to go through them, one at a time?');
    await card.scrollIntoView({ block: 'center' });
    await shot(SPEC, 'home-invitation');
  });

  it('goes through Ana, adds Bo, and ends on the circle', async () => {
    await click('review-invitation-start');
    await (await byTest('review-intro')).waitForDisplayed();
    await shot(SPEC, 'intro');
    await click('review-begin');
    const name = await byTest('review-person-name');
    await name.waitForDisplayed();
    expect(await textOf(name)).toBe('Ana (friend)');
    expect(await textOf(byTest('review-progress'))).toBe('Person 1 of 1');
    // The step's heading has the focus.
    expect(await browser.execute(() => document.activeElement?.id)).toBe('review-person-title');
    await typeInto('person-good', 'We laugh <b>a lot</b>');
    await browser.execute(() => window.scrollTo(0, 0));
    await shot(SPEC, 'review-step');
    await scrollTo('review-stop', 'end');
    await shot(SPEC, 'review-step-actions');
    await click('review-save-next');

    await (await byTest('review-done')).waitForDisplayed();
    await click('review-add');
    await (await byTest('review-adding')).waitForDisplayed();
    await typeInto('person-name', 'Bo');
    await choose('person-relationship', 'colleague');
    await typeInto('person-hard', 'Meetings run late');
    await click('review-add-save');
    const added = await byTest('review-added');
    await added.waitForDisplayed({ timeout: 10_000 });
    expect(await textOf(added)).toBe('Bo is on your list now.');
    await shot(SPEC, 'review-done');

    await click('review-open-circle');
    await (await byTest('circle')).waitForDisplayed();
    await placeByKeys('Ana', 3, 'Ana moved to closest.');
    await placeByKeys('Bo', 1, 'Bo moved to further out.');
    await click('circle-save');
    await (await byTest('circle-saved')).waitForDisplayed({ timeout: 20_000 });
  });

  it('prints both people’s answers as text, and the circle by ring', async () => {
    await click('nav-people');
    await click('people-print');
    const sheet = await byTest('inventory-sheet');
    await sheet.waitForDisplayed();
    await (await byTest('sheet-ring-closest')).waitForExist({ timeout: 10_000 });
    const text = await textOf(sheet);
    expect(text).toContain('Ana (friend)');
    expect(text).toContain('We laugh <b>a lot</b>');
    expect(text).toContain('Bo (colleague)');
    expect(text).toContain('Meetings run late');
    expect(await browser.$$('[data-testid="inventory-sheet"] b').length).toBe(0);
    expect(await textOf(byTest('sheet-ring-closest'))).toContain('Closest: Ana');
    expect(await textOf(byTest('sheet-ring-furtherOut'))).toContain('Further out: Bo');
    await shot(SPEC, 'sheet');
    await scrollTo('sheet-circle', 'end');
    await shot(SPEC, 'sheet-circle');
  });
});
