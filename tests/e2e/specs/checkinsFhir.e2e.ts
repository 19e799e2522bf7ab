import { expect } from '@wdio/globals';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { byTest, click, createVault, localDay, setDate, shot, textOf, typeInto } from './helpers';

// Check-ins for a health record: a PHQ-9 with one question left blank and a GAD-7, saved as one
// FHIR file for today's period; the file holds both, with the blank question left out. A period
// with no check-ins says so calmly and writes nothing. The path field stands in for the system's
// save dialog, which WebDriver cannot drive.
const SPEC = 'checkinsFhir';
const PASSPHRASE = 'fhir spec passphrase';
const path = join(tmpdir(), `ipt-fhir-e2e-${process.pid}.json`);
const empty = join(tmpdir(), `ipt-fhir-e2e-${process.pid}-empty.json`);

async function takeCheckIn(kind: 'phq9' | 'gad7', answers: (number | null)[]) {
  await click('nav-checkins');
  await click(`checkin-start-${kind}`);
  await (await byTest('checkin-form')).waitForDisplayed();
  for (const [i, v] of answers.entries()) if (v !== null) await click(`${kind}-item-${i + 1}-${v}`);
  await click('checkin-save');
  await (await byTest('checkin-score')).waitForDisplayed({ timeout: 20_000 });
  await click('checkin-done');
}

describe('check-ins for a health record (FHIR)', () => {
  before(() => {
    for (const p of [path, empty]) rmSync(p, { force: true });
  });
  after(() => {
    for (const p of [path, empty]) rmSync(p, { force: true });
  });

  it('saves the period as one FHIR bundle and says how many check-ins went in', async () => {
    await createVault(PASSPHRASE, { keyring: false });
    // PHQ-9 with the sleep question (3) left blank; item 9 "not at all".
    await takeCheckIn('phq9', [1, 1, null, 2, 0, 1, 0, 0, 0]);
    await takeCheckIn('gad7', [1, 2, 1, 0, 0, 1, 1]);
    const card = await byTest('checkins-fhir');
    await card.waitForDisplayed();
    expect(await textOf(card)).toContain('a standard file format health records can read');
    expect(await (await byTest('fhir-to')).getValue()).toBe(localDay(0));
    await typeInto('fhir-path', path);
    await shot(SPEC, 'card');
    await click('fhir-path-save');
    const done = await byTest('fhir-done');
    await done.waitForDisplayed({ timeout: 30_000 });
    expect(await textOf(done)).toContain(`Saved 2 check-ins to ${path}`);
    await shot(SPEC, 'saved');

    const bundle = JSON.parse(readFileSync(path, 'utf8'));
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.type).toBe('collection');
    const resources = bundle.entry.map((e: { resource: unknown }) => e.resource);
    expect(resources.map((r: { questionnaire: string }) => r.questionnaire)).toEqual([
      'http://loinc.org/q/44249-1',
      'http://loinc.org/q/69737-5',
    ]);
    const phqLinks = resources[0].item.map((i: { linkId: string }) => i.linkId);
    expect(phqLinks).not.toContain('44259-0');
    expect(phqLinks).toContain('44261-6');
    expect(JSON.stringify(bundle)).not.toContain('Patient');
  });

  it('a period without check-ins says so calmly and writes nothing', async () => {
    await setDate('fhir-from', '2001-01-01');
    await setDate('fhir-to', '2001-12-31');
    await typeInto('fhir-path', empty);
    await click('fhir-path-save');
    const error = await byTest('fhir-error');
    await error.waitForDisplayed({ timeout: 20_000 });
    expect(await textOf(error)).toContain('nothing to save');
    await shot(SPEC, 'nothing');
    expect(existsSync(empty)).toBe(false);
  });
});
