import { browser, expect } from '@wdio/globals';
import { byTest, choose, click, createVault, shot, textOf, typeInto } from './helpers';

// The closeness circle: three people named in the journal, placed by keyboard (each move
// announced), saved; one moved and saved again; stepping back shows the earlier circle as it was;
// "start of the course vs now" says who moved.
const SPEC = 'circle';
const PASSPHRASE = 'circle spec passphrase';

/** The circle's button for a person (its text starts with their name). */
async function personButton(name: string) {
  const b = await browser.$(`//button[@data-person-button and starts-with(normalize-space(), "${name}:")]`);
  await b.waitForDisplayed();
  await b.scrollIntoView({ block: 'center' });
  return b;
}

/** Chooses a person and presses an arrow key `times` times, checking what is announced. */
async function moveByKeys(name: string, key: 'ArrowUp' | 'ArrowDown', times: number, announced: string) {
  const b = await personButton(name);
  await b.click();
  for (let i = 0; i < times; i += 1) {
    // The button moves between lists after each step; the page keeps the focus on it.
    await browser.keys(key);
  }
  await browser.waitUntil(async () => (await textOf(byTest('circle-announce'))) === announced, {
    timeout: 10_000,
    timeoutMsg: `"${announced}" should be announced`,
  });
}

describe('the closeness circle', () => {
  it('names three people in a journal entry', async () => {
    await createVault(PASSPHRASE, { keyring: false });
    await click('nav-journal');
    await click('new-entry');
    await (await byTest('entry-form')).waitForDisplayed();
    await typeInto('entry-text', 'Sunday lunch.');
    for (const [i, name] of ['Sam', 'Jo', 'Ana'].entries()) {
      await click('add-event');
      await choose(`event-${i}-who`, 'new');
      await typeInto(`event-${i}-name`, name);
    }
    await click('entry-save');
    await (await byTest('timeline-entry')).waitForDisplayed({ timeout: 20_000 });
  });

  it('places them by keyboard and saves the circle', async () => {
    await click('nav-circle');
    await (await byTest('circle-tray')).waitForDisplayed();
    await shot(SPEC, 'empty');
    await moveByKeys('Sam', 'ArrowUp', 3, 'Sam moved to closest.');
    await moveByKeys('Jo', 'ArrowUp', 2, 'Jo moved to close.');
    await moveByKeys('Ana', 'ArrowUp', 1, 'Ana moved to further out.');
    expect(await textOf(byTest('circle-words-closest'))).toContain('Sam');
    expect(await textOf(byTest('circle-words-close'))).toContain('Jo');
    expect(await textOf(byTest('circle-words-furtherOut'))).toContain('Ana');
    await click('circle-save');
    await (await byTest('circle-saved')).waitForDisplayed({ timeout: 20_000 });
    await shot(SPEC, 'placed-and-saved');
  });

  it('moves Sam out, saves again; the earlier circle still shows Sam closest', async () => {
    await moveByKeys('Sam', 'ArrowDown', 2, 'Sam moved to further out.');
    await (await byTest('circle-unsaved')).waitForDisplayed();
    await click('circle-save');
    await (await byTest('circle-saved')).waitForDisplayed({ timeout: 20_000 });
    expect(await textOf(byTest('circle-words-furtherOut'))).toContain('Sam');

    await click('circle-earlier');
    await browser.waitUntil(async () => (await textOf(byTest('circle-viewing'))).includes('(2 of 2)'));
    expect(await textOf(byTest('circle-words-furtherOut'))).toContain('Sam');
    await click('circle-earlier');
    await browser.waitUntil(async () => (await textOf(byTest('circle-viewing'))).includes('(1 of 2)'));
    expect(await textOf(byTest('circle-words-closest'))).toContain('Sam');
    expect(await textOf(byTest('circle-words-furtherOut'))).not.toContain('Sam');
    expect(await (await byTest('circle-drawing')).getAttribute('aria-label')).toContain('Closest: Sam.');
    await shot(SPEC, 'earlier-snapshot');
  });

  it('puts the first and latest side by side with who moved', async () => {
    await click('circle-now');
    await click('circle-compare');
    const moved = await byTest('circle-moved-out');
    await moved.waitForDisplayed({ timeout: 10_000 });
    expect(await textOf(moved)).toContain('Sam: from closest to further out');
    await (await byTest('circle-comparison')).scrollIntoView({ block: 'start' });
    await shot(SPEC, 'compare');
  });
});
