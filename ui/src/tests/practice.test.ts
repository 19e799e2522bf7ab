import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import Runner from '../lib/features/practice/Runner.svelte';
import RunReview from '../lib/features/practice/RunReview.svelte';
import AnalysisForm from '../lib/features/practice/AnalysisForm.svelte';
import ScenarioEditor from '../lib/features/practice/ScenarioEditor.svelte';
import Library from '../lib/features/practice/Library.svelte';
import Decisions from '../lib/features/practice/Decisions.svelte';
import EntryDetail from '../lib/features/journal/EntryDetail.svelte';
import { mockBackend } from './ipcMock';
import { t } from '../lib/i18n';
import type { CommunicationAnalysis, CommunicationAnalysisInput, RolePlayRun, Scenario } from '../lib/ipc';

const scenario: Scenario = {
  key: 'custom:1',
  title: 'Asking Sam',
  area: 'roleDispute',
  audience: 'adult',
  setting: 'Kitchen',
  other: 'Sam',
  personId: 4,
  aim: 'Share the shop',
  suggestedReply: 'Could you do the Tuesday shop?',
  start: 'start',
  steps: [],
  endings: [],
};

const run = (over: Partial<RolePlayRun> = {}): RolePlayRun => ({
  id: 7,
  scenarioKey: 'custom:1',
  title: 'Asking Sam',
  line: 'What now?',
  tip: 'Say how you feel, then ask for one thing.',
  ending: null,
  turns: [],
  confidenceBefore: 3,
  confidenceAfter: null,
  feltHard: '',
  startedAt: '2026-11-24T18:00:00Z',
  finishedAt: null,
  approachesUsed: [],
  trapsMet: [],
  trapsAvoided: [],
  plans: [],
  ...over,
});

describe('role-play runner', () => {
  it('starts from the chosen words, sends the reply with its approach, and follows the answer', async () => {
    const user = userEvent.setup();
    let current = run();
    const backend = mockBackend({
      practice_run: () => current,
      practice_scenario: () => scenario,
      practice_turn: ({ reply, approach }) => {
        current = run({
          line: null,
          tip: null,
          ending: { id: 'good', line: 'They took in what you said.', reflection: 'Clear words gave it room.' },
          turns: [{ otherLine: 'What now?', reply: reply as string, approach: approach as 'iStatement' }],
        });
        return current;
      },
      practice_finish: ({ confidenceAfter, feltHard }) => ({ ...current, confidenceAfter, feltHard, finishedAt: 'now' }),
    });
    const finished: number[] = [];
    render(Runner, { runId: 7, onFinished: (id: number) => finished.push(id) });
    expect(await screen.findByTestId('run-line')).toHaveTextContent('What now?');
    expect(screen.getByTestId('runner')).toHaveTextContent('Say how you feel, then ask for one thing.');
    await waitFor(() => expect(screen.getByTestId('run-reply')).toHaveValue('Could you do the Tuesday shop?'));
    expect(screen.getByTestId('run-send')).toBeDisabled();
    await user.click(screen.getByTestId('run-out-loud'));
    expect(screen.getByRole('status')).toHaveTextContent(t('runner.outLoud.note'));
    await user.click(screen.getByTestId('approach-specificRequest'));
    await user.click(screen.getByTestId('run-send'));
    expect(backend.called('practice_turn')[0].args).toEqual({ runId: 7, reply: 'Could you do the Tuesday shop?', approach: 'specificRequest' });
    expect(await screen.findByTestId('run-ending')).toHaveTextContent('They took in what you said.');
    expect(screen.getByTestId('run-transcript')).toHaveTextContent('Could you do the Tuesday shop?');
    await user.type(screen.getByTestId('confidence-after'), '7');
    await user.type(screen.getByTestId('felt-hard'), 'Starting');
    await user.click(screen.getByTestId('run-finish'));
    await waitFor(() => expect(finished).toEqual([7]));
    expect(backend.called('practice_finish')[0].args).toEqual({ runId: 7, confidenceAfter: 7, feltHard: 'Starting' });
  });

  it('shows the patient’s words and the other person’s lines as text', async () => {
    mockBackend({
      practice_run: () => run({ line: '<img src=x onerror=alert(1)>', turns: [{ otherLine: 'Hi', reply: '<b>bold?</b>', approach: 'blaming' }] }),
      practice_scenario: () => ({ ...scenario, suggestedReply: null }),
    });
    const { container } = render(Runner, { runId: 7, onFinished: () => {} });
    expect(await screen.findByTestId('run-line')).toHaveTextContent('<img src=x onerror=alert(1)>');
    expect(screen.getByTestId('run-transcript')).toHaveTextContent('<b>bold?</b>');
    expect(screen.getByTestId('run-transcript')).toHaveTextContent(t('approach.blaming'));
    expect(container.querySelector('img, b')).toBeNull();
  });
});

