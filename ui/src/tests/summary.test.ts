// "For my therapist" (issue 15): the chooser shows every item of the period with its own box;
// moments with people start unticked, the rest ticked; only what is ticked is sent; nothing
// ticked means no PDF; the save dialog's path goes to the core; text is shown as text.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import Summary from '../lib/features/summary/Summary.svelte';
import { t } from '../lib/i18n';
import { errorText } from '../lib/i18n/errors';
import { AppError, type SummaryChoice, type SummaryDraft } from '../lib/ipc';
import { mockBackend } from './ipcMock';

afterEach(() => vi.restoreAllMocks());

const draft = (over: Partial<SummaryDraft> = {}): SummaryDraft => ({
  period: { from: '2026-11-17', to: '2026-11-23' },
  checkIns: [{ id: 1, kind: 'phq9', day: '2026-11-18', score: 12, band: 'moderate', item9AboveZero: true }],
  trend: [{ kind: 'phq9', day: '2026-11-18', score: 12 }],
  mood: [{ day: '2026-11-18', average: 4.5, entries: 2 }],
  events: [
    { key: 'event:3:0', day: '2026-11-19', person: 'Sam', whatHappened: '<b>We argued</b>', whatIFelt: '', whatIDid: '', howItEnded: '', important: false },
    { key: 'event:4:0', day: '2026-11-20', person: null, whatHappened: 'A quiet dinner', whatIFelt: '', whatIDid: '', howItEnded: '', important: true },
  ],
  plans: [{ id: 7, what: 'Ask for a walk', dueOn: '2026-11-20', status: 'done', reflection: '', moodBefore: null, moodAfter: null }],
  practice: [{ runId: 5, title: 'Saying no', day: '2026-11-21', confidenceBefore: 3, confidenceAfter: 6 }],
  nextSession: 4,
  nextSessionDate: '2026-11-24',
  agenda: [{ key: 'question:2', kind: 'question', text: 'Sleep', detail: '', day: null, person: null, mood: null, planStatus: null }],
  ...over,
});

function backend(d: SummaryDraft = draft(), over: Record<string, (a: Record<string, unknown>) => unknown> = {}) {
  return mockBackend({
    summary_default_period: () => ({ from: '2026-11-17', to: '2026-11-23' }),
    summary_draft: () => d,
    'plugin:dialog|save': () => '/home/me/for-my-therapist.pdf',
    summary_save_pdf: () => 2048,
    ...over,
  });
}

describe('for my therapist', () => {
  it('shows every item; moments start unticked, the rest ticked; text stays text', async () => {
    backend();
    render(Summary);
    await screen.findByTestId('summary-choose');
    expect(screen.getByTestId('summary-from')).toHaveValue('2026-11-17');
    expect(screen.getByTestId('summary-checkins')).toBeChecked();
    expect(screen.getByTestId('summary-chart')).toBeChecked();
    expect(screen.getByTestId('summary-mood')).toBeChecked();
    expect(screen.getByTestId('summary-event-event:3:0')).not.toBeChecked();
    expect(screen.getByTestId('summary-event-event:4:0')).not.toBeChecked();
    expect(screen.getByTestId('summary-plan-7')).toBeChecked();
    expect(screen.getByTestId('summary-practice-5')).toBeChecked();
    expect(screen.getByTestId('summary-agenda-question:2')).toBeChecked();
    expect(within(screen.getAllByTestId('summary-event')[0]).getByText('<b>We argued</b>')).toBeInTheDocument();
    expect(document.querySelector('[data-testid="summary-choose"] b')).toBeNull();
    // Item 9 above zero: said calmly, with who is told (no one).
    expect(screen.getByTestId('summary-item9')).toHaveTextContent(/tells no one/);
    expect(screen.getByTestId('summary-choose')).toHaveTextContent('For session 4 on');
  });

  it('sends only what is ticked, with the period and the chosen path', async () => {
    const user = userEvent.setup();
    const b = backend();
    render(Summary);
    await screen.findByTestId('summary-choose');
    await user.click(screen.getByTestId('summary-mood'));
    await user.click(screen.getByTestId('summary-event-event:4:0'));
    await user.click(screen.getByTestId('summary-plan-7'));
    await user.click(screen.getByTestId('summary-neutral'));
    await user.click(screen.getByTestId('summary-pdf-save'));
    expect(await screen.findByTestId('summary-pdf-done')).toHaveTextContent(t('pdf.done', { path: '/home/me/for-my-therapist.pdf' }));
    const dialog = b.called('plugin:dialog|save')[0].args as { options: { defaultPath: string } };
    expect(dialog.options.defaultPath).toBe('notes-2026-11-23.pdf');
    const sent = b.called('summary_save_pdf')[0].args as { choice: SummaryChoice; period: unknown; path: string };
    expect(sent.period).toEqual({ from: '2026-11-17', to: '2026-11-23' });
    expect(sent.path).toBe('/home/me/for-my-therapist.pdf');
    expect(sent.choice).toEqual({
      checkIns: true,
      chart: true,
      mood: false,
      events: ['event:4:0'],
      plans: [],
      practice: [5],
      agenda: ['question:2'],
      neutralTitle: true,
    });
    expect(screen.getByTestId('summary-pdf')).toHaveTextContent(t('pdf.private'));
  });

  it('with nothing ticked there is no PDF to make; closing the dialog writes nothing', async () => {
    const user = userEvent.setup();
    const b = backend(draft({ checkIns: [], trend: [], mood: [], plans: [], practice: [], agenda: [] }), {
      'plugin:dialog|save': () => null,
    });
    render(Summary);
    await screen.findByTestId('summary-choose');
    expect(screen.getByTestId('summary-nothing')).toBeInTheDocument();
    expect(screen.getByTestId('summary-pdf-save')).toBeDisabled();
    await user.click(screen.getByTestId('summary-event-event:3:0'));
    expect(screen.queryByTestId('summary-nothing')).toBeNull();
    await user.click(screen.getByTestId('summary-pdf-save'));
    await waitFor(() => expect(b.called('plugin:dialog|save')).toHaveLength(1));
    expect(b.called('summary_save_pdf')).toHaveLength(0);
    expect(screen.queryByTestId('summary-pdf-done')).toBeNull();
  });

  it('reloads another period, and shows a refused period in calm words', async () => {
    const user = userEvent.setup();
    const b = backend(draft(), {
      summary_draft: (a) => {
        const p = a.period as { from: string; to: string };
        if (p.from > p.to) throw { code: 'InvalidDate', message: 'the first day is after the last day' };
        return draft({ period: p, events: [] });
      },
    });
    render(Summary);
    await screen.findByTestId('summary-choose');
    await fireEvent.input(screen.getByTestId('summary-from'), { target: { value: '2026-11-01' } });
    await user.click(screen.getByTestId('summary-show'));
    await waitFor(() => expect(b.called('summary_draft')).toHaveLength(2));
    expect(b.called('summary_draft')[1].args).toMatchObject({ period: { from: '2026-11-01', to: '2026-11-23' } });
    await fireEvent.input(screen.getByTestId('summary-from'), { target: { value: '2026-11-30' } });
    await fireEvent.submit(screen.getByTestId('summary-show').closest('form')!);
    expect(await screen.findByTestId('summary-error')).toHaveTextContent(
      errorText(new AppError('InvalidDate', 'the first day is after the last day')),
    );
  });
});
