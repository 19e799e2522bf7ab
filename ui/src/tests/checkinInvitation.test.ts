// Check-ins before each session and one question at a time (issue 12): Home's invitation (shown,
// Start, "Not this time", hidden when there is none), how often it comes (Settings), and the
// one-at-a-time form driven by the keyboard alone.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import CheckInInvitation from '../lib/features/checkins/CheckInInvitation.svelte';
import CheckInSettings from '../lib/features/checkins/CheckInSettings.svelte';
import CheckIns from '../lib/features/checkins/CheckIns.svelte';
import Home from '../lib/features/home/Home.svelte';
import { localDay } from '../lib/dates';
import { t } from '../lib/i18n';
import { mockBackend, type Handler } from './ipcMock';
import type { CheckIn, CheckInInput, CheckInInvitationSettings, Questionnaire, QuestionnaireText } from '../lib/ipc';

type UserEvent = ReturnType<typeof userEvent.setup>;

afterEach(() => vi.restoreAllMocks());

/** The patient's local day `days` from today. */
function day(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return localDay(d);
}

function weekdayOf(s: string): string {
  return new Date(`${s}T12:00:00`).toLocaleDateString('en', { weekday: 'long' });
}

describe('the invitation on Home', () => {
  it('asks warmly before the next session, and Start opens the check-ins', async () => {
    const user = userEvent.setup();
    const date = day(2);
    const b = mockBackend({ checkins_invitation: () => ({ sessionNumber: 5, sessionDate: date }) });
    const onStart = vi.fn();
    render(CheckInInvitation, { onStart });
    const card = await screen.findByTestId('checkin-invitation');
    expect(screen.getByRole('heading', { name: `Before session 5 on ${weekdayOf(date)}: a short check-in?` })).toBeInTheDocument();
    expect(card).toHaveTextContent(t('checkins.invite.body'));
    // Asked for today, the patient's local date.
    expect(b.called('checkins_invitation')[0].args).toEqual({ today: day(0) });
    // By keyboard: Tab to Start, Enter.
    await user.tab();
    expect(screen.getByTestId('checkin-invitation-start')).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(onStart).toHaveBeenCalledOnce();
    expect(b.called('checkins_invitation_dismiss')).toHaveLength(0);
  });

  it('says "today" on the session day', async () => {
    mockBackend({ checkins_invitation: () => ({ sessionNumber: 1, sessionDate: day(0) }) });
    render(CheckInInvitation, { onStart: () => {} });
    expect(await screen.findByTestId('checkin-invitation-title')).toHaveTextContent('Before session 1 today: a short check-in?');
  });

  it('"Not this time" puts it away for that session, with a calm note that keeps the focus', async () => {
    const user = userEvent.setup();
    const b = mockBackend({
      checkins_invitation: () => ({ sessionNumber: 7, sessionDate: day(3) }),
      checkins_invitation_dismiss: () => null,
    });
    render(CheckInInvitation, { onStart: () => {} });
    await user.click(await screen.findByTestId('checkin-invitation-dismiss'));
    expect(b.called('checkins_invitation_dismiss').map((c) => c.args)).toEqual([{ sessionNumber: 7 }]);
    const note = await screen.findByTestId('checkin-invitation-dismissed');
    expect(note).toHaveTextContent(t('checkins.invite.dismissed'));
    expect(note).toHaveFocus();
    expect(screen.queryByTestId('checkin-invitation')).toBeNull();
  });

  it('shows nothing when there is no invitation, or when it cannot be worked out', async () => {
    for (const handler of [() => null, () => { throw { code: 'Locked', message: 'locked' }; }] as Handler[]) {
      const b = mockBackend({ checkins_invitation: handler });
      const { container, unmount } = render(CheckInInvitation, { onStart: () => {} });
      await waitFor(() => expect(b.called('checkins_invitation')).toHaveLength(1));
      await new Promise((r) => setTimeout(r, 0));
      expect(container.querySelector('section, p, button')).toBeNull();
      expect(screen.queryByRole('alert')).toBeNull();
      unmount();
    }
  });

  it('is on Home, below the course, and Start goes to the check-ins', async () => {
    const user = userEvent.setup();
    mockBackend({ checkins_invitation: () => ({ sessionNumber: 5, sessionDate: day(1) }) });
    const onOpenCheckIns = vi.fn();
    render(Home, {
      recoveryConfirmed: true,
      onOpenJournal: () => {},
      onOpenCourse: () => {},
      onOpenPlans: () => {},
      onOpenAgenda: () => {},
      onOpenCheckIns,
    });
    const card = await screen.findByTestId('checkin-invitation');
    const course = screen.getByTestId('course-card');
    expect(course.compareDocumentPosition(card) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    await user.click(within(card).getByTestId('checkin-invitation-start'));
    expect(onOpenCheckIns).toHaveBeenCalledOnce();
  });
});

describe('how often to be invited', () => {
  it('shows the choice, saves a new one at once (keeping the form’s mode), and says check-ins are always there', async () => {
    const user = userEvent.setup();
    let stored: CheckInInvitationSettings = { frequency: 'everySession', oneAtATime: true };
    const b = mockBackend({
      checkins_invitation_settings_get: () => stored,
      checkins_invitation_settings_save: ({ settings }) => (stored = settings as CheckInInvitationSettings),
    });
    render(CheckInSettings);
    const group = await screen.findByRole('group', { name: t('checkins.settings.lead') });
    expect(within(group).getByRole('radio', { name: t('checkins.settings.everySession') })).toBeChecked();
    expect(screen.getByTestId('checkin-settings-always')).toHaveTextContent(
      'Whatever you choose, you can do a check-in any time from the Check-ins page.',
    );
    // Keyboard: Tab into the group, arrow down to "every other session".
    await user.tab();
    expect(screen.getByTestId('checkin-frequency-everySession')).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    await screen.findByTestId('checkin-settings-saved');
    expect(b.called('checkins_invitation_settings_save').at(-1)?.args).toEqual({
      settings: { frequency: 'everyOtherSession', oneAtATime: true },
    });
    await user.click(screen.getByRole('radio', { name: t('checkins.settings.off') }));
    await waitFor(() => expect(stored).toEqual({ frequency: 'off', oneAtATime: true }));
    expect(screen.getByTestId('checkin-frequency-off')).toBeChecked();
  });

  it('says so calmly when the choice cannot be saved', async () => {
    const user = userEvent.setup();
    mockBackend({
      checkins_invitation_settings_save: () => {
        throw { code: 'DiskFull', message: 'full' };
      },
    });
    render(CheckInSettings);
    await user.click(await screen.findByTestId('checkin-frequency-off'));
    expect(await screen.findByTestId('checkin-settings-error')).toHaveTextContent(t('error.DiskFull'));
  });
});

// Stand-in wording, as in checkins.test.ts: the UI shows whatever the core sends.
const OPTIONS = ['Opt none', 'Opt some', 'Opt half', 'Opt nearly'].map((label, value) => ({ value, label }));
const text = (kind: Questionnaire): QuestionnaireText => ({
  kind,
  title: kind === 'phq9' ? 'Test PHQ-9 title' : 'Test GAD-7 title',
  instructions: `Instructions for ${kind}`,
  items: Array.from({ length: kind === 'phq9' ? 9 : 7 }, (_, i) => `${kind} question ${i + 1}`),
  options: OPTIONS,
  difficulty: kind === 'phq9' ? { question: 'How hard has it been?', options: ['D0', 'D1', 'D2', 'D3'] } : null,
});

function backend(oneAtATime: boolean) {
  let settings: CheckInInvitationSettings = { frequency: 'everyOtherSession', oneAtATime };
  const b = mockBackend({
    checkins_questionnaire: ({ kind }) => text(kind as Questionnaire),
    checkins_list: () => [],
    checkins_invitation_settings_get: () => settings,
    checkins_invitation_settings_save: ({ settings: s }) => (settings = s as CheckInInvitationSettings),
    checkins_save: ({ input }): CheckIn => {
      const i = input as CheckInInput;
      return {
        id: 1,
        kind: i.kind,
        takenAt: new Date().toISOString(),
        answers: i.answers,
        difficulty: i.difficulty,
        score: null,
        prorated: true,
        band: null,
        item9: i.kind === 'phq9' ? i.answers[8] : null,
      };
    },
  });
  return { ...b, settings: () => settings };
}

/** The question now shown: its legend has the focus and the progress line says where we are. */
async function expectQuestion(n: number, total: number, kind: Questionnaire = 'phq9') {
  await waitFor(() => expect(screen.getByTestId('checkin-step-legend')).toHaveFocus());
  expect(screen.getByTestId('checkin-step-legend')).toHaveTextContent(`${n}. ${kind} question ${n}`);
  expect(screen.getByTestId('checkin-progress')).toHaveTextContent(`Question ${n} of ${total}`);
  expect(screen.getByTestId('checkin-progress')).toHaveAttribute('aria-live', 'polite');
}

/** From the focused legend: Tab to the answers, Space picks the first, arrows move to `value`. */
async function answer(user: UserEvent, value: number) {
  await user.tab();
  const first = document.activeElement as HTMLInputElement;
  expect(first.type).toBe('radio');
  await user.keyboard(' ');
  for (let i = 0; i < value; i++) await user.keyboard('{ArrowDown}');
  expect((document.activeElement as HTMLInputElement).value).toBe(String(value));
  expect(document.activeElement).toBeChecked();
}

describe('one question at a time', () => {
  it('is answered by keyboard alone: arrows, Enter, skipping, Back, item 9 help, review, save with blanks as null', async () => {
    languages(['en-US']);
    const user = userEvent.setup();
    const b = backend(true);
    render(CheckIns);
    (await screen.findByTestId('checkin-start-phq9')).focus();
    await user.keyboard('{Enter}');
    // The saved choice opens the form one question at a time.
    await screen.findByTestId('checkin-progress');
    expect(screen.getByTestId('checkin-mode-one')).toBeChecked();
    expect(screen.getByTestId('checkin-instructions')).toHaveTextContent('Instructions for phq9');
    expect(screen.getByTestId('checkin-blank-ok')).toHaveTextContent(t('checkins.blankOk'));
    const form = screen.getByTestId('checkin-form');
    // One question in view, as a group named by its legend.
    expect(within(form).getAllByRole('group')).toHaveLength(1);
    expect(within(form).getByRole('group', { name: /phq9 question 1$/ })).toBeInTheDocument();
    expect(screen.queryByTestId('checkin-back')).toBeNull();
    expect(screen.queryByTestId('checkin-save')).toBeNull();
    // Move to question 1 (focus starts on the form's heading; the legend takes focus on each move).
    screen.getByTestId('checkin-step-legend').focus();
    await expectQuestion(1, 9);

    // 1: "Opt some" by arrows, Enter goes on.
    await answer(user, 1);
    await user.keyboard('{Enter}');
    await expectQuestion(2, 9);
    // 2: skipped with Next (Tab to it: the answers are one stop, then Back, then Next).
    await user.tab();
    await user.tab();
    expect(screen.getByTestId('checkin-back')).toHaveFocus();
    await user.tab();
    expect(screen.getByTestId('checkin-next')).toHaveFocus();
    await user.keyboard('{Enter}');
    await expectQuestion(3, 9);
    // 3: answered, then Back to 2, which is still blank, and on again.
    await answer(user, 2);
    await user.keyboard('{Enter}');
    await expectQuestion(4, 9);
    await user.click(screen.getByTestId('checkin-back'));
    await expectQuestion(3, 9);
    expect(screen.getByTestId('phq9-item-3-2')).toBeChecked();
    await user.click(screen.getByTestId('checkin-back'));
    await expectQuestion(2, 9);
    for (const v of [0, 1, 2, 3]) expect(screen.getByTestId(`phq9-item-2-${v}`)).not.toBeChecked();
    await user.click(screen.getByTestId('checkin-next'));
    await expectQuestion(3, 9);
    // Tab lands on the chosen answer; Enter goes on.
    await user.tab();
    expect(screen.getByTestId('phq9-item-3-2')).toHaveFocus();
    await user.keyboard('{Enter}');
    // 4–8.
    for (const [n, v] of [[4, 0], [5, 1], [6, 0], [7, 3], [8, 0]]) {
      await expectQuestion(n, 9);
      await answer(user, v);
      await user.keyboard('{Enter}');
    }
    // 9 above 0: the calm help shows right there, and Enter / Next still go on.
    await expectQuestion(9, 9);
    expect(screen.queryByTestId('item9-help-form')).toBeNull();
    await answer(user, 1);
    const help = await screen.findByTestId('item9-help-form');
    expect(help).toHaveTextContent('988');
    expect(help).toHaveTextContent(/tells no one/);
    expect(help).toHaveTextContent(t('checkins.item9.carryOn'));
    expect(help).not.toHaveAttribute('role', 'alert');
    expect(screen.getByTestId('phq9-item-9-1')).toHaveFocus();
    await user.keyboard('{Enter}');

    // The difficulty question, optional: skipped.
    await waitFor(() => expect(screen.getByTestId('checkin-step-legend')).toHaveFocus());
    expect(screen.getByTestId('checkin-step-legend')).toHaveTextContent('How hard has it been?');
    expect(screen.getByTestId('checkin-progress')).toHaveTextContent(t('checkins.step.difficulty'));
    await user.click(screen.getByTestId('checkin-next'));

    // The review: every answer, blanks said as blank; its heading has the focus.
    const review = await screen.findByTestId('checkin-review');
    await waitFor(() => expect(within(review).getByRole('heading', { name: t('checkins.step.review') })).toHaveFocus());
    expect(screen.getByTestId('checkin-progress')).toHaveTextContent(t('checkins.step.end'));
    expect(screen.queryByTestId('checkin-instructions')).toBeNull();
    expect(screen.getByTestId('checkin-review-1')).toHaveTextContent('Opt some');
    expect(screen.getByTestId('checkin-review-2')).toHaveTextContent(t('checkins.review.blank'));
    expect(screen.getByTestId('checkin-review-7')).toHaveTextContent('Opt nearly');
    expect(screen.getByTestId('checkin-review-9')).toHaveTextContent('Opt some');
    expect(screen.getByTestId('checkin-review-difficulty')).toHaveTextContent(t('checkins.review.blank'));

    // Change one answer from the review, and come straight back.
    await user.click(screen.getByRole('button', { name: t('checkins.review.changeLabel', { n: 7 }) }));
    await expectQuestion(7, 9);
    await user.click(screen.getByTestId('phq9-item-7-2'));
    expect(screen.getByTestId('checkin-next')).toHaveTextContent(t('checkins.step.toReview'));
    await user.keyboard('{Enter}');
    await screen.findByTestId('checkin-review');
    expect(screen.getByTestId('checkin-review-7')).toHaveTextContent('Opt half');

    // Save, by keyboard.
    screen.getByTestId('checkin-save').focus();
    await user.keyboard('{Enter}');
    await screen.findByTestId('checkin-result');
    expect(b.called('checkins_save').map((c) => c.args.input)).toEqual([
      { kind: 'phq9', answers: [1, null, 2, 0, 1, 0, 2, 0, 1], difficulty: null },
    ]);
  });

  it('is chosen in the form, remembered with the settings, and keeps answers when switching', async () => {
    const user = userEvent.setup();
    const b = backend(false);
    render(CheckIns);
    await user.click(await screen.findByTestId('checkin-start-gad7'));
    await screen.findByTestId('gad7-item-7');
    expect(screen.getByTestId('checkin-mode-all')).toBeChecked();
    expect(screen.queryByTestId('checkin-progress')).toBeNull();
    await user.click(screen.getByTestId('gad7-item-1-3'));
    // Keyboard: the mode is a radio group; arrow to "One at a time".
    screen.getByTestId('checkin-mode-all').focus();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByTestId('checkin-mode-one')).toBeChecked();
    expect(await screen.findByTestId('checkin-progress')).toHaveTextContent('Question 1 of 7');
    expect(screen.getByTestId('gad7-item-1-3')).toBeChecked();
    await waitFor(() => expect(b.settings()).toEqual({ frequency: 'everyOtherSession', oneAtATime: true }));
    expect(screen.getByRole('radiogroup', { name: t('checkins.mode.label') })).toBeInTheDocument();
    // The GAD-7 has no difficulty question: after 7 comes the review.
    for (let n = 1; n <= 7; n++) await user.click(screen.getByTestId('checkin-next'));
    await screen.findByTestId('checkin-review');
    expect(screen.queryByTestId('checkin-review-difficulty')).toBeNull();
    // More than two blank: said gently before saving.
    expect(screen.getByTestId('checkin-many-blank')).toBeInTheDocument();
    await user.click(screen.getByTestId('checkin-save'));
    await screen.findByTestId('checkin-result');
    expect(b.called('checkins_save')[0].args.input).toEqual({
      kind: 'gad7',
      answers: [3, null, null, null, null, null, null],
      difficulty: null,
    });
    // Back to all questions, and that is remembered too.
    await user.click(screen.getByTestId('checkin-done'));
    await user.click(await screen.findByTestId('checkin-start-phq9'));
    await screen.findByTestId('checkin-progress');
    await user.click(screen.getByTestId('checkin-mode-all'));
    await waitFor(() => expect(b.settings().oneAtATime).toBe(false));
    expect(await screen.findByTestId('phq9-item-9')).toBeInTheDocument();
    expect(screen.queryByTestId('checkin-progress')).toBeNull();
  });

  it('falls back to the whole form when the choice cannot be read', async () => {
    const user = userEvent.setup();
    mockBackend({
      checkins_questionnaire: ({ kind }) => text(kind as Questionnaire),
      checkins_list: () => [],
      checkins_invitation_settings_get: () => {
        throw { code: 'Damaged', message: 'damaged' };
      },
    });
    render(CheckIns);
    await user.click(await screen.findByTestId('checkin-start-phq9'));
    expect(await screen.findByTestId('phq9-item-9')).toBeInTheDocument();
    expect(screen.getByTestId('checkin-mode-all')).toBeChecked();
  });
});

function languages(list: string[]) {
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(list);
  vi.spyOn(navigator, 'language', 'get').mockReturnValue(list[0] ?? '');
}
