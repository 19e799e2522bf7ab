// Check-ins (issue 12, the UI): the PHQ-9 and GAD-7 by keyboard, the result in plain words, the
// calm inline help when the PHQ-9's last question is answered above 0, and the history.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import CheckIns from '../lib/features/checkins/CheckIns.svelte';
import { latestSummary, newestFirst } from '../lib/features/checkins/words';
import { fullDate } from '../lib/dates';
import { en } from '../lib/i18n/catalogs';
import { t } from '../lib/i18n';
import { mockBackend } from './ipcMock';
import type { Band, CheckIn, CheckInInput, Questionnaire, QuestionnaireText } from '../lib/ipc';

type UserEvent = ReturnType<typeof userEvent.setup>;

afterEach(() => vi.restoreAllMocks());

function languages(list: string[]) {
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(list);
  vi.spyOn(navigator, 'language', 'get').mockReturnValue(list[0] ?? '');
}

// Stand-in wording: the published wording is the core's, and the UI shows whatever it is sent.
const OPTIONS = ['Opt none', 'Opt some', 'Opt half', 'Opt nearly'].map((label, value) => ({ value, label }));
const text = (kind: Questionnaire): QuestionnaireText => ({
  kind,
  title: kind === 'phq9' ? 'Test PHQ-9 title' : 'Test GAD-7 title',
  instructions: `Instructions for ${kind}`,
  items: Array.from({ length: kind === 'phq9' ? 9 : 7 }, (_, i) => `${kind} question ${i + 1}`),
  options: OPTIONS,
  difficulty: kind === 'phq9' ? { question: 'How hard has it been?', options: ['D0', 'D1', 'D2', 'D3'] } : null,
});

/** The core's rules, in small: at most two blank are prorated; more, no total. */
function scored(id: number, input: CheckInInput, takenAt = '2026-12-01T18:00:00Z'): CheckIn {
  const n = input.answers.length;
  const answered = input.answers.filter((a): a is number => a !== null);
  const blank = n - answered.length;
  const sum = answered.reduce((a, b) => a + b, 0);
  const score = blank > 2 ? null : blank === 0 ? sum : Math.round((sum / answered.length) * n);
  const cuts: [number, Band][] =
    input.kind === 'phq9'
      ? [[20, 'severe'], [15, 'moderatelySevere'], [10, 'moderate'], [5, 'mild'], [0, 'minimal']]
      : [[15, 'severe'], [10, 'moderate'], [5, 'mild'], [0, 'minimal']];
  const band = score === null ? null : (cuts.find(([min]) => score >= min)?.[1] ?? null);
  return {
    id,
    kind: input.kind,
    takenAt,
    answers: input.answers,
    difficulty: input.difficulty,
    score,
    prorated: score !== null && blank > 0,
    band,
    item9: input.kind === 'phq9' ? input.answers[8] : null,
  };
}

function backend(initial: CheckIn[] = []) {
  const stored = [...initial];
  const b = mockBackend({
    checkins_questionnaire: ({ kind }) => text(kind as Questionnaire),
    checkins_list: () => newestFirst(stored),
    checkins_save: ({ input }) => {
      const c = scored(100 + stored.length, input as CheckInInput, new Date().toISOString());
      stored.push(c);
      return c;
    },
  });
  return { ...b, stored };
}

async function openForm(user: UserEvent, kind: Questionnaire) {
  await user.click(await screen.findByTestId(`checkin-start-${kind}`));
  await screen.findByTestId(`${kind}-item-1`);
}

/**
 * Answers by keyboard only: Tab to each question's radio group, Space to choose the first answer,
 * then the arrow key to the wanted one. `null` leaves the question blank (Tab goes past it).
 */
async function answerByKeyboard(user: UserEvent, name: string, value: number | null) {
  if (value === null) return;
  for (let i = 0; i < 40; i++) {
    const el = document.activeElement as HTMLInputElement | null;
    if (el?.type === 'radio' && el.name === name) break;
    await user.tab();
  }
  const el = document.activeElement as HTMLInputElement;
  expect(el.name).toBe(name);
  await user.keyboard(' ');
  for (let i = 0; i < value; i++) await user.keyboard('{ArrowDown}');
  expect((document.activeElement as HTMLInputElement).value).toBe(String(value));
  expect((document.activeElement as HTMLInputElement).checked).toBe(true);
}

