import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import Journal from '../lib/features/journal/Journal.svelte';
import EntryForm from '../lib/features/journal/EntryForm.svelte';
import Timeline from '../lib/features/journal/Timeline.svelte';
import { mockBackend } from './ipcMock';
import { splitList } from '../lib/features/journal/emotions';
import { t } from '../lib/i18n';
import type { EntrySummary } from '../lib/ipc';

const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';

function summary(id: number, over: Partial<EntrySummary> = {}): EntrySummary {
  const day = `2026-11-${String(1 + (id % 28)).padStart(2, '0')}`;
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
    ...over,
  };
}

function journalBackend(items: EntrySummary[] = [], draft: string | null = null) {
  return mockBackend({
    journal_list: ({ query }) => {
      const q = query as { text: string | null };
      const found = q.text ? items.filter((i) => i.excerpt.includes(q.text as string)) : items;
      return { items: found, nextCursor: null };
    },
    journal_mood_by_day: () => [{ day: '2026-11-20', average: 6, entries: 2 }],
    people_list: () => [{ id: 7, displayName: 'Sam' }],
    journal_tags: () => ['work'],
    journal_get_draft: ({ key }) => (draft && key === 'new' ? { key, payload: draft, updatedAt: 'now' } : null),
    journal_save_draft: ({ key, payload }) => ({ key, payload, updatedAt: '2026-11-25T10:00:00Z' }),
    journal_discard_draft: () => null,
    journal_create: ({ input }) => ({ id: 1, ...(input as object) }),
  });
}

describe('entry form', () => {
  it('saves every field, with a new person, as one create call that also clears the draft', async () => {
    const user = userEvent.setup();
    const backend = journalBackend();
    let saved = 0;
    render(EntryForm, { onSaved: () => saved++, onClose: () => {} });
    await waitFor(() => expect(screen.getByTestId('entry-save')).toBeEnabled());

    await fireEvent.input(screen.getByTestId('entry-when'), { target: { value: '2026-11-24T21:05' } });
    await fireEvent.input(screen.getByTestId('entry-mood'), { target: { value: '3' } });
    expect(screen.getByTestId('mood-value')).toHaveTextContent('3 of 10');
    await user.click(screen.getByTestId('emotion-lonely'));
    await user.type(screen.getByTestId('entry-custom-emotions'), 'left out, unseen');
    await user.type(screen.getByTestId('entry-text'), 'Dinner was quiet.');
    await user.type(screen.getByTestId('entry-tags'), '#family, evenings');
    await user.click(screen.getByTestId('add-event'));
    await user.selectOptions(screen.getByTestId('event-0-who'), 'new');
    await user.type(screen.getByTestId('event-0-name'), 'M.');
    await user.type(screen.getByTestId('event-0-happened'), 'She checked her phone');
    await user.type(screen.getByTestId('event-0-felt'), 'invisible');
    await user.click(screen.getByTestId('entry-pinned'));
    await user.click(screen.getByTestId('entry-save'));

    await waitFor(() => expect(saved).toBe(1));
    const input = backend.called('journal_create')[0].args.input as Record<string, unknown>;
    expect(input.occurredAt).toMatch(/^2026-11-24T21:05:00[+-]\d\d:\d\d$/);
    expect(input).toMatchObject({
      mood: 3,
      emotions: ['lonely'],
      customEmotions: ['left out', 'unseen'],
      text: 'Dinner was quiet.',
      tags: ['#family', 'evenings'],
      pinned: true,
      draftKey: 'new',
    });
    expect((input.events as unknown[])[0]).toMatchObject({
      personId: null,
      personName: 'M.',
      whatHappened: 'She checked her phone',
      whatIFelt: 'invisible',
    });
  });

  it('autosaves a draft while typing and brings it back', async () => {
    const user = userEvent.setup();
    const backend = journalBackend();
    render(EntryForm, { onSaved: () => {}, onClose: () => {} });
    await waitFor(() => expect(screen.getByTestId('entry-save')).toBeEnabled());
    await user.type(screen.getByTestId('entry-text'), 'half a thought');
    await waitFor(
      () => {
        const last = backend.called('journal_save_draft').at(-1)?.args;
        expect(last?.key).toBe('new');
        expect(JSON.parse((last?.payload as string) ?? '{}').text).toBe('half a thought');
      },
      { timeout: 4000 },
    );
    expect(await screen.findByTestId('draft-saved')).toBeInTheDocument();
  });

  it('restores a waiting draft into the form', async () => {
    journalBackend([], JSON.stringify({ text: 'typed before the restart', mood: 2, events: [] }));
    render(EntryForm, { onSaved: () => {}, onClose: () => {} });
    expect(await screen.findByTestId('draft-restored')).toBeInTheDocument();
    expect(screen.getByTestId('entry-text')).toHaveValue('typed before the restart');
    expect(screen.getByTestId('mood-value')).toHaveTextContent('2 of 10');
  });

  it('warns before the text limit and shows refused input calmly', async () => {
    const user = userEvent.setup();
    mockBackend({
      people_list: () => [],
      journal_get_draft: () => null,
      journal_save_draft: ({ key, payload }) => ({ key, payload, updatedAt: 'now' }),
      journal_create: () => {
        throw { code: 'InvalidDate', message: 'the date and time could not be read' };
      },
    });
    render(EntryForm, { onSaved: () => {}, onClose: () => {} });
    await waitFor(() => expect(screen.getByTestId('entry-save')).toBeEnabled());
    expect(screen.queryByTestId('near-limit')).toBeNull();
    await fireEvent.input(screen.getByTestId('entry-text'), { target: { value: 'a'.repeat(195_000) } });
    expect(screen.getByTestId('near-limit')).toBeInTheDocument();
    expect(screen.getByTestId('entry-text')).toHaveAttribute('maxlength', '200000');
    await user.click(screen.getByTestId('entry-save'));
    expect(await screen.findByTestId('entry-error')).toHaveTextContent(t('error.InvalidDate'));
  });
});

