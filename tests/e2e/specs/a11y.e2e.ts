import { browser, expect } from '@wdio/globals';
import { Key } from 'webdriverio';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { artifacts } from '../support/process';
import { byTest, choose, click, shot, textOf, typeInto } from './helpers';

// WCAG 2.2 AA in the real window (issue 17): axe-core, injected into the app window through
// WebDriver (a Tauri window cannot open the tab the WebdriverIO axe service needs), runs on every
// screen and dialog, in English and Spanish and in the light and dark themes. A serious or critical
// violation fails the spec; minor and moderate ones are reported. The whole table goes to
// artifacts/axe-report.json.
const SPEC = 'a11y';
const PASSPHRASE = 'a11y spec passphrase, long enough';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

type Lang = 'en' | 'es';
type Theme = 'light' | 'dark';
interface Finding {
  screen: string;
  lang: Lang;
  theme: Theme;
  rule: string;
  impact: string;
  count: number;
  target: string;
  help: string;
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; any?: { message?: string; data?: { messageKey?: string } | null }[] }[];
}

/** Every combination of language and theme, before unlocking and after. */
const BEFORE: [Lang, Theme][] = [
  ['en', 'light'],
  ['en', 'dark'],
  ['es', 'light'],
  ['es', 'dark'],
];
const AFTER: [Lang, Theme][] = [
  ['en', 'light'],
  ['es', 'dark'],
  ['en', 'dark'],
  ['es', 'light'],
];

const findings: Finding[] = [];
const scanned: string[] = [];
let lang: Lang = 'en';
let theme: Theme = 'light';

/** Rules that passed, and results axe could not decide (reported, never failed on), over all scans. */
let passes = 0;
let incomplete = 0;
const incompleteRules = new Map<string, number>();
/** Where axe could not decide (for a person to look at): screen, language, theme, rule, first target. */
const review: { screen: string; lang: Lang; theme: Theme; rule: string; count: number; target: string; reason: string }[] = [];
let incompleteNow: { id: string; count: number; target: string; reason: string }[] = [];

async function runAxe(): Promise<AxeViolation[]> {
  const loaded = await browser.execute(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!loaded) await browser.execute(AXE_SOURCE);
  const out = await browser.executeAsync((tags: string[], done: (r: string) => void) => {
    type Result = { violations: AxeViolation[]; passes: { id: string }[]; incomplete: AxeViolation[] };
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<Result> } }).axe;
    axe
      .run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
      .then((r) =>
        done(
          JSON.stringify({
            violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })),
            passes: r.passes.length,
            incomplete: r.incomplete.map((v) => ({
              id: v.id,
              count: v.nodes.length,
              target: JSON.stringify(v.nodes[0]?.target ?? []),
              // Why axe could not decide (for colour contrast: text over an image, under the
              // sticky bar, SVG text…).
              reason: String(v.nodes[0]?.any?.[0]?.data?.messageKey ?? v.nodes[0]?.any?.[0]?.message ?? ''),
            })),
          }),
        ),
      )
      .catch((e: unknown) => done(`ERROR ${String(e)}`));
  }, TAGS);
  if (out.startsWith('ERROR')) throw new Error(`axe failed: ${out}`);
  const r = JSON.parse(out) as { violations: AxeViolation[]; passes: number; incomplete: { id: string; count: number; target: string; reason: string }[] };
  passes += r.passes;
  incomplete += r.incomplete.length;
  for (const { id } of r.incomplete) incompleteRules.set(id, (incompleteRules.get(id) ?? 0) + 1);
  incompleteNow = r.incomplete;
  return r.violations;
}