async function clickAnswers(user: UserEvent, kind: Questionnaire, answers: (number | null)[]) {
  for (const [i, v] of answers.entries()) {
    if (v !== null) await user.click(screen.getByTestId(`${kind}-item-${i + 1}-${v}`));
  }
}

describe('the PHQ-9 form', () => {
  it('is answered by keyboard alone, saved, and shows the score, what it usually means and the therapist line', async () => {
    const user = userEvent.setup();
    const b = backend();
    render(CheckIns);
    // Choosing is a button: Enter works.
    (await screen.findByTestId('checkin-start-phq9')).focus();
    await user.keyboard('{Enter}');
    const form = await screen.findByTestId('checkin-form');
    await within(form).findByText('Instructions for phq9');
    expect(form).toHaveTextContent(t('checkins.blankOk'));
    expect(screen.getByTestId('checkin-form-name')).toHaveTextContent('Test PHQ-9 title');
    // One group per question, named by its legend.
    const groups = within(form).getAllByRole('group');
    expect(groups).toHaveLength(10);
    expect(within(form).getByRole('group', { name: /phq9 question 1$/ })).toBeInTheDocument();
    expect(within(form).getByRole('group', { name: /How hard has it been\?/ })).toBeInTheDocument();

    const answers = [1, 1, 2, 1, 0, 1, 1, 0, 0];
    for (const [i, v] of answers.entries()) await answerByKeyboard(user, `phq9-item-${i + 1}`, v);
    await answerByKeyboard(user, 'phq9-difficulty', 1);
    // Item 9 is 0: no help card in the form.
    expect(screen.queryByTestId('item9-help-form')).toBeNull();

    // Save, by keyboard too.
    screen.getByTestId('checkin-save').focus();
    await user.keyboard('{Enter}');
    const result = await screen.findByTestId('checkin-result');
    expect(b.called('checkins_save')[0].args.input).toEqual({ kind: 'phq9', answers, difficulty: 1 });
    expect(screen.getByTestId('checkin-score')).toHaveTextContent('Your score: 7');
    expect(screen.queryByTestId('checkin-prorated')).toBeNull();
    expect(result).toHaveTextContent(t('checkins.meaning.title'));
    expect(screen.getByTestId('checkin-meaning')).toHaveTextContent(t('checkins.meaning.phq9.mild'));
    expect(screen.getByTestId('checkin-therapist')).toHaveTextContent(
      'Talk it over with your therapist — they can tell you what it means for you.',
    );
    // No help card for item 9 = 0; the result itself is read first.
    expect(screen.queryByTestId('item9-help')).toBeNull();
    expect(document.activeElement).toBe(result);
    // And it is in the history.
    const history = screen.getByTestId('checkin-history-list');
    await waitFor(() => expect(within(history).getAllByTestId('checkin-history-item')).toHaveLength(1));
    expect(within(history).getByTestId('checkin-history-score')).toHaveTextContent('Score 7 (mild range)');
    expect(within(history).queryByTestId('checkin-history-item9')).toBeNull();
  });

  it('lets a chosen answer be cleared, and sends blanks as null (never 0)', async () => {
    const user = userEvent.setup();
    const b = backend();
    render(CheckIns);
    await openForm(user, 'phq9');
    await clickAnswers(user, 'phq9', [0, 1, 2, 3, 0, 1, 2, 3, 0]);
    await user.click(screen.getByTestId('phq9-item-2-clear'));
    expect(screen.getByTestId('phq9-item-2-1')).not.toBeChecked();
    await user.click(screen.getByTestId('checkin-save'));
    await screen.findByTestId('checkin-result');
    expect(b.called('checkins_save')[0].args.input).toEqual({
      kind: 'phq9',
      answers: [0, null, 2, 3, 0, 1, 2, 3, 0],
      difficulty: null,
    });
    // One blank: the total is estimated from the others, and says so.
    expect(screen.getByTestId('checkin-score')).toHaveTextContent('Your score: 12');
    expect(screen.getByTestId('checkin-prorated')).toHaveTextContent('estimated from the questions you answered');
    expect(screen.getByTestId('checkin-meaning')).toHaveTextContent(t('checkins.meaning.phq9.moderate'));
  });

  it('with more than two blank: no total, still saved, and the therapist line', async () => {
    const user = userEvent.setup();
    const b = backend();
    render(CheckIns);
    await openForm(user, 'phq9');
    await clickAnswers(user, 'phq9', [1, 1, null, null, null, 2, 0, 1, 0]);
    // Said before saving, gently.
    expect(screen.getByTestId('checkin-many-blank')).toBeInTheDocument();
    await user.click(screen.getByTestId('checkin-save'));
    expect(await screen.findByTestId('checkin-no-total')).toHaveTextContent('Not enough questions were answered for a total');
    expect(b.called('checkins_save')).toHaveLength(1);
    expect(screen.queryByTestId('checkin-score')).toBeNull();
    expect(screen.queryByTestId('checkin-meaning')).toBeNull();
    expect(screen.getByTestId('checkin-therapist')).toBeInTheDocument();
    const history = screen.getByTestId('checkin-history-list');
    await waitFor(() => expect(within(history).getByTestId('checkin-history-score')).toHaveTextContent(t('checkins.history.noTotal')));
  });

  it('can be left, and the choice comes back', async () => {
    const user = userEvent.setup();
    const b = backend();
    render(CheckIns);
    await openForm(user, 'phq9');
    await user.click(screen.getByTestId('checkin-cancel'));
    expect(await screen.findByTestId('checkin-start-phq9')).toHaveFocus();
    expect(b.called('checkins_save')).toHaveLength(0);
  });

  it('shows an error calmly and keeps the answers', async () => {
    const user = userEvent.setup();
    mockBackend({
      checkins_questionnaire: ({ kind }) => text(kind as Questionnaire),
      checkins_list: () => [],
      checkins_save: () => {
        throw { code: 'DiskFull', message: 'disk full' };
      },
    });
    render(CheckIns);
    await openForm(user, 'phq9');
    await user.click(screen.getByTestId('phq9-item-1-2'));
    await user.click(screen.getByTestId('checkin-save'));
    expect(await screen.findByTestId('checkin-error')).toHaveTextContent(t('error.DiskFull'));
    expect(screen.getByTestId('phq9-item-1-2')).toBeChecked();
  });
});

