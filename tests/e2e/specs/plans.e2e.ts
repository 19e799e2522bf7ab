import { existsSync, readFileSync } from 'node:fs';
import { browser, expect } from '@wdio/globals';
import { byTest, choose, click, createVault, localDay, setDate, shot, textOf, typeInto } from './helpers';

const SPEC = 'plans';
const PASSPHRASE = 'plans spec passphrase';
const PLAN = 'Ask Sam to share the Tuesday shop';
const ENTRY = 'We argued about the shopping again. <b>not bold</b>';

/** What the app has sent to the desktop's notification service (the stand-in one) so far. */
function sentNotifications(): { app: string; summary: string; body: string }[] {
  const log = process.env.IPT_E2E_NOTIFICATIONS ?? '';
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { app: string; summary: string; body: string });
}

async function agendaTexts(): Promise<string[]> {
  const items = await browser.$$('[data-testid="agenda-item"] [data-testid="agenda-item-text"]');
  const out: string[] = [];
  for (const el of items) out.push(await textOf(el));
  return out;
}

async function waitForAgenda(expected: string[]) {
  await browser.waitUntil(async () => JSON.stringify(await agendaTexts()) === JSON.stringify(expected), {
    timeoutMsg: `agenda should read ${JSON.stringify(expected)}`,
  });
}