describe('run review and the real try', () => {
  it('shows approaches and traps, and plans the real try as a linked plan', async () => {
    const user = userEvent.setup();
    let planned = false;
    const review = () =>
      run({
        line: null,
        finishedAt: 'now',
        confidenceAfter: 7,
        ending: { id: 'good', line: 'x', reflection: 'Clear words gave it room.' },
        approachesUsed: ['iStatement', 'hinting'],
        trapsMet: ['hintingInsteadOfAsking'],
        trapsAvoided: ['goingSilent'],
        plans: planned
          ? [{ id: 3, what: 'Ask Sam on Sunday', area: 'roleDispute', personId: 4, personName: 'Sam', dueOn: '2026-11-29', status: 'planned', reflection: '', moodBefore: null, moodAfter: null, createdAt: '', updatedAt: '', scenarioKey: 'custom:1', runId: 7 }]
          : [],
      });
    const backend = mockBackend({
      practice_run: review,
      practice_scenario: () => scenario,
      practice_plan_try: () => {
        planned = true;
        return review().plans[0];
      },
    });
    render(RunReview, { runId: 7, onAgain: () => {} });
    expect(await screen.findByTestId('review-confidence')).toHaveTextContent('3 → 7');
    expect(screen.getByTestId('review-approaches')).toHaveTextContent(t('approach.iStatement'));
    expect(screen.getByTestId('review-avoided')).toHaveTextContent(t('trap.goingSilent'));
    expect(screen.getByTestId('review-met')).toHaveTextContent(t('trap.hintingInsteadOfAsking'));
    await waitFor(() => expect(screen.getByTestId('try-what')).toHaveValue(t('review.tryWhat.default', { title: 'Asking Sam' })));
    await user.clear(screen.getByTestId('try-what'));
    await user.type(screen.getByTestId('try-what'), 'Ask Sam on Sunday');
    await fireEvent.input(screen.getByTestId('try-due'), { target: { value: '2026-11-29' } });
    await user.click(screen.getByTestId('try-plan'));
    expect(await screen.findByTestId('try-planned')).toBeInTheDocument();
    expect(backend.called('practice_plan_try')[0].args).toMatchObject({
      runId: 7,
      input: { what: 'Ask Sam on Sunday', area: 'roleDispute', personId: 4, personName: null, dueOn: '2026-11-29' },
    });
    expect(await screen.findByTestId('review-plans')).toHaveTextContent('Ask Sam on Sunday');
  });
});

