// Long text fits (issue 17): the timeline's rows are as tall as what they hold. Entries with long
// Spanish text, many feelings, tags and people, at the normal text size and at 200 % (the text
// size setting sets the root font size): no two rows overlap, nothing in a row is cut off (only the
// excerpt stops after two lines, and the entry's own page shows the whole text), and the view
// still scrolls through every entry.
import { browser, expect } from '@wdio/globals';
import { byTest, choose, click, createVault, shot, textOf, typeInto } from './helpers';

const SPEC = 'timelineRows';
const PASSPHRASE = 'timeline rows spec passphrase';

const LONG_TEXT =
  'Hoy hablé con mi hermana sobre lo que pasó en la cena del domingo, cuando nadie me preguntó cómo estaba ' +
  'y yo me quedé callada toda la noche. Le dije que me sentí invisible y que no sabía cómo pedir ayuda sin ' +
  'sentir que molestaba. Ella me escuchó, me dio la razón en algunas cosas y en otras no, y al final ' +
  'acordamos vernos el jueves para caminar juntas por el estuario como hacíamos antes de la mudanza. ' +
  'Segunda línea: quiero llevar esto a la próxima sesión.';
const UNBROKEN = 'Supercalifragilisticoespialidoso'.repeat(8);
const TAGS = [
  'familia',
  'hermana',
  'cena del domingo',
  'comunicación',
  'transiciones de rol',
  'duelo',
  'trabajo',
  'sueño',
  'ejercicio',
  'vecinos',
  'sesión',
  // As long as a tag may be (50 characters), without a space to wrap at.
  'etiqueta-larga-sin-espacios-que-no-cabe-en-la-fila',
];
const FEELINGS = ['sad', 'lonely', 'hurt', 'anxious', 'overwhelmed', 'frustrated', 'guilty', 'hopeful', 'grateful', 'relieved'];
const PEOPLE = ['María José Fernández de la Concepción', 'Jude', 'Alejandro Bartolomé Sánchez-Villalobos'];

async function openJournal() {
  await click('nav-journal');
  await (await byTest('journal')).waitForDisplayed();
}

async function writeEntry(opts: { text: string; feelings?: string[]; custom?: string; tags?: string[]; people?: string[] }) {
  await click('new-entry');
  await (await byTest('entry-form')).waitForDisplayed();
  await typeInto('entry-text', opts.text);
  for (const f of opts.feelings ?? []) await click(`emotion-${f}`);
  if (opts.custom) await typeInto('entry-custom-emotions', opts.custom);
  if (opts.tags) await typeInto('entry-tags', opts.tags.join(', '));
  for (const [i, name] of (opts.people ?? []).entries()) {
    await click('add-event');
    await choose(`event-${i}-who`, 'new');
    await typeInto(`event-${i}-name`, name);
    await typeInto(`event-${i}-happened`, 'Hablamos un rato');
  }
  await click('entry-save');
  await browser.waitUntil(async () => (await byTest('new-entry').isDisplayed()) || (await byTest('entry-error').isExisting()), { timeout: 20_000 });
  if (await byTest('entry-error').isExisting()) throw new Error(`the entry was not saved: ${await textOf(byTest('entry-error'))}`);
}

type Problem = string;

/**
 * Checks every rendered row of the timeline: consecutive rows do not overlap, each row holds all
 * of its content, and no box with hidden overflow cuts anything off (the two-line excerpt aside).
 */
async function rowProblems(): Promise<{ rows: number; problems: Problem[] }> {
  return browser.execute(() => {
    const problems: string[] = [];
    const box = document.querySelector('[data-testid="timeline"]') as HTMLElement;
    const rows = [...box.querySelectorAll<HTMLElement>('h3, [data-testid="timeline-entry"]')];
    const name = (el: Element) => `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? '').trim().slice(0, 30)}"`;
    for (let i = 1; i < rows.length; i++) {
      const a = rows[i - 1].getBoundingClientRect();
      const b = rows[i].getBoundingClientRect();
      if (b.top < a.bottom - 0.5) problems.push(`row ${i} (${name(rows[i])}) starts ${a.bottom - b.top}px inside row ${i - 1}`);
    }
    for (const row of rows) {
      const r = row.getBoundingClientRect();
      for (const el of [row, ...row.querySelectorAll<HTMLElement>('*')]) {
        const e = el.getBoundingClientRect();
        if (e.bottom > r.bottom + 1 || e.right > r.right + 1 || e.left < r.left - 1) {
          problems.push(`${name(el)} runs out of its row`);
        }
        const style = getComputedStyle(el);
        const hides = [style.overflowX, style.overflowY].some((o) => o === 'hidden' || o === 'clip');
        if (!hides) continue;
        if (el.dataset.testid === 'entry-excerpt') {
          // The excerpt may stop after two lines, no more cut than that.
          const line = parseFloat(style.lineHeight);
          if (el.clientHeight < Math.min(el.scrollHeight, 2 * line) - 1) problems.push(`${name(el)} shows less than two lines`);
          continue;
        }
        if (el.scrollHeight > el.clientHeight + 1) problems.push(`${name(el)} is cut: ${el.scrollHeight} > ${el.clientHeight}`);
        if (el.scrollWidth > el.clientWidth + 1) problems.push(`${name(el)} is cut sideways: ${el.scrollWidth} > ${el.clientWidth}`);
      }
    }
    if (box.scrollWidth > box.clientWidth + 1) problems.push(`the timeline scrolls sideways: ${box.scrollWidth} > ${box.clientWidth}`);
    return { rows: rows.length, problems };
  });
}

