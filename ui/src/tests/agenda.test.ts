import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import Agenda from '../lib/features/agenda/Agenda.svelte';
import AgendaSummary from '../lib/features/agenda/AgendaSummary.svelte';
import { mockBackend } from './ipcMock';
import { t } from '../lib/i18n';
import { localDay } from '../lib/dates';
import type { AgendaItem } from '../lib/ipc';

const item = (key: string, over: Partial<AgendaItem> = {}): AgendaItem => ({
  key,
  kind: 'question',
  text: key,
  detail: '',
  day: null,
  person: null,
  mood: null,
  planStatus: null,
  ...over,
});

function backendWith(initial: AgendaItem[]) {
  let items = [...initial];
  let nextQuestion = 10;
  const backend = mockBackend({
    agenda_get: () => ({ sessionNumber: 5, sessionDate: '2026-12-01', items }),
    course_sessions: () => [{ number: 4, heldOn: '2026-11-24', talkedAbout: '', agreed: '', notes: '', mood: null }],
    course_get: () => null,
    agenda_reorder: ({ keys }) => {
      items = (keys as string[]).map((k) => items.find((i) => i.key === k)!);
      return null;
    },
    agenda_add_question: ({ text }) => {
      const q = item(`question:${nextQuestion++}`, { text: text as string });
      items.push(q);
      return q;
    },
    agenda_remove_question: ({ id }) => {
      items = items.filter((i) => i.key !== `question:${id}`);
      return null;
    },
    agenda_archived: ({ number }) => ({ sessionNumber: number, items: [item('plan:1', { kind: 'plan', text: 'Ask once', planStatus: 'done' })] }),
    'plugin:dialog|save': () => '/home/me/Documents/next-session.pdf',
    agenda_save_pdf: () => 2048,
  });
  return backend;
}

const texts = () => screen.getAllByTestId('agenda-item-text').map((e) => e.textContent);