describe('the PHQ-9’s last question answered above 0', () => {
  it('shows calm help in the form at once, without blocking it', async () => {
    languages(['en-US']);
    const user = userEvent.setup();
    const b = backend();
    render(CheckIns);
    await openForm(user, 'phq9');
    await user.click(screen.getByTestId('phq9-item-9-1'));
    const inForm = await screen.findByTestId('item9-help-form');
    expect(inForm).toHaveTextContent('988');
    expect(inForm).toHaveTextContent(/tells no one/);
    expect(inForm).not.toHaveAttribute('role', 'alert');
    // Focus stays with the question; the rest of the form is still there and works.
    expect(screen.getByTestId('phq9-item-9-1')).toHaveFocus();
    expect(screen.getByTestId('phq9-difficulty-0')).toBeEnabled();
    await user.click(screen.getByTestId('phq9-difficulty-2'));
    expect(screen.getByTestId('checkin-save')).toBeEnabled();
    // Back to 0: the card goes.
    await user.click(screen.getByTestId('phq9-item-9-0'));
    expect(screen.queryByTestId('item9-help-form')).toBeNull();
    await user.click(screen.getByTestId('phq9-item-9-2'));
    await user.click(screen.getByTestId('checkin-save'));
    await screen.findByTestId('checkin-result');
    expect(b.called('checkins_save')[0].args.input).toMatchObject({ difficulty: 2 });
  });

  it('shows the help with the crisis lines on the result, focused, before the score, and says the app tells no one', async () => {
    languages(['en-GB']);
    const user = userEvent.setup();
    backend();
    render(CheckIns);
    await openForm(user, 'phq9');
    await clickAnswers(user, 'phq9', [2, 2, 1, 1, 1, 2, 1, 0, 1]);
    await user.click(screen.getByTestId('checkin-save'));
    const help = await screen.findByTestId('item9-help');
    // A region with a heading (not an alert), focused as it appears.
    expect(help.tagName).toBe('SECTION');
    expect(help).not.toHaveAttribute('role', 'alert');
    expect(screen.getByRole('region', { name: t('checkins.item9.title') })).toBe(help);
    await waitFor(() => expect(help).toHaveFocus());
    // Before the score.
    const result = screen.getByTestId('checkin-result');
    expect(help.compareDocumentPosition(result) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(help).toHaveTextContent(t('checkins.item9.title'));
    // The guessed country's line first (from the shared crisis-line data), then the others.
    const lines = help.querySelectorAll('[data-country]');
    expect(lines[0].getAttribute('data-country')).toBe('GB');
    expect(within(help).getByTestId('item9-line-GB')).toHaveTextContent('Samaritans');
    expect(within(help).getByTestId('item9-line-GB')).toHaveTextContent('116 123');
    expect(within(help).getByTestId('item9-line-US')).toHaveTextContent('988');
    expect(within(help).getByTestId('item9-emergency')).toHaveTextContent('999 or 112');
    expect(help).toHaveTextContent(/therapist/);
    expect(within(help).getByTestId('item9-no-one')).toHaveTextContent(/This app tells no one/);
    // The score is still shown, below.
    expect(screen.getByTestId('checkin-score')).toHaveTextContent('Your score: 11');
    // The history marks it, discreetly.
    await waitFor(() => expect(screen.getByTestId('checkin-history-item9')).toHaveTextContent(t('checkins.history.item9')));
  });

  it('without a known country, lists every line and what to do anywhere else', async () => {
    languages(['en']);
    const user = userEvent.setup();
    backend();
    render(CheckIns);
    await openForm(user, 'phq9');
    await clickAnswers(user, 'phq9', [0, 0, 0, 0, 0, 0, 0, 0, 3]);
    await user.click(screen.getByTestId('checkin-save'));
    const help = await screen.findByTestId('item9-help');
    expect(help.querySelectorAll('[data-country]')).toHaveLength(7);
    expect(within(help).getByTestId('item9-emergency')).toHaveTextContent(t('checkins.item9.danger'));
    expect(help).toHaveTextContent(t('help.local.detail'));
  });

  it('is not shown when it is answered 0, or for the GAD-7', async () => {
    const user = userEvent.setup();
    backend();
    render(CheckIns);
    await openForm(user, 'phq9');
    await clickAnswers(user, 'phq9', [3, 3, 3, 3, 3, 3, 3, 3, 0]);
    await user.click(screen.getByTestId('checkin-save'));
    await screen.findByTestId('checkin-result');
    expect(screen.queryByTestId('item9-help')).toBeNull();
    expect(screen.getByTestId('checkin-meaning')).toHaveTextContent(t('checkins.meaning.phq9.severe'));

    await user.click(screen.getByTestId('checkin-done'));
    await openForm(user, 'gad7');
    expect(screen.queryByTestId('gad7-difficulty')).toBeNull();
    await clickAnswers(user, 'gad7', [3, 3, 3, 3, 3, 3, 3]);
    expect(screen.queryByTestId('item9-help-form')).toBeNull();
    await user.click(screen.getByTestId('checkin-save'));
    await screen.findByTestId('checkin-result');
    expect(screen.queryByTestId('item9-help')).toBeNull();
    expect(screen.getByTestId('checkin-score')).toHaveTextContent('Your score: 21');
    expect(screen.getByTestId('checkin-meaning')).toHaveTextContent(t('checkins.meaning.gad7.severe'));
  });
});

describe('earlier check-ins', () => {
  const earlier: CheckIn[] = [
    scored(1, { kind: 'phq9', answers: [2, 2, 2, 2, 1, 1, 1, 1, 1], difficulty: 2 }, '2026-11-10T17:00:00Z'),
    scored(3, { kind: 'phq9', answers: [1, 1, 1, 1, 0, 0, 0, 0, 0], difficulty: null }, '2026-11-24T17:00:00Z'),
    scored(2, { kind: 'gad7', answers: [2, 2, 1, 1, 1, 1, 0], difficulty: null }, '2026-11-17T17:00:00Z'),
  ];

  it('lists them newest first, with the date, the score and its band in words, and the item-9 mention', async () => {
    // Whatever order the list arrives in.
    mockBackend({ checkins_list: () => [earlier[0], earlier[2], earlier[1]] });
    render(CheckIns);
    const list = await screen.findByTestId('checkin-history-list');
    await waitFor(() => expect(within(list).getAllByTestId('checkin-history-item')).toHaveLength(3));
    const items = within(list).getAllByTestId('checkin-history-item');
    expect(items.map((li) => li.getAttribute('data-id'))).toEqual(['3', '2', '1']);
    expect(items[0]).toHaveTextContent(fullDate('2026-11-24'));
    expect(items[0]).toHaveTextContent('Mood (PHQ-9)');
    expect(items[0]).toHaveTextContent('Score 4 (minimal range)');
    expect(items[1]).toHaveTextContent('Anxiety (GAD-7)');
    expect(items[1]).toHaveTextContent('Score 8 (mild range)');
    expect(items[2]).toHaveTextContent('Score 13 (moderate range)');
    expect(within(items[2]).getByTestId('checkin-history-item9')).toHaveTextContent('You mentioned thoughts of death or self-harm');
    expect(within(items[0]).queryByTestId('checkin-history-item9')).toBeNull();
    // One sentence for screen readers: the latest of each kind.
    const summary = screen.getByTestId('checkin-summary');
    expect(summary).toHaveClass('visually-hidden');
    expect(summary).toHaveTextContent(
      `Your latest check-ins: Mood (PHQ-9) on ${fullDate('2026-11-24')}, score 4, in the minimal range; Anxiety (GAD-7) on ${fullDate('2026-11-17')}, score 8, in the mild range.`,
    );
  });

  it('says so when there are none yet', async () => {
    mockBackend({ checkins_list: () => [] });
    render(CheckIns);
    expect(await screen.findByTestId('checkin-history-empty')).toBeInTheDocument();
    expect(latestSummary([])).toBe(t('checkins.summary.none'));
  });

  it('a new check-in goes to the top', async () => {
    const user = userEvent.setup();
    backend(earlier);
    render(CheckIns);
    await openForm(user, 'gad7');
    await clickAnswers(user, 'gad7', [0, 0, 0, 1, 0, 0, 0]);
    await user.click(screen.getByTestId('checkin-save'));
    await screen.findByTestId('checkin-result');
    const list = screen.getByTestId('checkin-history-list');
    await waitFor(() => expect(within(list).getAllByTestId('checkin-history-item')).toHaveLength(4));
    const first = within(list).getAllByTestId('checkin-history-item')[0];
    expect(first).toHaveAttribute('data-kind', 'gad7');
    expect(first).toHaveTextContent('Score 1 (minimal range)');
  });
});

describe('check-in wording', () => {
  const strings = Object.entries(en)
    .filter(([k]) => k.startsWith('checkins.'))
    .map(([, v]) => v as string);

  it('never diagnoses', () => {
    for (const s of strings) {
      expect(s).not.toMatch(/depress|disorder|diagnos|you have (anxiety|an? )|illness/i);
    }
  });

  it('every band of both questionnaires has plain words', () => {
    for (const band of ['minimal', 'mild', 'moderate', 'moderatelySevere', 'severe']) {
      expect(en[`checkins.meaning.phq9.${band}` as keyof typeof en]).toMatch(/usually mean/);
    }
    for (const band of ['minimal', 'mild', 'moderate', 'severe']) {
      expect(en[`checkins.meaning.gad7.${band}` as keyof typeof en]).toMatch(/usually mean/);
    }
  });
});