describe('timeline', () => {
  it('shows typed HTML as text and runs nothing', async () => {
    journalBackend([summary(1, { excerpt: HOSTILE })]);
    const { container } = render(Journal);
    const excerpt = await screen.findByTestId('entry-excerpt');
    expect(excerpt).toHaveTextContent(HOSTILE);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('renders only the rows in view, even with 10 000 entries', () => {
    const items = Array.from({ length: 10_000 }, (_, i) => summary(10_000 - i));
    render(Timeline, { items, hasMore: false, loading: false, onLoadMore: () => {}, onOpen: () => {} });
    const rendered = screen.getAllByTestId('timeline-entry').length;
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(40);
  });

  it('highlights search matches as text', () => {
    render(Timeline, {
      items: [summary(3, { snippet: 'went to the \u0002harbour\u0003 <b>x</b>' })],
      hasMore: false,
      loading: false,
      onLoadMore: () => {},
      onOpen: () => {},
    });
    const mark = screen.getByText('harbour');
    expect(mark.tagName).toBe('MARK');
    expect(screen.getByTestId('entry-excerpt')).toHaveTextContent('went to the harbour <b>x</b>');
  });
});

describe('search box', () => {
  it('searches as you type, passes any text through, and says when nothing is found', async () => {
    const user = userEvent.setup();
    const backend = journalBackend([summary(1, { excerpt: 'walk by the harbour' }), summary(2, { excerpt: 'quiet day' })]);
    render(Journal);
    expect(await screen.findAllByTestId('timeline-entry')).toHaveLength(2);

    await user.type(screen.getByTestId('journal-search'), 'harbour');
    await waitFor(() => expect(screen.getAllByTestId('timeline-entry')).toHaveLength(1));
    expect(backend.called('journal_list').at(-1)!.args.query).toMatchObject({ text: 'harbour' });

    await user.clear(screen.getByTestId('journal-search'));
    await user.type(screen.getByTestId('journal-search'), '"NEAR( 😀 *');
    await waitFor(() => expect(screen.getByTestId('journal-empty')).toHaveTextContent(t('journal.nothingFound')));
    expect(backend.called('journal_list').at(-1)!.args.query).toMatchObject({ text: '"NEAR( 😀 *' });
    // The chart still has its words for screen readers.
    expect(within(screen.getByTestId('mood-chart')).getByTestId('chart-summary')).toHaveTextContent('6.0');
  });
});

describe('labels keep what was typed (issue 16)', () => {
  it('splits tags on commas and trims only white space: a trailing U+FEFF stays, as in the core', () => {
    expect(splitList(' a\u200Bb\u200Dc\uFEFF , {{7*7}} ${7*7} {name},, <b>bold</b> ')).toEqual([
      'a\u200Bb\u200Dc\uFEFF',
      '{{7*7}} ${7*7} {name}',
      '<b>bold</b>',
    ]);
  });
});
