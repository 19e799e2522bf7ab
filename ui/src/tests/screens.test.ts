// What the screens show (issue 10): each test fails on what the screen did before.
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import Timeline from '../lib/features/journal/Timeline.svelte';
import Library from '../lib/features/practice/Library.svelte';
import Practice from '../lib/features/practice/Practice.svelte';
import OptionalDate from '../lib/components/OptionalDate.svelte';
import CodeGroups from '../lib/components/CodeGroups.svelte';
import { charCountText } from '../lib/features/journal/charCount';
import { t } from '../lib/i18n';
import type { EntrySummary } from '../lib/ipc';
import { mockBackend } from './ipcMock';

function summary(over: Partial<EntrySummary> = {}): EntrySummary {
  return {
    id: 1,
    occurredAt: '2026-11-20T10:00:00+01:00',
    occurredUtc: '2026-11-20T09:00:00.000Z',
    day: '2026-11-20',
    mood: 6,
    excerpt: 'A walk',
    emotions: [],
    customEmotions: [],
    tags: [],
    people: [],
    eventCount: 0,
    pinned: false,
    snippet: null,
    deletedAt: null,
    ...over,
  };
}

const noop = () => {};

describe('the journal timeline', () => {
  it('says "With Jude", not "1 with people: Jude"', () => {
    render(Timeline, { items: [summary({ people: ['Jude'], eventCount: 1 })], hasMore: false, loading: false, onLoadMore: noop, onOpen: noop });
    const people = screen.getByTestId('entry-people');
    expect(people).toHaveTextContent(/^With Jude$/);
    expect(screen.getByTestId('timeline')).not.toHaveTextContent(/with people/);
  });

  it('names several people as a list, and an unnamed someone plainly', () => {
    render(Timeline, {
      items: [summary({ id: 1, people: ['Jude', 'Sam'], eventCount: 2 }), summary({ id: 2, people: [], eventCount: 1 })],
      hasMore: false,
      loading: false,
      onLoadMore: noop,
      onOpen: noop,
    });
    const lines = screen.getAllByTestId('entry-people').map((el) => el.textContent);
    expect(lines).toEqual(['With Jude and Sam', t('journal.withSomeone')]);
  });

  it('is as tall as its rows (the box has no fixed height of its own)', () => {
    render(Timeline, { items: [summary()], hasMore: false, loading: false, onLoadMore: noop, onOpen: noop });
    const box = screen.getByTestId('timeline');
    expect(box.style.height).toBe('');
    const spacer = box.firstElementChild as HTMLElement;
    // One day heading and one entry: 40 + 124 px of rows; the box follows them up to its maximum.
    expect(spacer.style.height).toBe('164px');
  });

  it('still renders only the rows near the view when there are many', () => {
    const items = Array.from({ length: 500 }, (_, i) => summary({ id: i + 1 }));
    render(Timeline, { items, hasMore: false, loading: false, onLoadMore: noop, onOpen: noop });
    expect(screen.getAllByTestId('timeline-entry').length).toBeLessThan(50);
  });
});

describe('the character count under an entry', () => {
  it('is hidden far from the limit', () => {
    expect(charCountText(40, 200_000)).toBeNull();
    expect(charCountText(150_000, 200_000)).toBeNull();
  });

  it('shows near the limit, with thousands separators', () => {
    expect(charCountText(190_000, 200_000)).toBe('190,000 of 200,000 characters');
    expect(charCountText(200_000, 200_000)).toBe('200,000 of 200,000 characters');
  });
});

describe('the practice library', () => {
  const builtIn = [
    { key: 'builtin:a', title: 'Grief one', area: 'grief', audience: 'adult', other: 'x', builtIn: true, runs: 0 },
  ];

  it('puts the library first while there are no scenarios of my own', async () => {
    mockBackend({ practice_library: () => builtIn });
    render(Library, { onOpen: noop, onNew: noop });
    await waitFor(() => expect(screen.getAllByTestId('scenario-item')).toHaveLength(1));
    const library = screen.getByTestId('scenarios-builtin-card');
    const mine = screen.getByTestId('scenarios-mine-card');
    expect(library.compareDocumentPosition(mine) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(mine).toHaveTextContent(t('practice.mine.none'));
  });

  it('puts my own scenarios first once there are some', async () => {
    mockBackend({
      practice_library: () => [...builtIn, { key: 'custom:1', title: 'Mine', area: 'roleDispute', audience: 'adult', other: 'Sam', builtIn: false, runs: 0 }],
    });
    render(Library, { onOpen: noop, onNew: noop });
    await waitFor(() => expect(screen.getAllByTestId('scenario-item')).toHaveLength(2));
    const library = screen.getByTestId('scenarios-builtin-card');
    const mine = screen.getByTestId('scenarios-mine-card');
    expect(mine.compareDocumentPosition(library) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('gives a title’s subtitle its own line, not the negative-margin "small" style', async () => {
    mockBackend({ practice_library: () => builtIn });
    render(Library, { onOpen: noop, onNew: noop });
    const item = await screen.findByTestId('scenario-item');
    expect(item.querySelector('.small')).toBeNull();
    expect(item.querySelector('.subtitle')).not.toBeNull();
  });

  it('marks the selected tab as pressed', async () => {
    mockBackend({ practice_library: () => builtIn });
    render(Practice, {});
    expect(await screen.findByTestId('practice-tab-library')).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByTestId('practice-tab-analysis')).toHaveAttribute('aria-pressed', 'false');
  });
});

describe('an optional date', () => {
  it('reads "Not set" while empty, and is drawn empty instead of showing today in grey', () => {
    render(OptionalDate, { id: 'due', value: '', testid: 'due' });
    const input = screen.getByTestId('due');
    expect(input).toHaveClass('unset');
    expect(screen.getByTestId('due-unset')).toHaveTextContent(t('date.notSet'));
    expect(input).toHaveAccessibleDescription(t('date.notSet'));
  });

  it('says nothing extra once a date is set', () => {
    render(OptionalDate, { id: 'due', value: '2026-12-01', testid: 'due', describedby: undefined });
    expect(screen.getByTestId('due')).not.toHaveClass('unset');
    expect(screen.queryByTestId('due-unset')).toBeNull();
  });
});

describe('a recovery code', () => {
  it('keeps each group together and can break only between groups; the text is the code', () => {
    const code = '0A1B-2C3D-4E5F-6G7H-8J9K-AMBN-CPDQ-ERFS';
    render(CodeGroups, { code, testid: 'code' });
    const el = screen.getByTestId('code');
    expect(el.textContent).toBe(code);
    const groups = el.querySelectorAll('.group');
    expect(groups).toHaveLength(8);
    expect(el.querySelectorAll('wbr')).toHaveLength(7);
  });
});
