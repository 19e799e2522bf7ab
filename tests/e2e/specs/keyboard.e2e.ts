import { browser, expect } from '@wdio/globals';
import { Key } from 'webdriverio';
import { byTest, createVault, shot, textOf } from './helpers';

// Keyboard only (issue 17, WCAG 2.1.1, 2.1.2, 2.4.3, 2.4.7): after unlocking, no clicks. A journal
// entry written, saved and found again; a built-in role play played to its end; a PHQ-9 answered
// one question at a time and saved; "Need help now" opened with its key (F1) and closed with
// Escape. After every key press: focus is on an element (not <body>) when a control should have
// it, and a focused control shows a focus indicator (an outline or a box shadow). Tab moves out of
// every region of the page and comes round again (no trap), but stays inside the help dialog
// until Escape closes it.
const SPEC = 'keyboard';

interface Focus {
  body: boolean;
  testid: string;
  id: string;
  tag: string;
  type: string;
  name: string;
  text: string;
  /** Focused by a script (tabindex -1: a heading or a region), not a control Tab stops on. */
  programmatic: boolean;
  indicator: boolean;
  outline: string;
  shadow: string;
  region: string;
  /** The test id of the nearest element around it that has one. */
  within: string;
  inDialog: boolean;
  dialogOpen: boolean;
}

async function focus(): Promise<Focus> {
  return browser.execute(() => {
    const el = document.activeElement as HTMLElement | null;
    const body = !el || el === document.body || el === document.documentElement;
    const e = (el ?? document.body) as HTMLElement;
    const cs = getComputedStyle(e);
    const outline = `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`;
    const hasOutline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
    const hasShadow = !!cs.boxShadow && cs.boxShadow !== 'none';
    const region = e.closest('dialog[open]')
      ? 'dialog'
      : e.closest('header')
        ? 'header'
        : e.closest('nav')
          ? 'nav'
          : e.closest('main') || e.id === 'main'
            ? 'main'
            : e.classList.contains('skip-link')
              ? 'skip'
              : 'other';
    return {
      body,
      testid: e.getAttribute('data-testid') ?? '',
      id: e.id,
      tag: e.tagName.toLowerCase(),
      type: e.getAttribute('type') ?? '',
      name: e.getAttribute('name') ?? '',
      text: (e.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40),
      programmatic: e.getAttribute('tabindex') === '-1',
      indicator: hasOutline || hasShadow,
      outline,
      shadow: cs.boxShadow,
      region,
      within: e.parentElement?.closest('[data-testid]')?.getAttribute('data-testid') ?? '',
      inDialog: !!e.closest('dialog[open]'),
      dialogOpen: !!document.querySelector('dialog[open]'),
    };
  });
}

const describeFocus = (f: Focus) =>
  f.body ? '<body>' : `${f.tag}${f.testid ? `[${f.testid}]` : ''}${f.id ? `#${f.id}` : ''}${f.name ? `(name=${f.name})` : ''} “${f.text}”`;

/** Problems seen so far in the current test; each test expects none at its end. */
let problems: string[] = [];
let presses = 0;

/** Presses keys and checks where focus went. `control`: a control should have focus now. */
async function press(keys: string | string[], opts: { control?: boolean } = {}): Promise<Focus> {
  await browser.keys(keys);
  presses += 1;
  // One frame, so a page that moves focus on the key (a new page, a dialog) has done it.
  await browser.executeAsync((done: () => void) => requestAnimationFrame(() => done()));
  const f = await focus();
  const what = Array.isArray(keys) ? keys.map(keyName).join('+') : keys.length > 1 && keys.charCodeAt(0) < 0xe000 ? JSON.stringify(keys) : keyName(keys);
  if (opts.control !== false && f.body) problems.push(`after ${what}: focus is on <body>`);
  if (!f.body && !f.programmatic && !f.indicator) problems.push(`after ${what}: ${describeFocus(f)} has no visible focus indicator (${f.outline}; ${f.shadow})`);
  if (f.dialogOpen && !f.body && !f.inDialog) problems.push(`after ${what}: focus left the open dialog for ${describeFocus(f)}`);
  return f;
}

function keyName(k: string): string {
  const names: Record<string, string> = { [Key.Tab]: 'Tab', [Key.Enter]: 'Enter', [Key.Space]: 'Space', [Key.Escape]: 'Escape', [Key.ArrowDown]: 'ArrowDown', [Key.ArrowUp]: 'ArrowUp', [Key.ArrowRight]: 'ArrowRight', [Key.F1]: 'F1', [Key.Shift]: 'Shift' };
  return names[k] ?? JSON.stringify(k);
}

