// Long text fits (issue 17): the timeline's rows are as tall as their content. jsdom has no layout,
// so the test gives every row a height of its own (getBoundingClientRect) and plays the
// ResizeObserver that reports them.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { tick } from 'svelte';
import Journal from '../lib/features/journal/Journal.svelte';
import Timeline from '../lib/features/journal/Timeline.svelte';
import { prefixOffsets, rowAt, visibleRange } from '../lib/features/journal/virtualRows';
import type { EntrySummary, JournalCursor } from '../lib/ipc';
import { mockBackend } from './ipcMock';

const fake = vi.hoisted(() => {
  class FakeObserver {
    targets = new Set<Element>();
    constructor(private readonly callback: ResizeObserverCallback) {
      all.add(this);
    }
    observe(target: Element) {
      this.targets.add(target);
    }
    unobserve(target: Element) {
      this.targets.delete(target);
    }
    disconnect() {
      this.targets.clear();
      all.delete(this);
    }
    fire() {
      const entries = [...this.targets].map((target) => ({ target }) as ResizeObserverEntry);
      this.callback(entries, this as unknown as ResizeObserver);
    }
  }
  const all = new Set<FakeObserver>();
  return { FakeObserver, all };
});

vi.mock('../lib/features/journal/virtualRows', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../lib/features/journal/virtualRows')>()),
  sizeObserver: (cb: ResizeObserverCallback) => new fake.FakeObserver(cb),
}));

const VIEW = 600;
const DAY_H = 52; // taller than the 40 px estimate, as at a larger text size
/** Entries of four heights (short, long text, many labels, both at 200 %), none the estimate. */
const entryHeight = (id: number) => [90, 160, 230, 410][id % 4];

function summary(id: number, perDay = 5): EntrySummary {
  const day = `2026-${String(1 + Math.floor(id / perDay / 28) % 12).padStart(2, '0')}-${String(1 + (Math.floor(id / perDay) % 28)).padStart(2, '0')}`;
  return {
    id,
    occurredAt: `${day}T10:00:00+01:00`,
    occurredUtc: `${day}T09:00:00.000Z`,
    day,
    mood: id % 11,
    excerpt: `entry ${id}`,
    emotions: [],
    customEmotions: [],
    tags: [],
    people: [],
    eventCount: 0,
    pinned: false,
    snippet: null,
    deletedAt: null,
  };
}

/** What the timeline lays out: a heading per day, then its entries, with their true heights. */
function trueRows(items: EntrySummary[]): { key: string; height: number }[] {
  const out: { key: string; height: number }[] = [];
  let day = '';
  for (const item of items) {
    if (item.day !== day) {
      day = item.day;
      out.push({ key: `d${day}`, height: DAY_H });
    }
    out.push({ key: `e${item.id}`, height: entryHeight(item.id) });
  }
  return out;
}

let heightOf: (el: HTMLElement) => number;

beforeEach(() => {
  fake.all.clear();
  heightOf = (el) => {
    if (el.classList.contains('day')) return DAY_H;
    if (el.dataset.testid === 'timeline-entry') {
      const id = Number(el.querySelector('button')?.dataset.testid?.replace('open-entry-', ''));
      return entryHeight(id);
    }
    return 0;
  };
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
    const h = heightOf(this);
    return { x: 0, y: 0, top: 0, left: 0, right: 600, bottom: h, width: 600, height: h, toJSON: () => ({}) } as DOMRect;
  });
  // The box shows 600 px of rows (read by bind:clientHeight and the scroll handler).
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.dataset?.testid === 'timeline' ? VIEW : 0;
    },
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  delete (HTMLElement.prototype as { clientHeight?: number }).clientHeight;
});

/** Lets the observers report the rendered rows until nothing changes any more. */
async function settle() {
  for (let i = 0; i < 10; i++) {
    for (const o of fake.all) o.fire();
    await tick();
  }
}

/** The timeline box, with a scroll position that can be set (jsdom keeps none). */
function scrollable(): HTMLElement & { scrollTop: number } {
  const box = screen.getByTestId('timeline');
  let top = 0;
  Object.defineProperty(box, 'scrollTop', { configurable: true, get: () => top, set: (v: number) => (top = Math.max(0, v)) });
  return box;
}

async function scrollTo(box: HTMLElement, y: number) {
  box.scrollTop = y;
  await fireEvent.scroll(box);
  await settle();
}

const spacer = (box: HTMLElement) => box.firstElementChild as HTMLElement;
const windowOf = (box: HTMLElement) => spacer(box).firstElementChild as HTMLElement;
const shift = (box: HTMLElement) => Number(/translateY\(([-\d.]+)px\)/.exec(windowOf(box).style.transform)?.[1]);

