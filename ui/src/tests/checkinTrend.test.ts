// The check-ins' trend (issue 12): both scores over time on one chart, with the PHQ-9's bands,
// the sessions and the journal's weekly mood; a one-sentence summary and a table view.
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import CheckIns from '../lib/features/checkins/CheckIns.svelte';
import { trendSummary, weeklyMood, weekStart, dateRange } from '../lib/features/checkins/trendData';
import { fullDate, plainDate } from '../lib/dates';
import { en } from '../lib/i18n/catalogs';
import { t } from '../lib/i18n';
import { mockBackend, type Handler } from './ipcMock';
import type { Band, CheckIn, Questionnaire } from '../lib/ipc';

// Noon UTC: the same local day in any test time zone from UTC−11 to UTC+11.
function checkIn(
  id: number,
  kind: Questionnaire,
  day: string,
  score: number | null,
  band: Band | null,
  over: Partial<CheckIn> = {},
): CheckIn {
  const n = kind === 'phq9' ? 9 : 7;
  return {
    id,
    kind,
    takenAt: `${day}T12:00:00Z`,
    answers: Array.from({ length: n }, () => 1),
    difficulty: null,
    score,
    prorated: false,
    band,
    item9: kind === 'phq9' ? 0 : null,
    ...over,
  };
}

const FIVE: CheckIn[] = [
  checkIn(1, 'phq9', '2026-11-03', 14, 'moderate', { item9: 1 }),
  checkIn(2, 'gad7', '2026-11-03', 11, 'moderate'),
  checkIn(3, 'phq9', '2026-11-10', 12, 'moderate', { prorated: true }),
  checkIn(4, 'phq9', '2026-11-24', 8, 'mild'),
  checkIn(5, 'gad7', '2026-11-24', 9, 'mild'),
];

function backend(list: CheckIn[], extra: Record<string, Handler> = {}) {
  return mockBackend({
    checkins_list: () => list,
    journal_mood_by_day: () => [
      { day: '2026-11-04', average: 4, entries: 1 },
      { day: '2026-11-05', average: 6, entries: 3 },
      { day: '2026-11-18', average: 7, entries: 2 },
    ],
    ...extra,
  });
}

describe('the trend summary', () => {
  it('names the first and last score of each questionnaire, with their dates', async () => {
    backend(FIVE);
    render(CheckIns);
    const summary = await screen.findByTestId('trend-summary');
    const sentence =
      `Your Mood (PHQ-9) score went from 14 on ${plainDate('2026-11-03')} to 8 on ${plainDate('2026-11-24')}; ` +
      `your Anxiety (GAD-7) score went from 11 on ${plainDate('2026-11-03')} to 9 on ${plainDate('2026-11-24')}.`;
    expect(summary).toHaveTextContent(sentence);
    // The chart is one image, labelled by that sentence.
    const chart = screen.getByRole('img', { name: sentence });
    expect(chart).toBe(screen.getByTestId('trend-chart'));
    // Above the chart, and above the history.
    expect(summary.compareDocumentPosition(chart) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    const history = screen.getByTestId('checkin-history');
    expect(screen.getByTestId('checkin-trend').compareDocumentPosition(history) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    // Three dots and two squares; the PHQ-9's bands as stripes, said in the caption.
    expect(within(chart).getAllByTestId('trend-point-phq9')).toHaveLength(3);
    expect(within(chart).getAllByTestId('trend-point-gad7')).toHaveLength(2);
    expect(chart).toHaveTextContent(t('checkins.band.moderatelySevere'));
    expect(screen.getByTestId('trend-caption')).toHaveTextContent(/PHQ-9’s score ranges/);
    // The check-in where item 9 was answered above 0 is marked, and the caption says how.
    expect(within(chart).getAllByTestId('trend-item9')).toHaveLength(1);
    expect(screen.getByTestId('trend-caption')).toHaveTextContent(t('checkins.trend.caption.item9'));
  });

  it('says a single score plainly', () => {
    expect(trendSummary([checkIn(1, 'gad7', '2026-11-03', 6, 'mild')])).toBe(
      `Your Anxiety (GAD-7) score was 6 on ${plainDate('2026-11-03')}.`,
    );
  });

  it('never diagnoses', () => {
    for (const [k, v] of Object.entries(en)) {
      if (k.startsWith('checkins.trend.')) expect(v).not.toMatch(/depress|disorder|diagnos|you have|illness|symptom/i);
    }
  });
});

describe('the table view', () => {
  it('lists every check-in newest first, with the date, which one, the score and the band in words', async () => {
    const user = userEvent.setup();
    backend(FIVE);
    render(CheckIns);
    const toggle = await screen.findByRole('button', { name: 'Show as a table' });
    await user.click(toggle);
    const table = await screen.findByTestId('trend-table');
    expect(screen.queryByTestId('trend-chart')).toBeNull();
    // The summary stays.
    expect(screen.getByTestId('trend-summary')).toHaveTextContent('Your Mood (PHQ-9) score went from 14');
    const rows = within(table).getAllByTestId('trend-row');
    // Newest first; on the same day, the later-saved one first.
    expect(rows.map((r) => r.getAttribute('data-id'))).toEqual(['5', '4', '3', '2', '1']);
    expect(rows[0]).toHaveTextContent(fullDate('2026-11-24'));
    expect(rows[0]).toHaveTextContent('Anxiety (GAD-7)');
    expect(rows[0]).toHaveTextContent('9');
    expect(rows[0]).toHaveTextContent('mild range');
    expect(rows[1]).toHaveTextContent('Mood (PHQ-9)');
    expect(rows[1]).toHaveTextContent('mild range');
    expect(rows[2]).toHaveTextContent('12 (estimated)');
    expect(rows[2]).toHaveTextContent('moderate range');
    expect(rows[4]).toHaveTextContent('14');
    expect(rows[4]).toHaveTextContent(t('checkins.history.item9'));
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Date',
      'Check-in',
      'Score',
      'Range',
      'Note',
    ]);
    // The journal's mood per week, too.
    const mood = screen.getByTestId('trend-mood-table');
    const weeks = within(mood).getAllByTestId('trend-mood-row');
    expect(weeks).toHaveLength(2);
    expect(weeks[0]).toHaveTextContent(plainDate('2026-11-16'));
    expect(weeks[0]).toHaveTextContent('7.0');
    expect(weeks[1]).toHaveTextContent('5.5');
    // And back.
    await user.click(screen.getByRole('button', { name: 'Show as a chart' }));
    expect(await screen.findByTestId('trend-chart')).toBeInTheDocument();
  });

  it('leaves a check-in without a total out of the lines, and lists it as "no total"', async () => {
    const user = userEvent.setup();
    const list = [...FIVE, checkIn(6, 'phq9', '2026-11-28', null, null)];
    backend(list);
    render(CheckIns);
    const chart = await screen.findByTestId('trend-chart');
    expect(within(chart).getAllByTestId('trend-point-phq9')).toHaveLength(3);
    // Still from 14 to 8: the last one with a total.
    expect(screen.getByTestId('trend-summary')).toHaveTextContent(`to 8 on ${plainDate('2026-11-24')}`);
    await user.click(screen.getByTestId('trend-toggle'));
    const rows = within(await screen.findByTestId('trend-table')).getAllByTestId('trend-row');
    expect(rows).toHaveLength(6);
    expect(rows[0]).toHaveAttribute('data-id', '6');
    expect(rows[0]).toHaveTextContent('no total');
  });
});