describe('plans and the agenda for the next session', () => {
  it('sets up a 12-session course whose fourth session is today', async () => {
    await createVault(PASSPHRASE, { keyring: false });
    await click('course-set-up');
    await (await byTest('course-setup')).waitForDisplayed();
    await setDate('course-start', localDay(-15));
    await (await byTest('course-planned')).setValue('12');
    await click('course-save');
    await browser.waitUntil(async () => (await (await byTest('course-initial')).getValue()) === '3');
  });

  it('adds a plan, due by the next session, and Home lists it', async () => {
    await click('nav-plans');
    await typeInto('plan-what', PLAN);
    await choose('plan-area', 'roleDispute');
    await click('plan-save');
    await (await byTest('plan-saved')).waitForDisplayed();
    const open = await byTest('plans-open');
    await browser.waitUntil(async () => (await textOf(open)).includes(PLAN));
    await shot(SPEC, 'plan-added');
    await click('nav-home');
    const home = await byTest('home-plans');
    await home.waitForDisplayed();
    await browser.waitUntil(async () => (await textOf(home)).includes(PLAN));
    await (await byTest('home-prompt-text')).waitForDisplayed();
  });

  it('pins a journal entry, and the agenda shows it with the plan', async () => {
    await click('nav-journal');
    await click('new-entry');
    await (await byTest('entry-form')).waitForDisplayed();
    await typeInto('entry-text', ENTRY);
    await click('entry-pinned');
    await click('entry-save');
    await (await byTest('timeline-entry')).waitForDisplayed({ timeout: 20_000 });

    await click('nav-agenda');
    await (await byTest('agenda')).waitForDisplayed();
    await waitForAgenda([ENTRY, PLAN]);
    expect(await textOf(byTest('agenda-session'))).toContain('Session 4');
    // The patient's words are text, never markup.
    expect(await browser.$$('[data-testid="agenda-items"] b').length).toBe(0);

    // Reorder from the keyboard's buttons, and add a question of my own.
    await click('agenda-down');
    await waitForAgenda([PLAN, ENTRY]);
    await typeInto('agenda-question', 'What if he says no?');
    await click('agenda-add');
    await waitForAgenda([PLAN, ENTRY, 'What if he says no?']);
    await shot(SPEC, 'agenda');
  });

  it('noting the session keeps the agenda with it and starts a fresh one', async () => {
    await click('nav-course');
    await browser.waitUntil(async () => (await (await byTest('session-number')).getValue()) === '4');
    await typeInto('session-talked', 'The shopping, and asking clearly');
    await click('session-save');
    await (await byTest('session-saved')).waitForDisplayed();

    await click('nav-agenda');
    await (await byTest('agenda-empty')).waitForDisplayed();
    expect(await textOf(byTest('agenda-session'))).toContain('Session 5');
    await choose('agenda-earlier', '4');
    const archived = await byTest('agenda-archived');
    await archived.waitForDisplayed();
    const kept = await textOf(archived);
    expect(kept).toContain(PLAN);
    expect(kept).toContain(ENTRY);
    expect(kept).toContain('What if he says no?');
    await shot(SPEC, 'agenda-archived');
  });

  it('records how the plan went, and it is kept across a lock', async () => {
    await click('nav-plans');
    await click('plan-done');
    await typeInto('plan-reflection', 'He agreed straight away.');
    await typeInto('plan-mood-before', '3');
    await typeInto('plan-mood-after', '7');
    await click('plan-outcome-save');
    const earlier = await byTest('plans-earlier');
    await earlier.waitForDisplayed();
    await browser.waitUntil(async () => (await textOf(earlier)).includes('He agreed straight away.'));
    await (await byTest('plans-empty')).waitForDisplayed();
    await shot(SPEC, 'plan-done');

    await click('lock-now');
    await typeInto('unlock-passphrase', PASSPHRASE);
    await click('unlock-submit');
    await (await byTest('home')).waitForDisplayed({ timeout: 30_000 });
    await click('nav-plans');
    const after = await byTest('plans-earlier');
    await after.waitForDisplayed();
    expect(await textOf(after)).toContain('He agreed straight away.');
    expect(await textOf(byTest('plan-status'))).toBe('I did it');
  });

  it('keeps reminder choices, all off until turned on', async () => {
    await click('nav-settings');
    const nudge = await byTest('reminder-journalNudge');
    await nudge.waitForDisplayed();
    expect(await nudge.isSelected()).toBe(false);
    expect(await (await byTest('reminder-sessionDay')).isSelected()).toBe(false);
    await click('reminder-journalNudge');
    await click('reminders-save');
    await (await byTest('reminders-saved')).waitForDisplayed();
    await shot(SPEC, 'reminders');
    await click('nav-home');
    await click('nav-settings');
    await browser.waitUntil(async () => (await byTest('reminder-journalNudge')).isSelected());
    await expect(await byTest('reminder-mention')).not.toBeSelected();

    // The window may not reach what the capability leaves out of the notification plugin.
    const refused = await browser.executeAsync((done: (r: string) => void) => {
      const w = window as unknown as { __TAURI_INTERNALS__: { invoke: (c: string, a: object) => Promise<unknown> } };
      w.__TAURI_INTERNALS__.invoke('plugin:notification|get_active', {}).then(
        () => done('allowed'),
        () => done('refused'),
      );
    });
    expect(refused).toBe('refused');
  });

  it('a reminder due in a minute reaches the desktop, with neutral words', async () => {
    // No invitation to write comes on a day that already has an entry: today's goes to the trash.
    await click('nav-journal');
    const open = browser.$('[data-testid="timeline-entry"] button');
    await open.waitForDisplayed();
    await open.click();
    await click('detail-trash');
    await (await byTest('undo-trash')).waitForDisplayed();
    await click('nav-settings');
    // Away from a minute's end, so the reminder is still ahead once saved.
    if (new Date().getSeconds() > 45) await browser.pause((61 - new Date().getSeconds()) * 1000);
    // Settings loads when first opened: its field is there before anything is typed into it.
    const nudgeAt = await byTest('reminder-journalNudgeAt');
    await nudgeAt.waitForExist();
    const at = new Date(Date.now() + 60_000);
    const hhmm = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
    await browser.execute(
      (node: HTMLInputElement, v: string) => {
        node.value = v;
        node.dispatchEvent(new Event('input', { bubbles: true }));
      },
      nudgeAt as unknown as HTMLInputElement,
      hhmm,
    );
    if (await (await byTest('reminder-quiet')).isSelected()) await click('reminder-quiet');
    await click('reminders-save');
    await (await byTest('reminders-saved')).waitForDisplayed();
    // The window checks once a minute.
    await browser.waitUntil(() => sentNotifications().some((n) => n.body === 'A quiet moment to write, if you like.'), {
      timeout: 140_000,
      interval: 2_000,
      timeoutMsg: 'the journal reminder did not reach the notification service',
    });
    // Nothing the patient wrote, and no "therapy", in anything the desktop was shown.
    const sent = sentNotifications();
    expect(sent.every((n) => n.summary === 'A gentle reminder')).toBe(true);
    expect(JSON.stringify(sent)).not.toMatch(/therap|session|Sam|shop/i);
    // Sent under the app's name (not the executable's)…
    expect(sent.every((n) => n.app === 'IPT Companion')).toBe(true);
  });

  it('a neutral name replaces the app name on screen, for a shared computer', async () => {
    await click('nav-settings');
    await click('neutral-name');
    await (await byTest('discretion-saved')).waitForDisplayed();
    await browser.waitUntil(async () => (await textOf(byTest('brand'))) === 'Notes');
    expect(await browser.getTitle()).toBe('Notes');
    await shot(SPEC, 'neutral-name');
    await click('neutral-name');
    await browser.waitUntil(async () => (await textOf(byTest('brand'))) === 'IPT Companion');
  });
});
