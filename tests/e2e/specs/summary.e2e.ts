import { browser, expect } from '@wdio/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { byTest, choose, click, createVault, shot, textOf, typeInto } from './helpers';

// "For my therapist": two moments with Sam this week and a check-in; the patient ticks one moment
// and leaves the other out, saves the page as a PDF (through the typed path, which stands in for
// the system's save dialog), and the PDF holds the chosen words and not the others.
const SPEC = 'summary';
const PASSPHRASE = 'summary spec passphrase';
const pdf = join(tmpdir(), `ipt-summary-e2e-${process.pid}.pdf`);

async function moment(happened: string) {
  await click('nav-journal');
  await click('new-entry');
  await (await byTest('entry-form')).waitForDisplayed();
  await typeInto('entry-text', 'A day.');
  await click('add-event');
  const who = await byTest('event-0-who');
  await who.waitForDisplayed();
  await who.scrollIntoView({ block: 'center' });
  await who.selectByVisibleText('Sam (friend)');
  await typeInto('event-0-happened', happened);
  await click('entry-save');
  await (await byTest('timeline-entry')).waitForDisplayed({ timeout: 20_000 });
}

describe('for my therapist: the weekly summary as a PDF', () => {
  before(() => rmSync(pdf, { force: true }));
  after(() => rmSync(pdf, { force: true }));

  it('offers the week with moments unticked and saves only what was chosen', async () => {
    await createVault(PASSPHRASE, { keyring: false });
    await click('nav-people');
    await click('person-add');
    await typeInto('person-name', 'Sam');
    await choose('person-relationship', 'friend');
    await click('person-save');
    await (await byTest('person-saved')).waitForDisplayed();
    await moment('We talked about Sundays');
    await moment('Zebracorn secret');

    await click('nav-checkins');
    await click('checkin-start-phq9');
    await (await byTest('checkin-form')).waitForDisplayed();
    for (let i = 1; i <= 9; i++) await click(`phq9-item-${i}-${i === 9 ? 0 : 1}`);
    await click('checkin-save');
    await (await byTest('checkin-score')).waitForDisplayed({ timeout: 20_000 });
    await click('checkin-done');

    await click('nav-summary');
    const chooser = await byTest('summary-choose');
    await chooser.waitForDisplayed({ timeout: 20_000 });
    const moments = await browser.$$('[data-testid="summary-event"] input');
    expect(moments.length).toBe(2);
    for (const m of moments) expect(await m.isSelected()).toBe(false);
    expect(await (await byTest('summary-checkins')).isSelected()).toBe(true);
    await shot(SPEC, 'chooser');

    // Tick the first moment (Sundays) only.
    const first = await browser.$('//label[@data-testid="summary-event" and contains(., "Sundays")]//input');
    await first.scrollIntoView({ block: 'center' });
    await first.click();
    await click('summary-pdf-type-path');
    await typeInto('summary-pdf-path', pdf);
    await click('summary-pdf-path-save');
    const done = await byTest('summary-pdf-done');
    await done.waitForDisplayed({ timeout: 30_000 });
    expect(await textOf(done)).toContain(pdf);
    await shot(SPEC, 'saved');

    expect(existsSync(pdf)).toBe(true);
    expect(readFileSync(pdf).subarray(0, 4).toString()).toBe('%PDF');
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).split(/\s+/).join(' ');
    expect(text).toContain('For my therapist');
    expect(text).toContain('We talked about Sundays');
    expect(text).toContain('PHQ-9');
    expect(text).not.toContain('Zebracorn');
  });
});