/** Tabs (or Shift+Tabs) until the predicate holds for the focused element. */
async function tabTo(match: (f: Focus) => boolean, what: string, { back = false, max = 80 } = {}): Promise<Focus> {
  let f = await focus();
  const path: string[] = [];
  for (let i = 0; i < max && !match(f); i += 1) {
    // Past the last control the window itself may hold focus for one press (the webview's edge).
    f = await press(back ? [Key.Shift, Key.Tab] : Key.Tab, { control: false });
    path.push(describeFocus(f));
  }
  if (!match(f)) throw new Error(`Tab never reached ${what}; focus went: ${path.join(' → ')}`);
  return f;
}

const byId = (testid: string) => (f: Focus) => f.testid === testid;

/** After a key that changed the view (checked once the new view is there): focus did not fall to <body>. */
async function landed(what: string) {
  const f = await focus();
  if (f.body) problems.push(`after ${what}: focus fell to <body>`);
}

async function type(text: string) {
  await press(text);
}

function expectNoProblems() {
  const seen = problems;
  problems = [];
  expect(seen).toEqual([]);
}

async function dialogOpen(): Promise<boolean> {
  return browser.execute(() => (document.querySelector('[data-testid="help-dialog"]') as HTMLDialogElement | null)?.open ?? false);
}

