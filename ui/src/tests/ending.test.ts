// Ending well (the termination phase): the review in plain sentences and small tables, the plan
// form and what it sends, the monthly follow-up (signs back → the patient's own plan; item 9 →
// the same help as any check-in, the form never blocked) and the Home card in each phase.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import Ending from '../lib/features/ending/Ending.svelte';
import FollowUpPage from '../lib/features/ending/FollowUp.svelte';
import EndingCard from '../lib/features/ending/EndingCard.svelte';
import { LISTS, emptyEndingPlan, planErrorText } from '../lib/features/ending/lists';
import { t } from '../lib/i18n';
import { AppError, type CheckIn, type EndingPlan, type EndingReview, type FollowUpInput, type Questionnaire, type QuestionnaireText } from '../lib/ipc';
import { mockBackend } from './ipcMock';

type UserEvent = ReturnType<typeof userEvent.setup>;

afterEach(() => vi.restoreAllMocks());

const OPTIONS = ['Opt none', 'Opt some', 'Opt half', 'Opt nearly'].map((label, value) => ({ value, label }));
const text = (kind: Questionnaire): QuestionnaireText => ({
  kind,
  title: 'Test PHQ-9 title',
  instructions: 'Instructions',
  items: Array.from({ length: 9 }, (_, i) => `question ${i + 1}`),
  options: OPTIONS,
  difficulty: { question: 'How hard has it been?', options: ['D0', 'D1', 'D2', 'D3'] },
});

const emptyReview = (over: Partial<EndingReview> = {}): EndingReview => ({
  phase: null,
  sessionsHeld: 0,
  sessionsPlanned: null,
  courseEndedOn: null,
  phq9: { count: 0, first: null, latest: null },
  gad7: { count: 0, first: null, latest: null },
  plansMade: 0,
  plansWithOutcome: 0,
  triedPlans: [],
  rolePlaysDone: 0,
  analysesDone: 0,
  decisionsDone: 0,
  ...over,
});

const fullReview = emptyReview({
  phase: 'termination',
  sessionsHeld: 10,
  sessionsPlanned: 12,
  phq9: {
    count: 5,
    first: { takenAt: '2026-09-01T12:00:00Z', score: 18, band: 'moderatelySevere', item9AboveZero: true },
    latest: { takenAt: '2026-11-17T12:00:00Z', score: 6, band: 'mild', item9AboveZero: false },
  },
  gad7: { count: 1, first: { takenAt: '2026-09-01T12:00:00Z', score: 9, band: 'mild', item9AboveZero: false }, latest: { takenAt: '2026-09-01T12:00:00Z', score: 9, band: 'mild', item9AboveZero: false } },
  plansMade: 6,
  plansWithOutcome: 4,
  triedPlans: [
    { what: 'Ask J. to lunch', status: 'done', reflection: 'She said <b>yes</b> <script>x()</script>', dueOn: '2026-11-10' },
    { what: 'Walk with Sam', status: 'tried', reflection: '', dueOn: '2026-10-20' },
  ],
  rolePlaysDone: 3,
  analysesDone: 0,
  decisionsDone: 1,
});

const plan: EndingPlan = {
  changes: ['I ask for help now'],
  warningSigns: ['Cancelling on friends', 'Lying awake past 3'],
  ifTheyComeBack: ['Walk every morning', 'Call my sister'],
  contacts: ['Dr K, 555 0199'],
  comeBackIf: ['Two weeks of bad sleep'],
  monthlyCheckIn: true,
  updatedAt: '2026-11-20T09:00:00Z',
};

function scored(answers: (number | null)[], difficulty: number | null): CheckIn {
  const score = answers.reduce<number>((a, b) => a + (b ?? 0), 0);
  const band = score >= 20 ? 'severe' : score >= 15 ? 'moderatelySevere' : score >= 10 ? 'moderate' : score >= 5 ? 'mild' : 'minimal';
  return { id: 7, kind: 'phq9', takenAt: '2027-01-20T10:00:00Z', answers, difficulty, score, prorated: false, band, item9: answers[8] };
}