describe('communication analysis', () => {
  it('saves the worksheet with traps and alternatives, then hands the chosen one to practice', async () => {
    const user = userEvent.setup();
    const backend = mockBackend({
      people_list: () => [{ id: 4, displayName: 'Sam' }],
      practice_save_analysis: ({ id, input }) => ({ ...(input as object), id: id ?? 9, personName: 'Sam', scenarioKey: null, updatedAt: '' }),
    });
    const practised: CommunicationAnalysis[] = [];
    render(AnalysisForm, { onSaved: () => {}, onPractise: (a: CommunicationAnalysis) => practised.push(a) });
    await waitFor(() => expect(within(screen.getByTestId('analysis-person')).getByText('Sam')).toBeInTheDocument());
    await user.selectOptions(screen.getByTestId('analysis-person'), 'Sam');
    await user.type(screen.getByTestId('analysis-said'), 'You never help.');
    await user.type(screen.getByTestId('analysis-they-said'), 'That is not fair.');
    await user.type(screen.getByTestId('analysis-wanted'), 'Help with the shop');
    await user.click(screen.getByTestId('trap-allOrNothingWords'));
    await user.type(screen.getByTestId('alternative-0'), 'I am worn out.');
    await user.click(screen.getByTestId('alternative-add'));
    await user.click(screen.getByTestId('alternative-add'));
    await user.type(screen.getByTestId('alternative-2'), 'Could you do Tuesdays?');
    expect(screen.getByTestId('analysis-practise')).toBeDisabled();
    await user.click(screen.getByTestId('choose-2'));
    await user.click(screen.getByTestId('analysis-practise'));
    await waitFor(() => expect(practised).toHaveLength(1));
    const input = backend.called('practice_save_analysis')[0].args.input as Record<string, unknown>;
    expect(input).toMatchObject({
      personId: 4,
      whatISaid: 'You never help.',
      traps: ['allOrNothingWords'],
      alternatives: ['I am worn out.', 'Could you do Tuesdays?'],
      chosen: 1,
    });
  });

  it('a scenario made from it starts from its words', async () => {
    const user = userEvent.setup();
    const backend = mockBackend({
      people_list: () => [{ id: 4, displayName: 'Sam' }],
      practice_save_scenario: ({ input }) => ({ ...scenario, ...(input as object), key: 'custom:2' }),
    });
    const from: CommunicationAnalysis = {
      id: 9, occurredOn: '2026-11-22', personId: 4, personName: 'Sam', setting: 'Kitchen', whoStarted: 'me',
      whatISaid: '', howISaidIt: '', whatTheySaid: 'That is not fair.', feltThen: '', feltAfter: '', wanted: 'Help with the shop',
      whatHappened: '', traps: [], alternatives: ['I am worn out.', 'Could you do Tuesdays?'], chosen: 1, sourceEvent: null,
      scenarioKey: null, updatedAt: '',
    };
    const saved: string[] = [];
    render(ScenarioEditor, { from, onSaved: (k: string) => saved.push(k) });
    expect(screen.getByTestId('editor-opening')).toHaveValue('That is not fair.');
    expect(screen.getByTestId('editor-suggested')).toHaveValue('Could you do Tuesdays?');
    expect(screen.getByTestId('editor-title')).toHaveValue(t('editor.defaultTitle', { name: 'Sam' }));
    await user.type(screen.getByTestId('editor-if-open'), 'Okay, Tuesdays.');
    await user.type(screen.getByTestId('editor-if-tense'), 'Here we go.');
    await user.type(screen.getByTestId('editor-if-distant'), 'Right.');
    await user.click(screen.getByTestId('editor-save'));
    await waitFor(() => expect(saved).toEqual(['custom:2']));
    expect(backend.called('practice_save_scenario')[0].args).toMatchObject({
      key: null,
      input: { personId: 4, analysisId: 9, aim: 'Help with the shop', suggestedReply: 'Could you do Tuesdays?' },
    });
  });
});