/** The rendered rows, top to bottom, where the timeline puts them (they follow one another in flow). */
function laidOut(box: HTMLElement) {
  let top = shift(box);
  return [...windowOf(box).children].map((el) => {
    const node = el as HTMLElement;
    const key = node.classList.contains('day') ? null : `e${node.querySelector('button')!.dataset.testid!.replace('open-entry-', '')}`;
    const row = { key, top, height: heightOf(node) };
    top += row.height;
    return row;
  });
}

describe('measured rows: the arithmetic', () => {
  it('gives rows of different heights distinct offsets, each starting where the one above ends', () => {
    const heights = [40, 124, 310, 87.5, 40, 1200, 0.5];
    const offsets = prefixOffsets(heights.length, (i) => heights[i]);
    expect([...offsets]).toEqual([0, 40, 164, 474, 561.5, 601.5, 1801.5, 1802]);
    for (let i = 0; i < heights.length; i++) expect(offsets[i + 1] - offsets[i]).toBe(heights[i]);
    expect(new Set(offsets).size).toBe(offsets.length);
    expect(rowAt(offsets, 0)).toBe(0);
    expect(rowAt(offsets, 163.9)).toBe(1);
    expect(rowAt(offsets, 164)).toBe(2);
    expect(rowAt(offsets, 99_999)).toBe(heights.length - 1);
  });

  it('renders the rows crossing the view plus a few, and never more than the maximum', () => {
    const offsets = prefixOffsets(10_000, () => 100);
    expect(visibleRange(offsets, 50_000, 600, 6, 100)).toEqual({ start: 494, end: 512 });
    // Rows measured at almost nothing would all be "in view": the maximum still holds.
    const flat = prefixOffsets(10_000, () => 0.01);
    const r = visibleRange(flat, 0, 600, 6, 100);
    expect(r.end - r.start).toBe(100);
    expect(visibleRange(prefixOffsets(0, () => 1), 0, 600, 6, 100)).toEqual({ start: 0, end: 0 });
  });
});