describe('keyboard only', () => {
  afterEach(() => {
    // A test that failed on something else leaves its focus problems here: show them too.
    if (problems.length) console.log(`focus problems: ${problems.join('; ')}`);
    problems = [];
  });

  it('sets up a vault (the last clicks of this spec)', async () => {
    await createVault('keyboard spec passphrase', { keyring: false });
    await shot(SPEC, 'home');
  });

  it('Tab goes through the top bar, the navigation and the page, and comes round again', async () => {
    const regions = new Set<string>();
    const first = await tabTo((f) => f.testid === 'need-help', 'Need help now');
    regions.add(first.region);
    let back = false;
    for (let i = 0; i < 120; i += 1) {
      const f = await press(Key.Tab, { control: false });
      if (!f.body) regions.add(f.region);
      if (f.testid === 'need-help') {
        back = true;
        break;
      }
    }
    expect([...regions].sort()).toEqual(expect.arrayContaining(['header', 'main', 'nav']));
    expect(back).toBe(true);
    // And back the other way: Shift+Tab from the top bar leaves it.
    const prev = await press([Key.Shift, Key.Tab], { control: false });
    expect(prev.testid).not.toBe('need-help');
    expectNoProblems();
  });

  it('writes a journal entry and saves it', async () => {
    await tabTo(byId('nav-journal'), 'the Journal link');
    await press(Key.Enter, { control: false });
    await (await byTest('journal')).waitForDisplayed();
    await landed('opening the Journal');
    await tabTo(byId('new-entry'), 'New entry');
    await press(Key.Enter, { control: false });
    await (await byTest('entry-form')).waitForDisplayed();
    await landed('New entry');
    await tabTo(byId('entry-text'), 'the entry text');
    await type('Kept calm on the phone with my brother, by keyboard.');
    await shot(SPEC, 'entry-typed');
    await tabTo(byId('entry-save'), 'Save');
    await press(Key.Enter, { control: false });
    const entry = await byTest('timeline-entry');
    await entry.waitForDisplayed({ timeout: 20_000 });
    expect(await textOf(entry)).toContain('Kept calm on the phone');
    await landed('saving the entry');
    await shot(SPEC, 'entry-saved');
    expectNoProblems();
  });

  it('searches for it', async () => {
    await tabTo(byId('journal-search'), 'the search field');
    await type('brother');
    const mark = browser.$('[data-testid="timeline-entry"] mark');
    await mark.waitForExist({ timeout: 10_000 });
    expect(await textOf(mark)).toBe('brother');
    await shot(SPEC, 'search');
    expectNoProblems();
  });

  it('plays a built-in role play to its end', async () => {
    await tabTo(byId('nav-practice'), 'the Practice link');
    await press(Key.Enter, { control: false });
    await (await byTest('practice')).waitForDisplayed();
    await landed('opening Practice');
    await browser.waitUntil(async () => (await browser.$$('[data-testid="scenarios-builtin"] [data-testid="scenario-item"]').length) > 0);
    const scenario = await tabTo((f) => f.tag === 'button' && f.within === 'scenario-item', 'a scenario in the library');
    await press(Key.Enter, { control: false });
    await (await byTest('scenario-detail')).waitForDisplayed();
    await landed('opening a scenario');
    expect(await textOf(byTest('scenario-detail'))).toContain(scenario.text.slice(0, 10));
    await tabTo(byId('scenario-start'), 'Start');
    await press(Key.Enter, { control: false });
    await (await byTest('run-line')).waitForDisplayed();
    await landed('starting the role play');
    await shot(SPEC, 'roleplay');
    for (let turn = 0; turn < 8; turn += 1) {
      if (await (await byTest('run-ending')).isExisting()) break;
      const line = await textOf(byTest('run-line'));
      await tabTo(byId('run-reply'), 'the reply');
      if (!(await (await byTest('run-reply')).getValue())) await type('I felt hurt when plans changed. Could we talk on Sunday?');
      // The first approach: Tab lands on the group, Space chooses, an arrow moves to the next.
      await tabTo((f) => f.name === 'approach', 'the approaches');
      await press(Key.Space);
      if (turn % 2 === 1) await press(Key.ArrowDown);
      await tabTo(byId('run-send'), 'Say it');
      await press(Key.Enter, { control: false });
      await browser.waitUntil(
        async () => (await (await byTest('run-ending')).isExisting()) || (await textOf(byTest('run-line'))) !== line,
        { timeout: 20_000, timeoutMsg: 'the other side should answer' },
      );
      await landed(`saying turn ${turn + 1}`);
    }
    await (await byTest('run-ending')).waitForDisplayed();
    await tabTo(byId('confidence-after'), 'the confidence after');
    await type('6');
    await tabTo(byId('run-finish'), 'Finish');
    await press(Key.Enter, { control: false });
    await (await byTest('run-review')).waitForDisplayed({ timeout: 20_000 });
    await landed('finishing the role play');
    await shot(SPEC, 'roleplay-review');
    expectNoProblems();
  });

  it('answers a PHQ-9 one question at a time and saves it', async () => {
    await tabTo(byId('nav-checkins'), 'the Check-ins link', { back: true });
    await press(Key.Enter, { control: false });
    await (await byTest('checkins')).waitForDisplayed();
    await landed('opening Check-ins');
    await tabTo(byId('checkin-start-phq9'), 'the PHQ-9');
    await press(Key.Enter, { control: false });
    await (await byTest('checkin-form')).waitForDisplayed();
    await landed('starting the PHQ-9');
    // The way of answering: the arrow moves from "all" to "one at a time".
    await tabTo(byId('checkin-mode-all'), 'the way of answering');
    await press(Key.ArrowDown);
    await (await byTest('checkin-progress')).waitForDisplayed();
    expect(await (await byTest('checkin-mode-one')).isSelected()).toBe(true);
    for (let q = 1; q <= 9; q += 1) {
      await tabTo((f) => f.testid.startsWith(`phq9-item-${q}-`), `question ${q}`);
      await press(Key.Space);
      // Question 9 stays at 0; others move to 1 ("several days") with an arrow.
      if (q < 9) await press(Key.ArrowDown);
      if (q === 1) await shot(SPEC, 'phq9-question-1');
      // Enter on an answer goes on; the next question's legend takes focus.
      await press(Key.Enter);
    }
    await tabTo((f) => f.testid.startsWith('phq9-difficulty-'), 'the difficulty');
    await press(Key.Space);
    await press(Key.Enter);
    await (await byTest('checkin-review')).waitForDisplayed();
    await landed('going on to the review');
    await shot(SPEC, 'phq9-review');
    await tabTo(byId('checkin-save'), 'Save');
    await press(Key.Enter, { control: false });
    const score = await byTest('checkin-score');
    await score.waitForDisplayed({ timeout: 20_000 });
    await landed('saving the check-in');
    expect(await textOf(score)).toContain('8');
    await shot(SPEC, 'phq9-saved');
    expectNoProblems();
  });

  it('opens "Need help now" with F1, Tab stays inside it, Escape closes it and focus returns', async () => {
    const before = await focus();
    await press(Key.F1);
    await browser.waitUntil(dialogOpen, { timeoutMsg: 'F1 should open the help dialog' });
    const opened = await focus();
    expect(opened.id).toBe('help-title');
    await shot(SPEC, 'help-open');
    const seen = new Set<string>();
    for (let i = 0; i < 30; i += 1) {
      const f = await press(Key.Tab);
      expect({ press: i, inDialog: f.inDialog, at: describeFocus(f) }).toEqual({ press: i, inDialog: true, at: describeFocus(f) });
      seen.add(describeFocus(f));
    }
    for (let i = 0; i < 5; i += 1) {
      const f = await press([Key.Shift, Key.Tab]);
      expect(f.inDialog).toBe(true);
    }
    expect(seen.size).toBeGreaterThan(1);
    await press(Key.Escape);
    await browser.waitUntil(async () => !(await dialogOpen()), { timeoutMsg: 'Escape should close the help dialog' });
    const after = await focus();
    expect(describeFocus(after)).toBe(describeFocus(before));
    await shot(SPEC, 'help-closed');
    console.log(`keyboard: ${presses} key presses checked`);
    expectNoProblems();
  });
});
