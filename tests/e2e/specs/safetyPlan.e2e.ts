import { browser, expect } from '@wdio/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { byTest, click, createVault, shot, textOf, typeInto } from './helpers';

// The personal safety plan: filled in on a steadier day, saved into the vault, saved as a PDF
// made by the core (through the typed path, which stands in for the system's save dialog), and
// still there to read after locking and unlocking again.
const SPEC = 'safetyPlan';
const PASSPHRASE = 'safety plan spec passphrase';
const folder = mkdtempSync(join(tmpdir(), 'ipt-safety-plan-e2e-'));
const pdf = join(folder, 'my safety plan.pdf');

describe('my safety plan', () => {
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('opens empty as a form with the six steps', async () => {
    await createVault(PASSPHRASE, { keyring: false });
    await click('nav-safety-plan');
    await (await byTest('safety-plan-form')).waitForDisplayed();
    // The crisis line sits read-only under step 5.
    await (await byTest('sp-crisis-lines')).waitForExist();
    await shot(SPEC, 'empty-form');
  });

  it('saves a warning sign, a coping step, a helper and a reason for living', async () => {
    await click('sp-add-warningSigns');
    await typeInto('sp-warningSigns-1', 'I stop answering messages');
    await click('sp-add-coping');
    await typeInto('sp-coping-1', 'A walk round the block');
    await click('sp-add-distractions');
    await typeInto('sp-distractions-1', 'Café con <b>Begoña</b>');
    await click('sp-add-helpers');
    await typeInto('sp-helpers-1-name', 'J.');
    await typeInto('sp-helpers-1-phone', '555 0101');
    await typeInto('sp-reason', 'Seeing my niece grow up');
    await click('sp-save');
    const view = await byTest('safety-plan-view');
    await view.waitForDisplayed({ timeout: 20_000 });
    expect(await textOf(byTest('sp-saved'))).toContain('Saved on');
    expect(await textOf(byTest('sp-view-helpers'))).toContain('555 0101');
    await shot(SPEC, 'saved');
  });

  it('saves the plan as a PDF where the patient typed, with their words and the crisis line', async () => {
    const save = await byTest('sp-pdf');
    await save.scrollIntoView({ block: 'center' });
    await click('sp-pdf-type-path');
    await typeInto('sp-pdf-path', pdf);
    await click('sp-pdf-path-save');
    const done = await byTest('sp-pdf-done');
    await done.waitForDisplayed({ timeout: 30_000 });
    expect(await textOf(done)).toContain(pdf);
    expect(await textOf(save)).toContain('not encrypted');
    await shot(SPEC, 'pdf-saved');

    expect(existsSync(pdf)).toBe(true);
    expect(readFileSync(pdf).subarray(0, 4).toString()).toBe('%PDF');
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }).split(/\s+/).join(' ');
    for (const words of [
      'My safety plan',
      '1. My warning signs',
      'I stop answering messages',
      'A walk round the block',
      'Café con <b>Begoña</b>',
      'J.: 555 0101',
      '5. Professionals and crisis lines',
      'Seeing my niece grow up',
    ]) {
      expect(text).toContain(words);
    }
    // The crisis line the page shows under step 5 is on paper too.
    expect(text).toMatch(/A crisis line where I am:|Crisis lines, by country:/);
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).toMatch(/^Title:\s+My safety plan$/m);
  });

  it('is still there, to read, after locking and unlocking', async () => {
    await click('lock-now');
    await typeInto('unlock-passphrase', PASSPHRASE);
    await click('unlock-submit');
    await (await byTest('home')).waitForDisplayed({ timeout: 30_000 });
    await click('nav-safety-plan');
    const view = await byTest('safety-plan-view');
    await view.waitForDisplayed({ timeout: 20_000 });
    expect(await textOf(byTest('sp-view-warningSigns'))).toContain('I stop answering messages');
    expect(await textOf(byTest('sp-view-coping'))).toContain('A walk round the block');
    expect(await textOf(byTest('sp-view-helpers'))).toContain('J.');
    expect(await textOf(byTest('sp-view-helpers'))).toContain('555 0101');
    expect(await textOf(byTest('sp-view-reason'))).toContain('Seeing my niece grow up');
    await (await byTest('sp-edit')).waitForDisplayed();
    await shot(SPEC, 'after-unlock');
  });
});

describe('my safety plan while the app is locked', () => {
  it('“Need help now” shows the lines, says the plan is locked, and unlocking opens the plan', async () => {
    await click('lock-now');
    await (await byTest('unlock-passphrase')).waitForDisplayed({ timeout: 20_000 });
    await click('need-help');
    await (await byTest('help-dialog')).waitForDisplayed();
    await (await byTest('help-first')).waitForDisplayed();
    const locked = await byTest('help-plan-locked');
    await locked.waitForDisplayed();
    expect(await locked.getText()).toContain('shows once you unlock');
    await shot(SPEC, 'help-while-locked');
    await click('help-unlock-for-plan');
    await typeInto('unlock-passphrase', PASSPHRASE);
    await click('unlock-submit');
    const view = await byTest('safety-plan-view');
    await view.waitForDisplayed({ timeout: 30_000 });
    expect(await textOf(byTest('sp-view-reason'))).toContain('Seeing my niece grow up');
  });

  it('with a readable copy kept, the plan shows in “Need help now” while locked; turned off, it is gone', async () => {
    await click('sp-copy-toggle');
    await browser.waitUntil(async () => (await textOf(byTest('sp-copy-status'))).includes('is kept'), {
      timeout: 10_000,
      timeoutMsg: 'the copy was not kept',
    });
    await shot(SPEC, 'copy-kept');
    await click('lock-now');
    await (await byTest('unlock-passphrase')).waitForDisplayed({ timeout: 20_000 });
    await click('need-help');
    await click('help-show-copy');
    const copy = await byTest('help-plan-copy');
    await copy.waitForDisplayed();
    expect(await copy.getText()).toContain('I stop answering messages');
    expect(await copy.getText()).toContain('Seeing my niece grow up');
    // The plan's people show beside the lines.
    expect(await textOf(byTest('help-my-people'))).toContain('555 0101');
    await shot(SPEC, 'copy-while-locked');
    await click('help-close');
    await typeInto('unlock-passphrase', PASSPHRASE);
    await click('unlock-submit');
    await (await byTest('home')).waitForDisplayed({ timeout: 30_000 });
    await click('nav-safety-plan');
    await click('sp-copy-toggle');
    await browser.waitUntil(async () => (await textOf(byTest('sp-copy-status'))).includes('No copy'), {
      timeout: 10_000,
      timeoutMsg: 'the copy was not removed',
    });
    await click('lock-now');
    await (await byTest('unlock-passphrase')).waitForDisplayed({ timeout: 20_000 });
    await click('need-help');
    await (await byTest('help-plan-locked')).waitForDisplayed();
    expect(await (await byTest('help-show-copy')).isExisting()).toBe(false);
  });
});