async function setTextSize(percent: number) {
  await browser.execute((p: number) => {
    document.documentElement.style.fontSize = `${p}%`;
  }, percent);
  // Two frames: the rows are measured again and the view laid out anew.
  await browser.executeAsync((done: () => void) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
}

async function scrollTimeline(to: 'top' | 'bottom' | number) {
  await browser.execute((where: 'top' | 'bottom' | number) => {
    const box = document.querySelector('[data-testid="timeline"]') as HTMLElement;
    box.scrollTop = where === 'top' ? 0 : where === 'bottom' ? box.scrollHeight : where;
  }, to);
  await browser.executeAsync((done: () => void) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
}

/** Brings the timeline box into the window without scrolling it (a WebDriver wheel scroll would). */
async function showTimeline() {
  await browser.execute(() => document.querySelector('[data-testid="timeline"]')?.scrollIntoView({ block: 'center' }));
  await scrollTimeline('top');
}

async function expectNoProblems(where: string) {
  const { rows, problems } = await rowProblems();
  expect(rows).toBeGreaterThan(0);
  if (problems.length > 0) throw new Error(`${where}:\n${problems.join('\n')}`);
}

describe('timeline rows fit long text (issue 17)', () => {
  it('sets up a vault and writes entries with long text, many feelings, tags and people', async () => {
    await createVault(PASSPHRASE, { keyring: false });
    await openJournal();
    await writeEntry({ text: 'Un día tranquilo.' });
    await writeEntry({
      text: LONG_TEXT,
      feelings: FEELINGS,
      custom: 'desplazada, sin voz, agradecida a pesar de todo, con ganas de llorar',
      tags: TAGS,
      people: PEOPLE,
    });
    await writeEntry({ text: `${UNBROKEN} ${LONG_TEXT}`, tags: TAGS.slice(0, 6), feelings: FEELINGS.slice(0, 4) });
    await writeEntry({ text: 'Solo etiquetas hoy.', tags: TAGS, people: [PEOPLE[0]] });
    await writeEntry({ text: LONG_TEXT, feelings: FEELINGS.slice(4), tags: TAGS.slice(3, 9) });
    await browser.waitUntil(async () => (await browser.$$('[data-testid="timeline-entry"]').length) === 5, { timeout: 20_000 });
  });

  it('at the normal text size: rows do not overlap and nothing is cut off', async () => {
    await showTimeline();
    await expectNoProblems('100 %, top');
    await shot(SPEC, 'text-100');
    await scrollTimeline('bottom');
    await expectNoProblems('100 %, bottom');
  });

  it('at 200 %: rows grow with the text, do not overlap, and nothing is cut off', async () => {
    await setTextSize(200);
    await showTimeline();
    await expectNoProblems('200 %, top');
    await shot(SPEC, 'text-200-top');
    // Scroll through the whole list: every entry comes into view, each checked where it is.
    const seen = new Set<string>();
    const height = await browser.execute(() => (document.querySelector('[data-testid="timeline"]') as HTMLElement).scrollHeight);
    for (let y = 0; y <= height; y += 200) {
      await scrollTimeline(y);
      await expectNoProblems(`200 %, scrolled to ${y}px`);
      const ids: string[] = await browser.execute(() =>
        [...document.querySelectorAll('[data-testid^="open-entry-"]')].map((b) => (b as HTMLElement).dataset.testid ?? ''),
      );
      ids.forEach((id) => seen.add(id));
    }
    expect(seen.size).toBe(5);
    await scrollTimeline('bottom');
    await expectNoProblems('200 %, bottom');
    await shot(SPEC, 'text-200-bottom');
  });

  it('at 200 %, the whole text is on the entry page, and every label and person is in the row', async () => {
    await scrollTimeline('top');
    const row = await browser.$(`//article[@data-testid="timeline-entry"][contains(., "${PEOPLE[2]}")]`);
    await row.waitForExist();
    const rowText = await textOf(row);
    for (const tag of TAGS) expect(rowText).toContain(`#${tag}`);
    for (const person of PEOPLE) expect(rowText).toContain(person);
    await row.$('button').click();
    const detail = await byTest('detail-text');
    await detail.waitForDisplayed();
    expect(await textOf(detail)).toContain(LONG_TEXT.slice(-60));
    await shot(SPEC, 'text-200-entry');
    await setTextSize(100);
  });
});
