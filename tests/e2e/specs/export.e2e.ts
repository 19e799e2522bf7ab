import { browser, expect } from '@wdio/globals';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { byTest, click, createVault, shot, textOf, typeInto } from './helpers';

// "Take your data with you": export everything and the journal (the warning that the files are
// not encrypted comes first), change the journal, import with merge (the trashed entry is back,
// nothing twice), then delete everything, start again on a new vault, import, and the words are
// back. The path fields stand in for the system's dialogs, which WebDriver cannot drive.
const SPEC = 'export';
const PASSPHRASE = 'export spec passphrase';
const FIRST = 'Export spec: the estuary walk with Sam.';
const SECOND = '# Export spec: a line that looks like a heading';
const LATER = 'Export spec: written after the export.';
const jsonPath = join(tmpdir(), `ipt-export-e2e-${process.pid}.json`);
const mdPath = join(tmpdir(), `ipt-export-e2e-${process.pid}.md`);

async function write(text: string) {
  await click('nav-journal');
  await click('new-entry');
  await (await byTest('entry-form')).waitForDisplayed();
  await typeInto('entry-text', text);
  await click('entry-save');
  await browser.waitUntil(async () => (await textOf(byTest('timeline'))).includes(text), {
    timeout: 20_000,
    timeoutMsg: `the entry "${text}" should be in the timeline`,
  });
}

async function timelineText(): Promise<string> {
  await click('nav-journal');
  await (await byTest('timeline')).waitForDisplayed({ timeout: 20_000 });
  return textOf(byTest('timeline'));
}

const times = (haystack: string, needle: string) => haystack.split(needle).length - 1;

async function exportTo(kind: 'json' | 'markdown', path: string) {
  await click('nav-settings');
  await click(kind === 'json' ? 'export-json' : 'export-markdown');
  const warning = await byTest('export-warning');
  await warning.waitForDisplayed();
  expect(await warning.getText()).toContain('will not be encrypted');
  await typeInto('export-path', path);
  await shot(SPEC, `warning-${kind}`);
  await click('export-path-save');
  await (await byTest('export-done')).waitForDisplayed({ timeout: 60_000 });
}

async function importFrom(path: string): Promise<string> {
  await click('nav-settings');
  await typeInto('import-path', path);
  await click('import-check');
  const preview = await byTest('import-preview');
  await preview.waitForDisplayed({ timeout: 60_000 });
  const text = await preview.getText();
  await shot(SPEC, 'preview');
  await click('import-confirm');
  await (await byTest('import-done')).waitForDisplayed({ timeout: 60_000 });
  await shot(SPEC, 'imported');
  return text;
}

describe('export and import', () => {
  before(() => {
    for (const p of [jsonPath, mdPath]) rmSync(p, { force: true });
  });
  after(() => {
    for (const p of [jsonPath, mdPath]) rmSync(p, { force: true });
  });

  it('exports everything and the journal, each after saying the file is not encrypted', async () => {
    await createVault(PASSPHRASE, { keyring: false });
    await write(FIRST);
    await write(SECOND);
    await exportTo('json', jsonPath);
    await shot(SPEC, 'exported');
    const doc = JSON.parse(readFileSync(jsonPath, 'utf8'));
    expect(doc.format).toBe('ipt-companion-export');
    expect(doc.journal.entries).toHaveLength(2);

    await exportTo('markdown', mdPath);
    const md = readFileSync(mdPath, 'utf8');
    expect(md).toContain('not encrypted');
    expect(md).toContain(FIRST);
    expect(md).toContain('\n\\# Export spec: a line');
  });

  it('merges the export back after changes: the trashed entry returns, nothing twice', async () => {
    await click('nav-journal');
    await (await byTest('timeline')).waitForDisplayed();
    // Trash the newest entry (the second one), then write one more.
    await browser.$$('[data-testid="timeline-entry"] button')[0].click();
    await click('detail-trash');
    await (await byTest('undo-trash')).waitForDisplayed();
    await write(LATER);
    expect(await timelineText()).not.toContain('a line that looks');

    const preview = await importFrom(jsonPath);
    expect(preview).toContain('Journal entries: 1 new of 2');
    const text = await timelineText();
    expect(times(text, FIRST)).toBe(1);
    expect(times(text, 'a line that looks like a heading')).toBe(1);
    expect(times(text, LATER)).toBe(1);

    // Importing again adds nothing.
    await click('nav-settings');
    await typeInto('import-path', jsonPath);
    await click('import-check');
    await (await byTest('import-nothing-new')).waitForDisplayed({ timeout: 60_000 });
    await click('import-cancel');
  });

  it('a file that is not an export is refused calmly', async () => {
    await click('nav-settings');
    await typeInto('import-path', mdPath);
    await click('import-check');
    const err = await byTest('import-error');
    await err.waitForDisplayed({ timeout: 30_000 });
    expect(await err.getText()).toContain('nothing was changed');
    await shot(SPEC, 'refused');
  });

  it('delete everything → a new vault → import → the words are back', async () => {
    expect(existsSync(jsonPath)).toBe(true);
    await click('nav-settings');
    await typeInto('erase-word', 'delete');
    await click('erase-submit');
    await (await byTest('welcome-start')).waitForDisplayed({ timeout: 30_000 });
    await createVault(PASSPHRASE, { keyring: false });
    const preview = await importFrom(jsonPath);
    expect(preview).toContain('Journal entries: 2 new of 2');
    const text = await timelineText();
    expect(times(text, FIRST)).toBe(1);
    expect(times(text, 'a line that looks like a heading')).toBe(1);
    await shot(SPEC, 'back-after-delete-everything');
  });
});