describe('the Ending well page', () => {
  it('reads the review as plain sentences and small tables, with the words as written', async () => {
    mockBackend({ ending_review: () => fullReview, ending_plan_get: () => plan });
    render(Ending);
    const review = await screen.findByTestId('ending-review');
    expect(screen.getByTestId('er-sessions')).toHaveTextContent('You have had 10 of the 12 sessions you planned.');
    expect(screen.getByTestId('er-sessions')).toHaveTextContent(t('ending.review.lastSessions'));
    expect(review).toHaveTextContent(t('ending.review.checkins.lead'));
    const phq = screen.getByTestId('er-phq9');
    expect(within(phq).getByTestId('er-phq9-first')).toHaveTextContent('18 of 27');
    expect(within(phq).getByTestId('er-phq9-first')).toHaveTextContent(t('checkins.band.moderatelySevere'));
    expect(within(phq).getByTestId('er-phq9-latest')).toHaveTextContent('6 of 27');
    expect(within(phq).getByTestId('er-phq9-item9')).toHaveTextContent(t('ending.review.item9'));
    expect(screen.getByTestId('er-item9-note')).toHaveTextContent(/tells no one/);
    // One GAD-7: a single row, "first and latest".
    expect(within(screen.getByTestId('er-gad7')).getByTestId('er-gad7-onlyOne')).toHaveTextContent('9 of 21');
    // Never a diagnosis.
    expect(review.textContent).not.toMatch(/diagnos(is|ed) with|you have depression/i);
    expect(screen.getByTestId('er-plans')).toHaveTextContent('You noted 6 plans and wrote down how 4 of them went.');
    const tried = screen.getByTestId('er-tried');
    expect(tried).toHaveTextContent('She said <b>yes</b> <script>x()</script>');
    expect(tried.querySelector('b, script')).toBeNull();
    expect(tried).toHaveTextContent(t('status.done'));
    expect(screen.getByTestId('er-practice-roleplays')).toHaveTextContent('3');
    expect(screen.queryByTestId('er-practice-analyses')).toBeNull();
    expect(screen.getByTestId('er-practice-decisions')).toHaveTextContent('1');
    // No circle saved yet: it says so, and draws nothing.
    expect(await screen.findByTestId('er-circle-none')).toHaveTextContent(t('ending.review.circle.none'));
    expect(screen.queryByTestId('circle-comparison')).toBeNull();
  });

  it('puts the circle at the start of the course beside the latest one, with who moved, in words', async () => {
    mockBackend({
      ending_review: () => fullReview,
      ending_plan_get: () => plan,
      people_list_all: () => [
        { id: 1, displayName: 'Sam', relationship: null, relationshipWord: '', archived: false },
        { id: 2, displayName: 'Jo', relationship: null, relationshipWord: '', archived: false },
      ],
      circle_compare: () => ({
        first: { id: 1, takenAt: '2026-11-03T10:00:00Z', placements: [{ personId: 1, ring: 'furtherOut' }] },
        latest: { id: 5, takenAt: '2027-01-20T10:00:00Z', placements: [{ personId: 1, ring: 'close' }, { personId: 2, ring: 'closest' }] },
        changes: { movedIn: [{ personId: 1, from: 'furtherOut', to: 'close' }], movedOut: [], appeared: [{ personId: 2, ring: 'closest' }], left: [] },
      }),
    });
    render(Ending);
    const circle = await screen.findByTestId('er-circle');
    expect(within(circle).getByTestId('circle-first')).toBeInTheDocument();
    expect(within(circle).getByTestId('circle-latest')).toBeInTheDocument();
    expect(within(circle).getByTestId('circle-moved-in')).toHaveTextContent('Sam');
    expect(within(circle).getByTestId('circle-appeared')).toHaveTextContent('Jo');
  });

  it('says so calmly when there is no course and nothing saved yet, and opens the empty plan as a form', async () => {
    mockBackend({ ending_review: () => emptyReview(), ending_plan_get: () => emptyEndingPlan() });
    render(Ending);
    expect(await screen.findByTestId('er-no-course')).toHaveTextContent(t('ending.review.noCourse'));
    expect(screen.getByTestId('er-checkins-none')).toBeInTheDocument();
    expect(screen.getByTestId('er-plans')).toHaveTextContent(t('ending.review.plans.none'));
    expect(screen.getByTestId('er-practice')).toHaveTextContent(t('ending.review.practice.none'));
    const form = screen.getByTestId('ending-plan-form');
    for (const l of LISTS) expect(within(form).getByTestId(`ep-list-${l.key}`)).toHaveTextContent(t(l.heading));
    expect(screen.getByTestId('ep-monthly')).not.toBeChecked();
    expect(form).toHaveTextContent(t('ending.plan.monthly.hint'));
  });

  it('saves the five lists trimmed and the monthly choice, then shows the plan to read', async () => {
    const user = userEvent.setup();
    let stored = emptyEndingPlan();
    const b = mockBackend({
      ending_review: () => emptyReview(),
      ending_plan_get: () => stored,
      ending_plan_save: ({ plan: p }) => (stored = { ...(p as EndingPlan), updatedAt: '2026-12-01T18:00:00Z' }),
    });
    render(Ending);
    await screen.findByTestId('ending-plan-form');
    await user.click(screen.getByTestId('ep-add-warningSigns'));
    expect(screen.getByTestId('ep-warningSigns-1')).toHaveFocus();
    await user.keyboard('  Not sleeping ');
    // Enter moves to a new line; it does not save half-written.
    await user.keyboard('{Enter}');
    expect(screen.getByTestId('ep-warningSigns-2')).toHaveFocus();
    await user.keyboard('Staying in');
    await user.click(screen.getByTestId('ep-add-contacts'));
    await user.keyboard('Dr K');
    await user.click(screen.getByTestId('ep-add-comeBackIf'));
    await user.keyboard('<i>two weeks</i>');
    await user.click(screen.getByTestId('ep-add-changes'));
    await user.click(screen.getByTestId('ep-monthly'));
    expect(b.called('ending_plan_save')).toHaveLength(0);
    await user.click(screen.getByTestId('ep-save'));
    await waitFor(() => expect(b.called('ending_plan_save')).toHaveLength(1));
    expect(b.called('ending_plan_save')[0].args.plan).toEqual({
      changes: [],
      warningSigns: ['Not sleeping', 'Staying in'],
      ifTheyComeBack: [],
      contacts: ['Dr K'],
      comeBackIf: ['<i>two weeks</i>'],
      monthlyCheckIn: true,
      updatedAt: null,
    });
    const view = await screen.findByTestId('ending-plan-view');
    expect(within(view).getByTestId('ending-plan-view-comeBackIf')).toHaveTextContent('<i>two weeks</i>');
    expect(view.querySelector('i')).toBeNull();
    expect(screen.getByTestId('ep-saved')).toHaveTextContent('Saved on December 1, 2026');
    expect(screen.getByTestId('ep-monthly-state')).toHaveTextContent(t('ending.plan.monthly.on'));
    await user.click(screen.getByTestId('ep-edit'));
    expect(screen.getByTestId('ep-warningSigns-1')).toHaveValue('Not sleeping');
  });

  it('saves the plan as a PDF made by the core, where the patient chose', async () => {
    const user = userEvent.setup();
    const print = vi.spyOn(window, 'print').mockImplementation(() => {});
    const b = mockBackend({
      ending_review: () => emptyReview(),
      ending_plan_get: () => plan,
      'plugin:dialog|save': () => '/home/me/after.pdf',
      ending_plan_save_pdf: () => 1500,
    });
    render(Ending);
    await screen.findByTestId('ending-plan-view');
    expect(screen.queryByTestId('ep-print')).toBeNull();
    await user.click(screen.getByTestId('ep-pdf-save'));
    expect(await screen.findByTestId('ep-pdf-done')).toHaveTextContent(t('pdf.done', { path: '/home/me/after.pdf' }));
    const dialog = b.called('plugin:dialog|save')[0].args as { options: { title: string } };
    expect(dialog.options.title).toBe(t('ending.plan.pdfTitle'));
    expect(b.called('ending_plan_save_pdf').map((c) => c.args)).toEqual([{ path: '/home/me/after.pdf' }]);
    expect(print).not.toHaveBeenCalled();
  });

  it('keeps every word when a save is refused, and says why', async () => {
    const user = userEvent.setup();
    mockBackend({
      ending_review: () => emptyReview(),
      ending_plan_get: () => emptyEndingPlan(),
      ending_plan_save: () => {
        throw { code: 'TooMany', message: 'x', limit: 20 };
      },
    });
    render(Ending);
    await user.click(await screen.findByTestId('ep-add-changes'));
    await user.keyboard('I laugh more');
    await user.click(screen.getByTestId('ep-save'));
    expect(await screen.findByTestId('ep-error')).toHaveTextContent(t('ending.plan.tooMany', { limit: '20' }));
    expect(screen.getByTestId('ep-changes-1')).toHaveValue('I laugh more');
    expect(planErrorText(new AppError('TooLong', 'x', null, 500))).not.toBe('');
  });
});