describe('the timeline with measured rows', () => {
  it('places rows of different heights one after another, with no overlap, wherever it is scrolled', async () => {
    const items = Array.from({ length: 300 }, (_, i) => summary(i + 1));
    const rows = trueRows(items);
    const offsets = prefixOffsets(rows.length, (i) => rows[i].height);
    const index = new Map(rows.map((r, i) => [r.key, i]));
    render(Timeline, { items, hasMore: false, loading: false, onLoadMore: () => {}, onOpen: () => {} });
    const box = scrollable();
    await settle();

    // Scroll through everything, as the patient would, checking where each rendered row is.
    for (let y = 0; y < offsets[rows.length]; y += 450) {
      await scrollTo(box, y);
      const shown = laidOut(box);
      for (const row of shown) {
        if (row.key) expect(row.top).toBe(offsets[index.get(row.key)!]);
      }
      for (let i = 1; i < shown.length; i++) expect(shown[i].top).toBeGreaterThanOrEqual(shown[i - 1].top + shown[i - 1].height);
      // What is in view is rendered: the rows cover the view from its top to its bottom.
      const view = Math.min(y, offsets[rows.length] - VIEW);
      expect(shown[0].top).toBeLessThanOrEqual(Math.max(0, box.scrollTop));
      expect(shown.at(-1)!.top + shown.at(-1)!.height).toBeGreaterThanOrEqual(Math.min(view + VIEW, offsets[rows.length]));
    }
    // Every row has been measured: the scrollable height is the sum of the true heights.
    expect(spacer(box).style.height).toBe(`${offsets[rows.length]}px`);
  });

  it('keeps what is in view still when rows above it turn out taller than estimated', async () => {
    const items = Array.from({ length: 400 }, (_, i) => summary(i + 1));
    render(Timeline, { items, hasMore: false, loading: false, onLoadMore: () => {}, onOpen: () => {} });
    const box = scrollable();
    // Jump into the middle (a scrollbar drag): the rows there have only their estimates yet.
    box.scrollTop = 20_000;
    await fireEvent.scroll(box);
    await tick();
    // Where the timeline believes each rendered row is (from the estimates), and the first row
    // that starts inside the view.
    let y = shift(box);
    const estimated = [...windowOf(box).children].map((el) => {
      const top = y;
      y += el.classList.contains('day') ? 40 : 124;
      return { el, top };
    });
    const anchor = estimated.find((r) => r.el.tagName === 'ARTICLE' && r.top >= 20_000)!;
    const anchorKey = `e${anchor.el.querySelector('button')!.dataset.testid!.replace('open-entry-', '')}`;
    const estimatedTop = anchor.top;
    expect(estimatedTop - box.scrollTop).toBeLessThan(VIEW);

    await settle();
    const after = laidOut(box).find((r) => r.key === anchorKey)!;
    // The same entry is at the same place in the view, though the rows above it grew.
    expect(box.scrollTop).not.toBe(20_000);
    expect(after.top - box.scrollTop).toBeCloseTo(estimatedTop - 20_000, 6);
  });

  it('keeps the number of rendered rows bounded with 10 000 entries, however small they measure', async () => {
    const items = Array.from({ length: 10_000 }, (_, i) => summary(10_000 - i, 1));
    render(Timeline, { items, hasMore: false, loading: false, onLoadMore: () => {}, onOpen: () => {} });
    const box = scrollable();
    await settle();
    const count = () => screen.getAllByTestId('timeline-entry').length;
    expect(count()).toBeGreaterThan(0);
    expect(count()).toBeLessThan(40);
    await scrollTo(box, 600_000);
    expect(count()).toBeGreaterThan(0);
    expect(count()).toBeLessThan(40);
    expect(windowOf(box).children.length).toBeLessThanOrEqual(100);

    // Rows reported 1 px high (a broken measure): still no more than 100 rows in the DOM.
    heightOf = () => 1;
    await settle();
    await scrollTo(box, 300);
    expect(windowOf(box).children.length).toBeLessThanOrEqual(100);
    expect(count()).toBeGreaterThan(40);
  });

  it('renders as few rows with 100 000 entries, at the top and far down', async () => {
    const items = Array.from({ length: 100_000 }, (_, i) => summary(100_000 - i, 3));
    render(Timeline, { items, hasMore: false, loading: false, onLoadMore: () => {}, onOpen: () => {} });
    const box = scrollable();
    await settle();
    expect(screen.getAllByTestId('timeline-entry').length).toBeLessThan(40);
    await scrollTo(box, 9_000_000);
    expect(screen.getAllByTestId('timeline-entry').length).toBeLessThan(40);
    expect(windowOf(box).children.length).toBeLessThanOrEqual(100);
  });

  it('loads the next page when the patient scrolls near the end, and only then', async () => {
    const onLoadMore = vi.fn();
    const items = Array.from({ length: 50 }, (_, i) => summary(i + 1));
    render(Timeline, { items, hasMore: true, loading: false, onLoadMore, onOpen: () => {} });
    const box = scrollable();
    await settle();
    const total = parseFloat(spacer(box).style.height);
    await scrollTo(box, 300);
    expect(onLoadMore).not.toHaveBeenCalled();
    await scrollTo(box, total - VIEW);
    expect(onLoadMore).toHaveBeenCalledTimes(1);
  });
});

describe('the journal pages through the timeline', () => {
  it('asks for the next page with the cursor when scrolled to the end, and shows it', async () => {
    const all = Array.from({ length: 120 }, (_, i) => summary(1000 - i));
    const backend = mockBackend({
      journal_list: ({ query }) => {
        const q = query as { cursor: JournalCursor | null; limit: number };
        const from = q.cursor ? all.findIndex((e) => e.id === q.cursor!.id) + 1 : 0;
        const page = all.slice(from, from + q.limit);
        const last = page.at(-1)!;
        return { items: page, nextCursor: from + q.limit < all.length ? { occurredUtc: last.occurredUtc, id: last.id } : null };
      },
      journal_mood_by_day: () => [],
      people_list: () => [],
      journal_tags: () => [],
      journal_get_draft: () => null,
    });
    render(Journal);
    await screen.findAllByTestId('timeline-entry');
    const box = scrollable();
    await settle();
    expect(backend.called('journal_list')).toHaveLength(1);

    await scrollTo(box, parseFloat(spacer(box).style.height) - VIEW);
    await waitFor(() => expect(backend.called('journal_list')).toHaveLength(2));
    expect(backend.called('journal_list')[1].args.query).toMatchObject({ cursor: { id: all[49].id } });
    // The new rows are there to scroll to.
    await settle();
    await scrollTo(box, parseFloat(spacer(box).style.height) - VIEW);
    await waitFor(() => expect(screen.getByTestId(`open-entry-${all[99].id}`)).toBeInTheDocument());
    await waitFor(() => expect(backend.called('journal_list')).toHaveLength(3));
    await settle();
    await scrollTo(box, parseFloat(spacer(box).style.height) - VIEW);
    await waitFor(() => expect(screen.getByTestId(`open-entry-${all[119].id}`)).toBeInTheDocument());
    expect(backend.called('journal_list')).toHaveLength(3);
  });
});
