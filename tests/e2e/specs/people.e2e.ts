import { browser, expect } from '@wdio/globals';
import { byTest, choose, click, createVault, shot, textOf, typeInto } from './helpers';

const SPEC = 'people';
const PASSPHRASE = 'people spec passphrase';

async function openPerson(label: string) {
  await click('nav-people');
  await (await byTest('people')).waitForDisplayed();
  const archived = await byTest('people-archived');
  if (await archived.isExisting()) {
    // Open the collapsed section so its people can be clicked.
    await browser.execute((el: HTMLDetailsElement) => (el.open = true), archived as unknown as HTMLDetailsElement);
  }
  const button = await browser.$(`//button[@data-testid="person-open" and normalize-space()="${label}"]`);
  await button.waitForDisplayed();
  await button.scrollIntoView({ block: 'center' });
  await button.click();
  await (await byTest('person-detail')).waitForDisplayed();
}

async function addPerson(name: string, relationship: string, good: string) {
  await click('nav-people');
  await click('person-add');
  await typeInto('person-name', name);
  await choose('person-relationship', relationship);
  if (good) await typeInto('person-good', good);
  await click('person-save');
  await (await byTest('person-saved')).waitForDisplayed();
}

describe('people: the interpersonal inventory', () => {
  it('sets up a vault', async () => {
    await createVault(PASSPHRASE, { keyring: false });
  });

  it('adds two people with some answers', async () => {
    await addPerson('Ana', 'friend', 'We laugh <b>a lot</b>');
    // Saved: her page shows the answer as typed; "Edit answers" opens the questions again.
    expect(await textOf(byTest('person-answer-good'))).toBe('We laugh <b>a lot</b>');
    await click('person-edit');
    await click('person-fit-partly');
    await typeInto('person-hard', 'She cancels plans');
    await click('person-save');
    await browser.waitUntil(async () => (await textOf(byTest('person-answers'))).includes('She cancels plans'));
    expect(await textOf(byTest('person-answer-expectationsFit'))).toBe('Partly');
    await addPerson('Bo', 'colleague', '');
    await addPerson('A.', 'friend', '');
    const active = await byTest('people-active');
    await browser.waitUntil(async () => (await textOf(active)).includes('Bo (colleague)'));
    expect(await textOf(active)).toContain('Ana (friend)');
    expect(await browser.$$('[data-testid="people"] b').length).toBe(0);
    await shot(SPEC, 'people-list');
  });

  it('links Ana in a journal event', async () => {
    await click('nav-journal');
    await click('new-entry');
    await (await byTest('entry-form')).waitForDisplayed();
    await typeInto('entry-text', 'Coffee by the river.');
    await click('add-event');
    const who = await byTest('event-0-who');
    await who.waitForDisplayed();
    await who.scrollIntoView({ block: 'center' });
    await who.selectByVisibleText('Ana (friend)');
    await typeInto('event-0-happened', 'She listened');
    await click('entry-save');
    const entry = await byTest('timeline-entry');
    await entry.waitForDisplayed({ timeout: 20_000 });
    expect(await textOf(entry)).toContain('Ana');
  });

  it("Ana's page shows the moment and the contact-day counts, without an average yet", async () => {
    await openPerson('Ana (friend)');
    const events = await byTest('person-events');
    await events.waitForDisplayed();
    expect(await textOf(events)).toContain('She listened');
    expect(await textOf(byTest('person-mood-with'))).toContain('1');
    expect(await textOf(byTest('person-mood-with'))).toContain('too few days');
    expect(await textOf(byTest('person-mood-words'))).toContain('at least 5 days on each side');
    await (await byTest('person-mood')).scrollIntoView({ block: 'center' });
    await shot(SPEC, 'person-page');
  });

  it('archives Ana: the old entry still names her, the pickers no longer offer her', async () => {
    await openPerson('Ana (friend)');
    await click('person-archive');
    await (await byTest('person-archived-tag')).waitForDisplayed();
    const archived = await byTest('people-archived');
    await archived.waitForDisplayed();
    expect(await textOf(archived)).toContain('Ana (friend)');
    expect(await textOf(byTest('people-active'))).not.toContain('Ana');
    await shot(SPEC, 'archived');

    await click('nav-journal');
    const entry = await byTest('timeline-entry');
    await entry.waitForDisplayed({ timeout: 20_000 });
    expect(await textOf(entry)).toContain('Ana');

    await click('nav-plans');
    const picker = await byTest('plan-person');
    await picker.waitForDisplayed();
    const offered = await textOf(picker);
    expect(offered).toContain('Bo');
    expect(offered).not.toContain('Ana');
  });

  it('merges A. into Ana: one person left, with her answers', async () => {
    await openPerson('A. (friend)');
    await click('person-merge');
    const into = await byTest('person-merge-into');
    await into.waitForDisplayed();
    await into.scrollIntoView({ block: 'center' });
    await into.selectByVisibleText('Ana (friend)');
    await shot(SPEC, 'merge');
    await click('person-merge-yes');
    await browser.waitUntil(async () => (await textOf(byTest('person-detail'))).includes('Ana'));
    await browser.waitUntil(async () => !(await textOf(byTest('people-active'))).includes('A. (friend)'));
    expect(await textOf(byTest('person-answer-good'))).toBe('We laugh <b>a lot</b>');
    // The moment that named Ana is still on her page after the merge.
    expect(await textOf(byTest('person-events'))).toContain('She listened');
    await shot(SPEC, 'merged');
  });
});