async function answerAll(user: UserEvent, answers: number[]) {
  for (let i = 0; i < answers.length; i++) await user.click(await screen.findByTestId(`phq9-item-${i + 1}-${answers[i]}`));
}

function followUpBackend(p: EndingPlan = plan) {
  return mockBackend({
    ending_plan_get: () => p,
    ending_follow_ups_list: () => [],
    checkins_questionnaire: ({ kind }) => text(kind as Questionnaire),
    ending_follow_up_due: () => ({ due: false, nextDate: '2027-02-20' }),
    ending_follow_up_save: ({ input }) => {
      const i = input as FollowUpInput;
      const checkIn = scored(i.answers, i.difficulty);
      return {
        id: 1,
        takenOn: i.today,
        checkIn,
        signsNoticed: i.signsNoticed,
        signsReturned: i.signsNoticed.length > 0 || (checkIn.score ?? 0) >= 10,
      };
    },
  });
}

describe('the monthly follow-up', () => {
  it('asks about the patient’s own signs, saves them with the PHQ-9, and shows their plan when signs returned', async () => {
    const user = userEvent.setup();
    const b = followUpBackend();
    const onDone = vi.fn();
    render(FollowUpPage, { onDone });
    const signs = await screen.findByTestId('fu-signs');
    expect(signs).toHaveTextContent(t('followUp.signs.question'));
    expect(within(signs).getAllByRole('checkbox')).toHaveLength(2);
    await user.click(screen.getByTestId('fu-sign-2'));
    await answerAll(user, [0, 1, 0, 1, 0, 0, 0, 0, 0]);
    await user.click(screen.getByTestId('checkin-save'));
    await waitFor(() => expect(b.called('ending_follow_up_save')).toHaveLength(1));
    const sent = b.called('ending_follow_up_save')[0].args.input as FollowUpInput;
    expect(sent.signsNoticed).toEqual(['Lying awake past 3']);
    expect(sent.answers).toEqual([0, 1, 0, 1, 0, 0, 0, 0, 0]);
    expect(sent.today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // Saved once, through the follow-up (not as a separate check-in).
    expect(b.called('checkins_save')).toHaveLength(0);

    const result = await screen.findByTestId('fu-result');
    expect(result).toHaveAttribute('data-returned', 'true');
    expect(screen.getByTestId('fu-returned')).toHaveTextContent(t('followUp.result.returned'));
    expect(screen.getByTestId('fu-noticed')).toHaveTextContent('Lying awake past 3');
    const view = screen.getByTestId('fu-plan-view');
    expect(view).toHaveTextContent('Walk every morning');
    expect(view).toHaveTextContent('Call my sister');
    expect(view).toHaveTextContent('Dr K, 555 0199');
    expect(view).toHaveTextContent('Two weeks of bad sleep');
    // Only what helps now: not the "what changed" list.
    expect(view).not.toHaveTextContent('I ask for help now');
    expect(screen.getByTestId('fu-contact')).toHaveTextContent(/therapist or doctor/);
    expect(screen.getByTestId('fu-next')).toHaveTextContent('February 20, 2027');
    expect(screen.queryByTestId('item9-help')).toBeNull();
    await user.click(screen.getByTestId('fu-done'));
    expect(onDone).toHaveBeenCalled();
  });

  it('with no sign and a low score: a kind word, no plan', async () => {
    const user = userEvent.setup();
    followUpBackend();
    render(FollowUpPage, { onDone: () => {} });
    await answerAll(user, [0, 0, 1, 0, 0, 0, 0, 0, 0]);
    await user.click(screen.getByTestId('checkin-save'));
    expect(await screen.findByTestId('fu-calm')).toHaveTextContent(t('followUp.result.calm'));
    expect(screen.queryByTestId('fu-plan')).toBeNull();
  });

  it('item 9 above 0 shows the check-ins’ own help in the form and on the result, and the form still saves', async () => {
    const user = userEvent.setup();
    const b = followUpBackend();
    render(FollowUpPage, { onDone: () => {} });
    await answerAll(user, [0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(await screen.findByTestId('item9-help-form')).toHaveTextContent(t('checkins.item9.noOne'));
    // Not blocked: the save button works.
    expect(screen.getByTestId('checkin-save')).toBeEnabled();
    await user.click(screen.getByTestId('checkin-save'));
    await waitFor(() => expect(b.called('ending_follow_up_save')).toHaveLength(1));
    const help = await screen.findByTestId('item9-help');
    expect(help).toHaveTextContent(t('checkins.item9.title'));
    expect(screen.getByTestId('fu-result')).toBeInTheDocument();
  });

  it('without written signs it says where to add them, and the questions still work', async () => {
    followUpBackend(emptyEndingPlan());
    render(FollowUpPage, { onDone: () => {} });
    expect(await screen.findByTestId('fu-no-signs')).toHaveTextContent(t('followUp.signs.none'));
    expect(await screen.findByTestId('checkin-form')).toBeInTheDocument();
  });
});

describe('the Home card', () => {
  const overview = (phase: string) => ({
    sessionNumber: phase === 'completed' ? null : 11,
    plannedSessions: 12,
    phase,
    nextSessionDate: phase === 'completed' ? null : '2027-01-05',
    sessionTime: '17:30',
  });

  function renderCard(phase: string, due: { due: boolean; nextDate: string } | null, monthlyCheckIn = true) {
    const onOpenEnding = vi.fn();
    const onOpenFollowUp = vi.fn();
    mockBackend({
      course_overview: () => overview(phase),
      ending_follow_up_due: () => due,
      ending_plan_get: () => ({ ...plan, monthlyCheckIn }),
    });
    render(EndingCard, { onOpenEnding, onOpenFollowUp });
    return { onOpenEnding, onOpenFollowUp };
  }

  it('in the last sessions: getting ready, with a way to the page', async () => {
    const user = userEvent.setup();
    const { onOpenEnding } = renderCard('termination', null);
    const card = await screen.findByTestId('ending-card');
    expect(card).toHaveTextContent(t('ending.card.termination.title'));
    await user.click(screen.getByTestId('ending-card-open'));
    expect(onOpenEnding).toHaveBeenCalled();
  });

  it('after the course: the monthly check-in when it is due', async () => {
    const user = userEvent.setup();
    const { onOpenFollowUp } = renderCard('completed', { due: true, nextDate: '2027-01-20' });
    expect(await screen.findByTestId('ending-card')).toHaveAttribute('data-state', 'due');
    await user.click(screen.getByTestId('ending-card-start'));
    expect(onOpenFollowUp).toHaveBeenCalled();
  });

  it('after the course, not yet due: only when the next one will be', async () => {
    renderCard('completed', { due: false, nextDate: '2027-02-20' });
    expect(await screen.findByTestId('ending-card-next')).toHaveTextContent('February 20, 2027');
    expect(screen.queryByTestId('ending-card-start')).toBeNull();
  });

  it('shows nothing when the patient turned the check-in off, or in the middle of the course', async () => {
    renderCard('completed', { due: false, nextDate: '2027-02-20' }, false);
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByTestId('ending-card')).toBeNull();
    document.body.innerHTML = '';
    renderCard('middle', null);
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByTestId('ending-card')).toBeNull();
  });
});
