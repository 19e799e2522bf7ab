// Accessibility facts found by axe and the keyboard-only walk in the real window (issue 17,
// tests/e2e/specs/a11y.e2e.ts and keyboard.e2e.ts), kept here as markup facts.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import Journal from '../lib/features/journal/Journal.svelte';
import Timeline from '../lib/features/journal/Timeline.svelte';
import Practice from '../lib/features/practice/Practice.svelte';
import Runner from '../lib/features/practice/Runner.svelte';
import CodeGroups from '../lib/components/CodeGroups.svelte';
import { mockBackend } from './ipcMock';
import { t } from '../lib/i18n';
import type { EntrySummary, RolePlayRun, Scenario } from '../lib/ipc';

function summary(id: number, day: string): EntrySummary {
  return {
    id,
    occurredAt: `${day}T10:00:00+01:00`,
    occurredUtc: `${day}T09:00:00.000Z`,
    day,
    mood: 5,
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

describe('the journal timeline', () => {
  it('is no feed (a feed may hold only articles; its day headings stay headings), each entry an article named by its time', () => {
    render(Timeline, {
      items: [summary(2, '2026-11-21'), summary(1, '2026-11-20')],
      hasMore: false,
      loading: false,
      onLoadMore: () => {},
      onOpen: () => {},
    });
    const timeline = screen.getByTestId('timeline');
    expect(timeline).not.toHaveAttribute('role', 'feed');
    expect(screen.getAllByRole('heading', { level: 3 })).toHaveLength(2);
    for (const entry of screen.getAllByTestId('timeline-entry')) {
      expect(entry.tagName).toBe('ARTICLE');
      expect(entry).toHaveAccessibleName();
    }
  });
});

describe('focus after a button that changes the view', () => {
  it('goes to the Journal heading when "New entry" opens the form and when saving closes it', async () => {
    const user = userEvent.setup();
    mockBackend({
      journal_list: () => ({ items: [summary(1, '2026-11-20')], nextCursor: null }),
      journal_mood_by_day: () => [],
      people_list: () => [],
      journal_tags: () => [],
      journal_get_draft: () => null,
      journal_save_draft: ({ key, payload }) => ({ key, payload, updatedAt: '2026-11-25T10:00:00Z' }),
      journal_discard_draft: () => null,
      journal_create: ({ input }) => ({ id: 2, ...(input as object) }),
    });
    render(Journal);
    await user.click(await screen.findByTestId('new-entry'));
    await screen.findByTestId('entry-form');
    const heading = screen.getByRole('heading', { level: 1, name: t('journal.title') });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    await user.type(screen.getByTestId('entry-text'), 'A walk');
    await user.click(screen.getByTestId('entry-save'));
    await screen.findByTestId('timeline');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: t('journal.title') })));
  });

  it('goes to the Practice heading when a scenario opens from the library', async () => {
    const user = userEvent.setup();
    const scenario: Scenario = {
      key: 'builtin:a',
      title: 'Grief one',
      area: 'grief',
      audience: 'adult',
      setting: 'Kitchen',
      other: 'Sam',
      personId: null,
      aim: 'Say it',
      suggestedReply: null,
      start: 'start',
      steps: [],
      endings: [],
    };
    mockBackend({
      practice_library: () => [{ key: 'builtin:a', title: 'Grief one', area: 'grief', audience: 'adult', other: 'Sam', builtIn: true, runs: 0 }],
      practice_scenario: () => scenario,
      practice_runs: () => [] as RolePlayRun[],
    });
    render(Practice);
    await user.click(await screen.findByRole('button', { name: 'Grief one' }));
    await screen.findByTestId('scenario-detail');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: t('practice.title') })));
  });
});

describe('focus in a role play', () => {
  it('goes to their next line after each turn, then to the ending (the Say button is disabled again and cannot keep it)', async () => {
    const user = userEvent.setup();
    const base: RolePlayRun = {
      id: 7,
      scenarioKey: 'builtin:a',
      title: 'Grief one',
      line: 'What now?',
      tip: null,
      ending: null,
      turns: [],
      confidenceBefore: null,
      confidenceAfter: null,
      feltHard: '',
      startedAt: '2026-11-24T18:00:00Z',
      finishedAt: null,
      approachesUsed: [],
      trapsMet: [],
      trapsAvoided: [],
      plans: [],
    };
    let current = base;
    mockBackend({
      practice_run: () => current,
      practice_scenario: () => ({ key: 'builtin:a', title: 'Grief one', other: 'Sam', suggestedReply: null }),
      practice_turn: ({ reply }) => {
        const turns = [...current.turns, { otherLine: current.line ?? '', reply: reply as string, approach: 'iStatement' as const }];
        current =
          turns.length < 2
            ? { ...base, line: 'Go on.', turns }
            : { ...base, line: null, ending: { id: 'good', line: 'Thank you.', reflection: 'Clear words.' }, turns };
        return current;
      },
    });
    render(Runner, { runId: 7, onFinished: () => {} });
    await screen.findByTestId('run-line');
    await user.type(screen.getByTestId('run-reply'), 'I miss her');
    await user.click(screen.getByTestId('approach-iStatement'));
    await user.click(screen.getByTestId('run-send'));
    await waitFor(() => expect(screen.getByTestId('run-line')).toHaveTextContent('Go on.'));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('run-line')));
    await user.type(screen.getByTestId('run-reply'), 'Every day');
    await user.click(screen.getByTestId('approach-iStatement'));
    await user.click(screen.getByTestId('run-send'));
    const ending = await screen.findByTestId('run-ending');
    await waitFor(() => expect(document.activeElement).toBe(ending));
  });
});

describe('the recovery code', () => {
  it('is a named group when it has a name (never a paragraph with a name), with the code as its text', () => {
    render(CodeGroups, { code: 'ABCD-EFGH', testid: 'code', label: 'Your recovery code' });
    const code = screen.getByRole('group', { name: 'Your recovery code' });
    expect(code).toHaveTextContent('ABCD-EFGH');
  });

  it('is a plain paragraph without a name', () => {
    render(CodeGroups, { code: 'ABCD-EFGH', testid: 'code' });
    expect(screen.getByTestId('code')).not.toHaveAttribute('role');
    expect(screen.getByTestId('code')).not.toHaveAttribute('aria-label');
  });
});

describe('focus indicators WebKit leaves out', () => {
  it('rings a radio reached by an arrow key and a date or time field whenever they have focus', () => {
    const css = readFileSync(resolve(__dirname, '../app.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
    const rule = /([^{}]+)\{([^}]*)\}/g;
    const ringed = new Set<string>();
    for (const [, selectors, body] of css.matchAll(rule)) {
      if (!/outline:\s*3px solid var\(--focus\)/.test(body)) continue;
      for (const s of selectors.split(',')) ringed.add(s.trim());
    }
    for (const type of ['radio', 'date', 'time', 'datetime-local']) expect(ringed).toContain(`input[type='${type}']:focus`);
  });
});
