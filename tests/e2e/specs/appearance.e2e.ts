import { browser, expect } from '@wdio/globals';
import { byTest, click, createVault, restartApp, shot, typeInto } from './helpers';

// Appearance (issue 17, WCAG 2.2 AA): dark colours and 200 % text chosen before a vault exists,
// kept after unlocking and across a restart (applied before the lock screen shows); at 200 %
// nothing with text is cut off and the window never scrolls sideways.
const SPEC = 'appearance';
const PASSPHRASE = 'harbour lights in the evening';

/** What <html> carries: the theme, the text size and its computed px. */
async function applied(): Promise<{ theme: string | null; size: string | null; px: number; motion: string | null }> {
  return browser.execute(() => {
    const html = document.documentElement;
    return {
      theme: html.getAttribute('data-theme'),
      size: html.getAttribute('data-text-size'),
      px: parseFloat(getComputedStyle(html).fontSize),
      motion: html.getAttribute('data-motion'),
    };
  });
}

/**
 * Every visible element with text whose box clips (overflow hidden or clip) but whose content is
 * wider or taller than the box, or that scrolls sideways on its own, and whether the window scrolls
 * sideways. Visually hidden text
 * (for screen readers only) is meant to be clipped and is left out.
 */
async function clipped(): Promise<{ clipped: string[]; pageWidth: number; windowWidth: number; outside: string[] }> {
  return browser.execute(() => {
    const out: string[] = [];
    const describe = (el: Element) => {
      const id = el.getAttribute('data-testid');
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.split(/\s+/).join('.')}` : '';
      return `${el.tagName.toLowerCase()}${id ? `[data-testid=${id}]` : ''}${cls} “${(el.textContent ?? '').trim().slice(0, 40)}”`;
    };
    for (const el of Array.from(document.body.querySelectorAll<HTMLElement>('*'))) {
      if (el.closest('.visually-hidden, .skip-link, [hidden], dialog:not([open])')) continue;
      // A closed list shows only its chosen option, and may cut a long one short at 200 %; opened,
      // it lists every option in full (the system draws it), so nothing is lost there.
      if (el.closest('select')) continue;
      if (!(el.textContent ?? '').trim()) continue;
      const cs = getComputedStyle(el);
      if (cs.display === 'none' || cs.visibility === 'hidden') continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const clipsX = cs.overflowX === 'hidden' || cs.overflowX === 'clip';
      const clipsY = cs.overflowY === 'hidden' || cs.overflowY === 'clip';
      if (clipsX && el.scrollWidth > el.clientWidth + 1) out.push(`${describe(el)}: ${el.scrollWidth} wide in ${el.clientWidth}`);
      if (clipsY && el.scrollHeight > el.clientHeight + 1) out.push(`${describe(el)}: ${el.scrollHeight} tall in ${el.clientHeight}`);
      if (cs.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) out.push(`${describe(el)}: cut with an ellipsis`);
      // A box of text that scrolls sideways on its own is no better than a page that does.
      const scrollsX = cs.overflowX === 'auto' || cs.overflowX === 'scroll';
      if (scrollsX && el.scrollWidth > el.clientWidth + 1) out.push(`${describe(el)}: scrolls sideways, ${el.scrollWidth} in ${el.clientWidth}`);
    }
    // What sticks out of the window on the right (the innermost such elements), to name the cause.
    const outside = Array.from(document.body.querySelectorAll<HTMLElement>('*')).filter(
      (el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('.visually-hidden, .skip-link'),
    );
    const innermost = outside.filter((el) => !outside.some((o) => o !== el && el.contains(o))).slice(0, 8).map(describe);
    const scroller = document.scrollingElement ?? document.documentElement;
    const pageWidth = Math.max(scroller.scrollWidth, document.body.scrollWidth);
    return { clipped: out, pageWidth, windowWidth: window.innerWidth, outside: innermost };
  });
}

async function expectNothingClipped(where: string) {
  const r = await clipped();
  expect({ where, clipped: r.clipped }).toEqual({ where, clipped: [] });
  // (What sticks out is named in the message; the page's own width is what must fit.)
  const fits = r.pageWidth <= r.windowWidth;
  expect({ where, fits, page: `${r.pageWidth} in ${r.windowWidth}`, outside: fits ? [] : r.outside }).toEqual({
    where,
    fits: true,
    page: `${r.pageWidth} in ${r.windowWidth}`,
    outside: [],
  });
}

async function expectDark200(where: string) {
  const a = await applied();
  expect({ where, theme: a.theme, size: a.size, px: Math.round(a.px) }).toEqual({ where, theme: 'dark', size: '200', px: 34 });
}

async function expectHelpVisible() {
  const help = await byTest('need-help');
  await expect(help).toBeDisplayed();
  await expect(help).toHaveText(expect.stringContaining('Need help now'));
}

describe('appearance: dark colours and 200 % text, before and after unlocking', () => {
  it('is chosen on the welcome screen and applied at once', async () => {
    await (await byTest('welcome-start')).waitForDisplayed({ timeout: 30_000 });
    await click('display-open');
    await click('display-theme-dark');
    await click('display-size-200');
    await (await byTest('display-saved')).waitForDisplayed();
    await expectDark200('welcome');
    await browser.execute(() => window.scrollTo(0, 0));
    await shot(SPEC, 'welcome-dark-200');
    await expectHelpVisible();
    await expectNothingClipped('welcome');
  });

  it('stays while creating the space, and nothing is cut off on Home, Journal and Settings', async () => {
    await createVault(PASSPHRASE, { keyring: false });
    await expectDark200('home');
    await shot(SPEC, 'home-dark-200');
    await expectHelpVisible();
    await expectNothingClipped('home');

    await click('nav-journal');
    await (await byTest('journal')).waitForDisplayed();
    await browser.execute(() => window.scrollTo(0, 0));
    await shot(SPEC, 'journal-dark-200');
    await expectNothingClipped('journal');

    await click('nav-settings');
    await (await byTest('appearance')).waitForDisplayed();
    expect(await (await byTest('appearance-theme-dark')).isSelected()).toBe(true);
    expect(await (await byTest('appearance-size-200')).isSelected()).toBe(true);
    await browser.execute(() => window.scrollTo(0, 0));
    await shot(SPEC, 'settings-dark-200');
    await (await byTest('appearance')).scrollIntoView({ block: 'center' });
    await shot(SPEC, 'settings-appearance-dark-200');
    await expectNothingClipped('settings');
  });

  it('is applied before unlocking after a restart, and the lock screen fits', async () => {
    await restartApp();
    await (await byTest('unlock-passphrase')).waitForDisplayed({ timeout: 30_000 });
    await expectDark200('lock screen after a restart');
    await shot(SPEC, 'lock-dark-200');
    await expectHelpVisible();
    await expectNothingClipped('lock screen');

    // The choice can be changed on the lock screen too, and unlocking keeps it.
    await click('display-open');
    expect(await (await byTest('display-theme-dark')).isSelected()).toBe(true);
    await click('display-motion-reduce');
    await (await byTest('display-saved')).waitForDisplayed();
    expect((await applied()).motion).toBe('reduce');
    await shot(SPEC, 'lock-display-open-dark-200');
    await expectNothingClipped('lock screen with Display open');

    await typeInto('unlock-passphrase', PASSPHRASE);
    await click('unlock-submit');
    await (await byTest('home')).waitForDisplayed({ timeout: 30_000 });
    await expectDark200('home after unlocking');
    expect((await applied()).motion).toBe('reduce');
  });
});