describe('library and decisions', () => {
  it('filters built-in scenarios by area and lists my own', async () => {
    const user = userEvent.setup();
    mockBackend({
      practice_library: () => [
        { key: 'builtin:a', title: 'Grief one', area: 'grief', audience: 'olderAdult', other: 'x', builtIn: true, runs: 0 },
        { key: 'builtin:b', title: 'Dispute one', area: 'roleDispute', audience: 'teen', other: 'x', builtIn: true, runs: 2 },
        { key: 'custom:1', title: 'Mine', area: 'roleDispute', audience: 'adult', other: 'Sam', builtIn: false, runs: 1 },
      ],
    });
    render(Library, { onOpen: () => {}, onNew: () => {} });
    const builtin = await screen.findByTestId('scenarios-builtin');
    await waitFor(() => expect(within(builtin).getAllByTestId('scenario-item')).toHaveLength(2));
    expect(builtin).toHaveTextContent(t('practice.runs', { n: 2 }));
    expect(within(screen.getByTestId('scenarios-mine')).getByText('Mine')).toBeInTheDocument();
    await user.selectOptions(screen.getByTestId('library-area'), t('area.grief'));
    expect(within(builtin).getAllByTestId('scenario-item')).toHaveLength(1);
    expect(builtin).toHaveTextContent(t('audience.olderAdult'));
  });

  it('weighs a decision and shows a refusal calmly', async () => {
    const user = userEvent.setup();
    let fail = true;
    const backend = mockBackend({
      practice_decisions: () => [],
      practice_save_decision: ({ input }) => {
        if (fail) throw { code: 'InvalidInput', message: 'describe the situation first' };
        return { id: 1, input, updatedAt: '' };
      },
    });
    render(Decisions);
    await user.type(screen.getByTestId('decision-situation'), 'Move or stay');
    await user.type(screen.getByTestId('decision-option-0'), 'Move');
    await user.click(screen.getByTestId('decision-add-option'));
    await user.type(screen.getByTestId('decision-option-1'), 'Stay');
    await user.click(screen.getByTestId('decision-choose-1'));
    await user.click(screen.getByTestId('decision-save'));
    expect(await screen.findByTestId('decision-error')).toHaveTextContent(t('error.InvalidInput'));
    fail = false;
    await user.click(screen.getByTestId('decision-save'));
    expect(await screen.findByTestId('decision-saved')).toBeInTheDocument();
    expect(backend.called('practice_save_decision')[1].args.input).toMatchObject({
      situation: 'Move or stay',
      options: [{ text: 'Move' }, { text: 'Stay' }],
      choice: 1,
    });
  });
});

describe('from a journal moment', () => {
  it('an event in an entry opens the worksheet started from its words', async () => {
    const user = userEvent.setup();
    mockBackend({
      journal_get: () => ({
        id: 12, occurredAt: '2026-11-22T21:00:00+00:00', day: '2026-11-22', mood: 3, emotions: [], customEmotions: [],
        text: 'Hard evening', tags: [], pinned: false, createdAt: '', updatedAt: '', deletedAt: null,
        events: [
          { id: 40, personId: null, personName: null, whatHappened: 'Quiet dinner', whatIFelt: '', whatIDid: '', howItEnded: '', important: false },
          { id: 41, personId: 4, personName: 'Sam', whatHappened: 'We argued about the shop', whatIFelt: 'unheard', whatIDid: 'I shouted', howItEnded: '', important: true },
        ],
      }),
    });
    const seeds: Partial<CommunicationAnalysisInput>[] = [];
    render(EntryDetail, { id: 12, onEdit: () => {}, onTrashed: () => {}, onBack: () => {}, onAnalyse: (s: Partial<CommunicationAnalysisInput>) => seeds.push(s) });
    const buttons = await screen.findAllByTestId('detail-analyse');
    await user.click(buttons[1]);
    expect(seeds).toEqual([
      { occurredOn: '2026-11-22', personId: 4, whatHappened: 'We argued about the shop', feltThen: 'unheard', whatISaid: 'I shouted', sourceEvent: 'event:12:1' },
    ]);
  });

  it('the worksheet keeps where it started', async () => {
    const user = userEvent.setup();
    const backend = mockBackend({
      people_list: () => [{ id: 4, displayName: 'Sam' }],
      practice_save_analysis: ({ input }) => ({ ...(input as object), id: 1, personName: 'Sam', scenarioKey: null, updatedAt: '' }),
    });
    render(AnalysisForm, {
      seed: { occurredOn: '2026-11-22', personId: 4, whatHappened: 'We argued', feltThen: 'unheard', sourceEvent: 'event:12:1' },
      onSaved: () => {},
      onPractise: () => {},
    });
    expect(screen.getByTestId('analysis-form')).toHaveTextContent(t('analysis.fromJournal'));
    expect(screen.getByTestId('analysis-happened')).toHaveValue('We argued');
    await waitFor(() => expect(screen.getByTestId('analysis-person')).toHaveValue('4'));
    await user.click(screen.getByTestId('analysis-save'));
    await waitFor(() => expect(backend.called('practice_save_analysis')).toHaveLength(1));
    expect(backend.called('practice_save_analysis')[0].args).toMatchObject({
      id: null,
      input: { occurredOn: '2026-11-22', personId: 4, feltThen: 'unheard', sourceEvent: 'event:12:1' },
    });
  });
});
