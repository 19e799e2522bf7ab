// WCAG 2.2 AA contrast, proven from the stylesheet itself (issue 17): the light palette (:root),
// the dark one as the OS asks for it, and the dark one as chosen in Settings (data-theme="dark")
// are read out of app.css and every pair the app draws is checked. A palette change that loses
// contrast fails here, naming the pair.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const css = readFileSync(resolve(__dirname, '../app.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

type Palette = Record<string, string>;

/** The custom properties declared in the first rule whose selector is exactly `selector`. */
function palette(selector: string, after = 0): Palette {
  const escaped = selector.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`(^|[{};\\s])${escaped}\\s*\\{([^}]*)\\}`, 'g');
  m.lastIndex = after;
  const found = m.exec(css);
  if (!found) throw new Error(`no rule for ${selector} in app.css`);
  const out: Palette = {};
  for (const [, name, value] of found[2].matchAll(/--([\w-]+)\s*:\s*([^;]+);/g)) out[name] = value.trim();
  return out;
}

/** The block of the `@media …` rule whose query starts with `query`. */
function mediaStart(query: string): number {
  const at = css.indexOf(`@media ${query}`);
  if (at < 0) throw new Error(`no @media ${query} in app.css`);
  return at;
}

const light = palette(':root');
const darkFromOs = { ...light, ...palette(":root:not([data-theme='light'])", mediaStart('screen and (prefers-color-scheme: dark)')) };
const darkChosen = { ...light, ...palette(":root[data-theme='dark']") };

function rgb(hex: string): [number, number, number] {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h;
  if (!/^[0-9a-f]{6}$/i.test(full)) throw new Error(`not a #hex colour: ${hex}`);
  return [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16)) as [number, number, number];
}

function luminance(hex: string): number {
  const [r, g, b] = rgb(hex).map((v) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The WCAG contrast ratio of two opaque colours, 1 to 21. */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** [foreground, backgrounds, minimum ratio, what it is]. */
const PAIRS: [string, string[], number, string][] = [
  ['text', ['bg', 'surface', 'surface-2', 'note-bg'], 4.5, 'body text'],
  ['text-muted', ['bg', 'surface', 'surface-2', 'note-bg'], 4.5, 'muted text'],
  ['accent-text', ['accent'], 4.5, 'text on a primary button or a checked box'],
  ['accent', ['bg', 'surface', 'surface-2'], 4.5, 'links and link-like buttons (text)'],
  ['accent', ['bg', 'surface'], 3, 'focus of controls, checked radios, slider'],
  ['focus', ['bg', 'surface', 'surface-2'], 3, 'the focus ring'],
  ['error', ['bg', 'surface', 'note-bg'], 4.5, 'error messages'],
  ['help-fg', ['help-bg'], 4.5, 'the "Need help now" button'],
  ['help-border', ['surface'], 3, 'the "Need help now" button border (on the top bar)'],
  ['control-border', ['surface', 'bg', 'surface-2'], 3, 'the only boundary of text fields and lists'],
  ['text-muted', ['surface', 'surface-2'], 3, 'checkbox and radio borders, slider track'],
];

const palettes: [string, Palette][] = [
  ['light', light],
  ['dark (from the OS)', darkFromOs],
  ['dark (chosen)', darkChosen],
];

describe('the colour palettes in app.css', () => {
  it('are found, with every colour the pairs below use', () => {
    const used = new Set(PAIRS.flatMap(([fg, bgs]) => [fg, ...bgs]));
    for (const [name, p] of palettes) {
      for (const v of used) expect([name, v, p[v] ?? 'missing']).toEqual([name, v, expect.stringMatching(/^#[0-9a-f]{3,6}$/i)]);
    }
  });

  it('writes the same dark palette for the OS choice and for data-theme="dark"', () => {
    expect(darkChosen).toEqual(darkFromOs);
    expect(darkChosen.bg).not.toEqual(light.bg);
  });

  it('keeps the light palette when data-theme="light", whatever the OS says', () => {
    // The OS dark palette applies only to :root:not([data-theme='light']).
    expect(css).toMatch(/@media screen and \(prefers-color-scheme: dark\)\s*\{\s*:root:not\(\[data-theme='light'\]\)/);
    expect(palette(":root[data-theme='light']")).toEqual({});
  });

  for (const [name, p] of palettes) {
    it(`meets WCAG 2.2 AA in the ${name} palette`, () => {
      const failures: string[] = [];
      for (const [fg, bgs, min, what] of PAIRS) {
        for (const bg of bgs) {
          const ratio = contrast(p[fg], p[bg]);
          if (ratio < min) failures.push(`${what}: --${fg} ${p[fg]} on --${bg} ${p[bg]} is ${ratio.toFixed(2)}, needs ${min}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }
});

describe('the contrast formula', () => {
  it('gives the known ratios', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#fff', '#fff')).toBeCloseTo(1, 5);
    expect(contrast('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });
});
