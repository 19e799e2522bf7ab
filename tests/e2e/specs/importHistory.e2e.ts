import { $, browser, expect } from '@wdio/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { byTest, click, createVault, shot, textOf, typeInto } from './helpers';

// "Bring your history": a small, made-up Daylio export written to a temporary file, its path
// typed into Settings; the preview shows what would come in (and the row that cannot be read),
// an unknown mood word is mapped, the entries are added and appear in the journal's timeline;
// the same file a second time adds nothing.
const SPEC = 'importHistory';
const CSV = [
  'full_date,date,weekday,time,mood,activities,note_title,note',
  '2024-05-04,4 May,Saturday,10:30 am,Sleepy,"reading",,"Slow morning with a book."',
  '2024-05-03,3 May,Friday,9:15 pm,rad,"friends | cooking","Dinner","Cooked with the neighbors.<br>It felt easy."',
  '2024-05-02,2 May,Thursday,not a time,good,"",,"This row cannot be read."',
  '2024-05-01,1 May,Wednesday,6:05 pm,awful,"work",,"A hard talk at the harbor office."',
].join('\n');

let csvPath = '';

/** Waits for the preview; an error shown instead fails with its words. */
async function previewShown() {
  await browser
    .waitUntil(async () => (await byTest('history-preview').isExisting()) || (await byTest('history-error').isExisting()), {
      timeout: 30_000,
      timeoutMsg: 'the preview (or an error) should show',
    })
    .catch(async (e: unknown) => {
      await shot(SPEC, 'no-preview');
      throw e;
    });
  if (await byTest('history-error').isExisting()) {
    await shot(SPEC, 'error');
    throw new Error(`the preview failed: ${await textOf(byTest('history-error'))}`);
  }
}

async function timelineText(): Promise<string> {
  await click('nav-journal');
  await (await byTest('timeline')).waitForDisplayed({ timeout: 20_000 });
  return textOf(byTest('timeline'));
}

describe('bring your history', () => {
  before(() => {
    csvPath = join(mkdtempSync(join(tmpdir(), 'ipt-import-')), 'daylio_export.csv');
    writeFileSync(csvPath, CSV);
  });

  it('previews a Daylio export: how many, from when to when, and the row that cannot be read', async () => {
    await createVault('import spec passphrase', { keyring: false });
    await click('nav-settings');
    await typeInto('history-path', csvPath);
    await click('history-look');
    await previewShown();
    expect(await textOf(byTest('history-summary'))).toContain('2 entries, from May 1, 2024 to May 3, 2024');
    expect(await textOf(byTest('history-unreadable'))).toContain('Row 4: the time could not be read');
    expect(await textOf(byTest('history-unreadable'))).toContain('Row 2: its mood word has no number yet');
    await (await byTest('history-preview')).scrollIntoView({ block: 'start' });
    await shot(SPEC, 'preview');
  });

  it('maps the unknown mood word, and the preview follows', async () => {
    const sleepy = await $('[data-testid="history-mood"][data-word="Sleepy"]');
    await sleepy.scrollIntoView({ block: 'center' });
    await sleepy.selectByAttribute('value', '4');
    await browser.waitUntil(async () => (await textOf(byTest('history-summary'))).includes('3 entries, from May 1, 2024 to May 4, 2024'), {
      timeout: 20_000,
      timeoutMsg: 'the preview should count the mapped row',
    });
    expect(await (await byTest('history-add')).getText()).toContain('Add 3 entries to my journal');
    await shot(SPEC, 'mapped');
  });

  it('adds them, and they appear in the journal timeline', async () => {
    await click('history-add');
    const done = await byTest('history-done');
    await done.waitForDisplayed({ timeout: 60_000 });
    expect(await textOf(done)).toContain('3 entries added to your journal');
    await (await byTest('import-history')).scrollIntoView({ block: 'start' });
    await shot(SPEC, 'done');
    const text = await timelineText();
    expect(text).toContain('Slow morning with a book.');
    expect(text).toContain('Cooked with the neighbors.');
    expect(text).toContain('A hard talk at the harbor office.');
    expect(text).not.toContain('This row cannot be read.');
    await shot(SPEC, 'timeline');
  });

  it('the same file again adds nothing', async () => {
    await click('nav-settings');
    await typeInto('history-path', csvPath);
    await click('history-look');
    await previewShown();
    // The mapping starts again from the defaults: the Sleepy row is unreadable, the rest are there.
    expect(await textOf(byTest('history-summary'))).toContain('Nothing new to add');
    expect(await textOf(byTest('history-already'))).toContain('2 of these are already in your journal');
    await shot(SPEC, 'again');
  });
});