describe('agenda for the next session', () => {
  it('shows each kind of item as text, for the next session', async () => {
    backendWith([
      item('entry:1', { kind: 'entry', text: 'We argued <img src=x onerror=alert(1)>', day: '2026-11-28', mood: 3 }),
      item('event:1:0', { kind: 'event', text: 'He walked out', detail: 'unheard', person: 'Sam' }),
      item('plan:2', { kind: 'plan', text: 'Ask once, clearly', detail: 'It went better', planStatus: 'tried' }),
      item('question:3', { text: 'Why do I go quiet?' }),
    ]);
    const { container } = render(Agenda);
    expect(await screen.findByTestId('agenda-session')).toHaveTextContent('Session 5');
    const rows = await screen.findAllByTestId('agenda-item');
    expect(rows.map((r) => r.dataset.kind)).toEqual(['entry', 'event', 'plan', 'question']);
    expect(rows[0]).toHaveTextContent(t('agenda.kind.entry'));
    expect(rows[0]).toHaveTextContent('We argued <img src=x onerror=alert(1)>');
    expect(container.querySelector('img')).toBeNull();
    expect(rows[1]).toHaveTextContent(t('agenda.felt', { text: 'unheard' }));
    expect(rows[1]).toHaveTextContent(t('agenda.with', { name: 'Sam' }));
    expect(rows[2]).toHaveTextContent(t('status.tried'));
  });

  it('reorders with buttons and sends the whole order', async () => {
    const user = userEvent.setup();
    const backend = backendWith([item('question:1', { text: 'first' }), item('question:2', { text: 'second' })]);
    render(Agenda);
    await screen.findAllByTestId('agenda-item');
    expect(within(screen.getAllByTestId('agenda-item')[0]).getByTestId('agenda-up')).toBeDisabled();
    await user.click(within(screen.getAllByTestId('agenda-item')[1]).getByTestId('agenda-up'));
    await waitFor(() => expect(texts()).toEqual(['second', 'first']));
    expect(backend.called('agenda_reorder')[0].args.keys).toEqual(['question:2', 'question:1']);
  });

  it('adds and removes a question; a refused one is explained calmly', async () => {
    const user = userEvent.setup();
    const backend = backendWith([]);
    render(Agenda);
    expect(await screen.findByTestId('agenda-empty')).toBeInTheDocument();
    await user.type(screen.getByTestId('agenda-question'), 'What if he says no?');
    await user.click(screen.getByTestId('agenda-add'));
    await waitFor(() => expect(texts()).toEqual(['What if he says no?']));
    expect(screen.getByTestId('agenda-question')).toHaveValue('');
    await user.click(screen.getByTestId('agenda-remove'));
    await waitFor(() => expect(backend.called('agenda_remove_question')[0].args).toEqual({ id: 10 }));
    expect(await screen.findByTestId('agenda-empty')).toBeInTheDocument();

    mockBackend({
      agenda_get: () => ({ sessionNumber: null, sessionDate: null, items: [] }),
      course_sessions: () => [],
      course_get: () => null,
      agenda_add_question: () => {
        throw { code: 'TooLong', message: 'a question is longer than 2000 characters' };
      },
    });
    await user.type(screen.getByTestId('agenda-question'), 'x');
    await user.click(screen.getByTestId('agenda-add'));
    expect(await screen.findByTestId('agenda-error')).toHaveTextContent(t('error.TooLong'));
  });

  it('saves the list as a PDF where the patient chose, and shows the list kept with an earlier session', async () => {
    const user = userEvent.setup();
    const b = backendWith([]);
    const print = vi.spyOn(window, 'print').mockImplementation(() => {});
    render(Agenda);
    await screen.findByTestId('agenda-session');
    await user.click(screen.getByTestId('agenda-pdf-save'));
    expect(await screen.findByTestId('agenda-pdf-done')).toHaveTextContent(t('pdf.done', { path: '/home/me/Documents/next-session.pdf' }));
    expect(screen.getByTestId('agenda-pdf')).toHaveTextContent(t('pdf.private'));
    const dialog = b.called('plugin:dialog|save')[0].args as { options: { defaultPath: string; title: string } };
    expect(dialog.options.defaultPath).toBe('for-my-next-session-2026-12-01.pdf');
    expect(dialog.options.title).toBe(t('agenda.pdfTitle'));
    expect(b.called('agenda_save_pdf')).toEqual([
      { cmd: 'agenda_save_pdf', args: { today: localDay(new Date()), path: '/home/me/Documents/next-session.pdf' } },
    ]);
    expect(print).not.toHaveBeenCalled();
    await user.selectOptions(await screen.findByTestId('agenda-earlier'), t('sessions.row', { n: 4 }));
    const archived = await screen.findByTestId('agenda-archived');
    expect(archived).toHaveTextContent('Ask once');
    expect(archived).toHaveTextContent(t('status.done'));
    print.mockRestore();
  });

  it('saves to a typed path, and says so in calm words when it cannot', async () => {
    const user = userEvent.setup();
    const b = mockBackend({
      agenda_get: () => ({ sessionNumber: null, sessionDate: null, items: [item('question:1', { text: '<b>Mamá</b>' })] }),
      course_sessions: () => [],
      course_get: () => null,
      agenda_save_pdf: ({ path }) => {
        if (path === 'relative.pdf') throw { code: 'InvalidInput', message: 'the file to write needs a full path to a file' };
        return 10;
      },
    });
    render(Agenda);
    await screen.findByTestId('agenda-item-text');
    await user.click(screen.getByText(t('pdf.typePath')));
    await user.type(screen.getByTestId('agenda-pdf-path'), 'relative.pdf');
    await user.click(screen.getByTestId('agenda-pdf-path-save'));
    expect(await screen.findByTestId('agenda-pdf-error')).toHaveTextContent(t('error.InvalidInput'));
    expect(screen.queryByTestId('agenda-pdf-done')).toBeNull();
    await user.clear(screen.getByTestId('agenda-pdf-path'));
    await user.type(screen.getByTestId('agenda-pdf-path'), '/tmp/agenda.pdf');
    await user.click(screen.getByTestId('agenda-pdf-path-save'));
    expect(await screen.findByTestId('agenda-pdf-done')).toHaveTextContent('/tmp/agenda.pdf');
    expect(b.called('agenda_save_pdf')[1].args).toEqual({ today: localDay(new Date()), path: '/tmp/agenda.pdf' });
  });
});

describe('agenda on Home', () => {
  it('counts what is on the list', async () => {
    mockBackend({ agenda_get: () => ({ sessionNumber: 5, sessionDate: '2026-12-01', items: [item('a'), item('b')] }) });
    render(AgendaSummary, { onOpen: () => {} });
    expect(await screen.findByTestId('home-agenda')).toHaveTextContent(t('home.agenda.count', { n: 2 }));
  });
});

describe('agenda in group IPT', () => {
  it('invites what to share with the group', async () => {
    mockBackend({
      course_sessions: () => [],
      course_get: () => ({ startDate: '2026-11-03', plannedSessions: 8, weekday: 1, sessionTime: '18:00', format: 'group', otherCare: '', therapistName: '', initialLast: 2, terminationFirst: 7 }),
    });
    render(Agenda);
    await waitFor(() => expect(screen.getByTestId('agenda-question-label')).toHaveTextContent(t('agenda.addQuestion.group')));
  });
});