/** Runs axe on what the window shows now, keeps what it found, and takes a screenshot. */
async function scan(screen: string, themeOverride?: Theme) {
  const th = themeOverride ?? theme;
  // Two frames: what the DOM holds is laid out (and a theme change's colours applied).
  await browser.executeAsync((done: () => void) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  const violations = await runAxe();
  scanned.push(`${screen}|${lang}|${th}`);
  for (const i of incompleteNow) review.push({ screen, lang, theme: th, rule: i.id, count: i.count, target: i.target, reason: i.reason });
  for (const v of violations) {
    findings.push({
      screen,
      lang,
      theme: th,
      rule: v.id,
      impact: v.impact ?? 'unknown',
      count: v.nodes.length,
      target: JSON.stringify(v.nodes[0]?.target ?? []),
      help: v.help,
    });
  }
  await shot(SPEC, `${lang}-${th}-${screen}`);
}

async function waitLang(l: Lang) {
  await browser.waitUntil(async () => (await browser.execute(() => document.documentElement.lang)) === l, {
    timeoutMsg: `the window should speak ${l}`,
  });
  lang = l;
}

async function waitTheme(th: Theme) {
  await browser.waitUntil(async () => (await browser.execute(() => document.documentElement.getAttribute('data-theme'))) === th, {
    timeoutMsg: `the ${th} theme should be applied`,
  });
  theme = th;
}

/** Before unlocking: the language list and the "Display" control under the screen. */
async function chooseBefore(l: Lang, th: Theme) {
  await choose('language-select', l);
  await waitLang(l);
  const details = await byTest('display-control');
  await details.waitForExist();
  if (!(await browser.execute((d: HTMLDetailsElement) => d.open, details as unknown as HTMLDetailsElement))) await click('display-open');
  await click(`display-theme-${th}`);
  await waitTheme(th);
  // Closed again, as the patient finds it.
  await click('display-open');
}

/** After unlocking: Settings' language and appearance. */
async function chooseAfter(l: Lang, th: Theme) {
  await click('nav-settings');
  await (await byTest('settings')).waitForDisplayed();
  await choose('settings-language-select', l);
  await waitLang(l);
  await click(`appearance-theme-${th}`);
  await waitTheme(th);
}

/** Clicks an element found other than by test id, with it in the middle of the window. */
async function press(selector: string) {
  const el = await browser.$(selector);
  await el.waitForDisplayed();
  await el.scrollIntoView({ block: 'center' });
  await el.waitForClickable();
  await el.click();
}

async function nav(id: string, page: string) {
  await click(`nav-${id}`);
  await (await byTest(page)).waitForDisplayed({ timeout: 20_000 });
}

async function seed() {
  // A journal entry with a moment with someone (also makes the person).
  await nav('journal', 'journal');
  await click('new-entry');
  await (await byTest('entry-form')).waitForDisplayed();
  await typeInto('entry-text', 'Walked along the estuary with my sister.');
  await click('emotion-hopeful');
  await click('add-event');
  await choose('event-0-who', 'new');
  await typeInto('event-0-name', 'Jude');
  await typeInto('event-0-happened', 'She asked how I was really doing');
  await click('entry-save');
  await (await byTest('timeline-entry')).waitForDisplayed({ timeout: 20_000 });
  // A person with some answers.
  await click('nav-people');
  await click('person-add');
  await typeInto('person-name', 'Ana');
  await choose('person-relationship', 'friend');
  await typeInto('person-good', 'We laugh a lot');
  await click('person-save');
  await (await byTest('person-saved')).waitForDisplayed();
  // A PHQ-9, so the history has a chart.
  await nav('checkins', 'checkins');
  await click('checkin-start-phq9');
  await (await byTest('checkin-form')).waitForDisplayed();
  await click('checkin-mode-all');
  for (const [i, v] of [1, 1, 2, 1, 0, 1, 1, 0, 0].entries()) await click(`phq9-item-${i + 1}-${v}`);
  await click('checkin-save');
  await click('checkin-done');
  await (await byTest('trend-chart')).waitForDisplayed({ timeout: 20_000 });
  // A backup, so Settings offers to restore one.
  await click('nav-settings');
  await click('backup-now');
  await (await byTest('backup-made')).waitForDisplayed({ timeout: 60_000 });
}

async function dialogOpen(): Promise<boolean> {
  return browser.execute(() => (document.querySelector('[data-testid="help-dialog"]') as HTMLDialogElement | null)?.open ?? false);
}

/** Every screen after unlocking, in the current language and theme. */
async function allScreens() {
  await nav('home', 'home');
  await scan('home');

  await nav('journal', 'journal');
  await (await byTest('timeline-entry')).waitForDisplayed({ timeout: 20_000 });
  await scan('journal');
  await typeInto('journal-search', 'estuar');
  await browser.$('[data-testid="timeline-entry"] mark').waitForExist({ timeout: 10_000 });
  await scan('journal-search');
  await typeInto('journal-search', '');
  await browser.$('[data-testid="timeline-entry"] mark').waitForExist({ reverse: true });
  await click('new-entry');
  await (await byTest('entry-form')).waitForDisplayed();
  await click('add-event');
  await (await byTest('event-0-who')).waitForDisplayed();
  await scan('journal-new-entry');
  // Back to the timeline (the form keeps its draft), then one entry opened.
  await nav('home', 'home');
  await nav('journal', 'journal');
  await press('[data-testid^="open-entry-"]');
  await (await byTest('entry-detail')).waitForDisplayed();
  await scan('journal-entry');

  await nav('plans', 'plans');
  await scan('plans');

  await nav('people', 'people');
  await scan('people');
  await press('//button[@data-testid="person-open" and starts-with(normalize-space(), "Ana")]');
  await (await byTest('person-detail')).waitForDisplayed();
  await scan('person');
  await click('people-review');
  await (await byTest('review-intro')).waitForDisplayed();
  await scan('people-review-intro');
  await click('review-begin');
  await (await byTest('review-person-name')).waitForDisplayed();
  await scan('people-review-step');

  await nav('circle', 'circle');
  await scan('circle');

  await nav('practice', 'practice');
  await browser.waitUntil(async () => (await browser.$$('[data-testid="scenarios-builtin"] [data-testid="scenario-item"]').length) > 0);
  await scan('practice-library');
  await press('[data-testid="scenarios-builtin"] [data-testid="scenario-item"] button');
  await (await byTest('scenario-detail')).waitForDisplayed();
  await scan('practice-scenario');
  await click('scenario-start');
  await (await byTest('run-line')).waitForDisplayed();
  await scan('practice-roleplay');
  await click('practice-tab-analysis');
  await (await byTest('analysis-form')).waitForDisplayed();
  await scan('practice-worksheet');

  await nav('checkins', 'checkins');
  await (await byTest('trend-chart')).waitForDisplayed({ timeout: 20_000 });
  await scan('checkins-history');
  await click('checkin-start-phq9');
  await (await byTest('checkin-form')).waitForDisplayed();
  await click('checkin-mode-one');
  await (await byTest('checkin-progress')).waitForDisplayed();
  await scan('checkin-one-at-a-time');
  await click('checkin-mode-all');
  await (await byTest('phq9-item-9')).waitForDisplayed();
  await scan('checkin-all');
  await click('checkin-cancel');

  await nav('safety-plan', 'safety-plan');
  await scan('safety-plan');
  await nav('agenda', 'agenda');
  await scan('agenda');
  await nav('course', 'course-setup');
  await scan('course');
  await nav('ending', 'ending');
  await scan('ending');
  await nav('summary', 'summary');
  await (await byTest('summary-choose')).waitForDisplayed({ timeout: 20_000 });
  await scan('summary');

  await nav('settings', 'settings');
  await scan('settings');
  await click('backup-restore');
  await (await byTest('restore-secret')).waitForDisplayed();
  await scan('settings-restore');
  await click('export-json');
  await (await byTest('export-warning')).waitForDisplayed();
  await scan('settings-export');
  await click('export-cancel');

  await click('need-help');
  await browser.waitUntil(dialogOpen, { timeoutMsg: 'the help dialog should open' });
  await scan('need-help');
  await browser.keys(Key.Escape);
  await browser.waitUntil(async () => !(await dialogOpen()));
}

function table(rows: Finding[]): string {
  const head = ['screen', 'lang', 'theme', 'rule', 'impact', 'count', 'first target'];
  const body = rows.map((f) => [f.screen, f.lang, f.theme, f.rule, f.impact, String(f.count), f.target]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

describe('accessibility: axe on every screen, both languages, both themes', () => {
  it('welcome, choosing how to unlock, and restoring, before a vault exists', async () => {
    await (await byTest('welcome-start')).waitForDisplayed({ timeout: 30_000 });
    for (const [l, th] of BEFORE) {
      await chooseBefore(l, th);
      await scan('welcome');
      await click('welcome-start');
      await (await byTest('mode-keyring')).waitForEnabled({ timeout: 30_000 });
      await scan('choose-unlock');
      await press('//button[@data-testid="create-vault"]/preceding-sibling::button');
      await click('welcome-restore');
      await (await byTest('restore-secret')).waitForDisplayed();
      await scan('restore-before');
      await press('//button[@data-testid="restore-check"]/following-sibling::button');
      await (await byTest('welcome-start')).waitForDisplayed();
    }
  });

  it('the recovery code (in both themes)', async () => {
    await chooseBefore('en', 'light');
    await click('welcome-start');
    await (await byTest('mode-keyring')).waitForEnabled({ timeout: 30_000 });
    await click('mode-passphrase');
    await typeInto('new-passphrase', PASSPHRASE);
    await typeInto('confirm-passphrase', PASSPHRASE);
    await click('create-vault');
    await (await byTest('recovery-code')).waitForDisplayed({ timeout: 30_000 });
    await scan('recovery-code');
    // No theme control on this screen: the theme is put on <html> as the app itself does.
    await browser.execute(() => document.documentElement.setAttribute('data-theme', 'dark'));
    await scan('recovery-code', 'dark');
    await browser.execute(() => document.documentElement.setAttribute('data-theme', 'light'));
    await click('recovery-saved');
    await click('recovery-continue');
    await (await byTest('home')).waitForDisplayed({ timeout: 30_000 });
  });

  it('puts something on each page: an entry, a person, a check-in, a backup', async () => {
    await seed();
  });

  for (const [l, th] of AFTER) {
    it(`every screen and dialog in ${l}, ${th}`, async () => {
      await chooseAfter(l, th);
      await allScreens();
    });
  }

  it('the unlock screen in every language and theme', async () => {
    await click('lock-now');
    await (await byTest('unlock-passphrase')).waitForDisplayed({ timeout: 30_000 });
    for (const [l, th] of BEFORE) {
      await chooseBefore(l, th);
      await scan('unlock');
    }
    await typeInto('unlock-passphrase', PASSPHRASE);
    await click('unlock-submit');
    await (await byTest('home')).waitForDisplayed({ timeout: 30_000 });
    expect(await textOf(byTest('home'))).not.toBe('');
  });

  it('has no serious or critical violation (the table is in artifacts/axe-report.json)', async () => {
    mkdirSync(artifacts, { recursive: true });
    const failing = findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
    const report = {
      tags: TAGS,
      scans: scanned.length,
      screens: [...new Set(scanned.map((s) => s.split('|')[0]))],
      serious: failing.length,
      other: findings.length - failing.length,
      rulesPassed: passes,
      needsReview: Object.fromEntries(incompleteRules),
      review,
      findings,
    };
    writeFileSync(join(artifacts, 'axe-report.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(`axe: ${scanned.length} scans, ${report.screens.length} screens; ${failing.length} serious/critical, ${report.other} minor/moderate findings; ${passes} rule passes, ${incomplete} left for review (${[...incompleteRules.keys()].join(', ')})`);
    if (findings.length) console.log(table(findings));
    expect(failing.map((f) => `${f.screen} ${f.lang} ${f.theme}: ${f.rule} (${f.impact}) ×${f.count} ${f.target}`)).toEqual([]);
  });
});