describe('no trend', () => {
  it('when there are no check-ins', async () => {
    backend([]);
    render(CheckIns);
    await screen.findByTestId('checkin-history-empty');
    expect(screen.queryByTestId('checkin-trend')).toBeNull();
  });

  it('when no check-in has a total', async () => {
    backend([checkIn(1, 'phq9', '2026-11-03', null, null)]);
    render(CheckIns);
    await waitFor(() => expect(screen.getAllByTestId('checkin-history-item')).toHaveLength(1));
    expect(screen.queryByTestId('checkin-trend')).toBeNull();
    expect(trendSummary([checkIn(1, 'phq9', '2026-11-03', null, null)])).toBe('');
  });
});

describe('sessions and the journal’s mood', () => {
  it('marks the sessions faintly with the phase where it starts, and draws the weekly mood', async () => {
    backend(FIVE, {
      course_overview: () => ({}),
      course_timeline: () => [
        { number: 1, phase: 'initial', state: 'done', date: '2026-11-02' },
        { number: 2, phase: 'initial', state: 'done', date: '2026-11-09' },
        { number: 3, phase: 'middle', state: 'done', date: '2026-11-16' },
        { number: 4, phase: 'middle', state: 'past', date: '2026-11-23' },
        { number: 5, phase: 'middle', state: 'later', date: null },
      ],
    });
    render(CheckIns);
    const chart = await screen.findByTestId('trend-chart');
    await waitFor(() => expect(within(chart).getAllByTestId('trend-session')).toHaveLength(4));
    expect(within(chart).getAllByTestId('trend-phase').map((p) => p.textContent)).toEqual([
      t('phase.initial'),
      t('phase.middle'),
    ]);
    expect(screen.getByTestId('trend-caption')).toHaveTextContent(t('checkins.trend.caption.sessions'));
    await waitFor(() => expect(within(chart).getAllByTestId('trend-point-mood')).toHaveLength(2));
  });

  it('without a course: no session marks, and the chart is still drawn', async () => {
    const b = backend(FIVE);
    render(CheckIns);
    const chart = await screen.findByTestId('trend-chart');
    await waitFor(() => expect(b.called('journal_mood_by_day').length).toBeGreaterThan(0));
    expect(within(chart).queryAllByTestId('trend-session')).toHaveLength(0);
    expect(b.called('course_timeline')).toHaveLength(0);
    expect(screen.getByTestId('trend-caption')).not.toHaveTextContent(t('checkins.trend.caption.sessions'));
  });

  it('averages the mood per week over all its entries, weeks starting on Monday', () => {
    expect(weekStart('2026-11-05')).toBe('2026-11-02');
    expect(weekStart('2026-11-02')).toBe('2026-11-02');
    expect(weekStart('2026-11-08')).toBe('2026-11-02');
    expect(
      weeklyMood([
        { day: '2026-11-04', average: 4, entries: 1 },
        { day: '2026-11-05', average: 6, entries: 3 },
      ]),
    ).toEqual([{ week: '2026-11-02', average: 5.5, entries: 4 }]);
  });

  it('spans at least a week, to today', () => {
    expect(dateRange([checkIn(1, 'phq9', '2026-11-24', 8, 'mild')], [], '2026-11-24')).toEqual({ from: '2026-11-18', to: '2026-11-24' });
    expect(dateRange(FIVE, ['2026-10-27'], '2026-12-01')).toEqual({ from: '2026-10-27', to: '2026-12-01' });
  });
});
