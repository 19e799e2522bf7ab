// Clinical wording (issue 10): each test here fails on the wording it replaced.
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import CourseCard from '../lib/features/course/CourseCard.svelte';
import CourseCardsForm from '../lib/features/course/CourseCards.svelte';
import CourseFocusForm from '../lib/features/course/CourseFocus.svelte';
import CourseSessions from '../lib/features/course/CourseSessions.svelte';
import Welcome from '../lib/features/vault/Welcome.svelte';
import { DISPUTE_STAGE_PROMPTS, promptForDay, promptKeys } from '../lib/features/course/prompts';
import { en } from '../lib/i18n/catalogs';
import { t, type MessageKey } from '../lib/i18n';
import { mockBackend } from './ipcMock';

describe('the sick-role card', () => {
  const text = t('cards.sickRole.lead');

  it('names no diagnosis', () => {
    expect(text).not.toMatch(/depress|illness|disorder|anxiety/i);
  });

  it('says it is recognized and treatable, not their fault, and that some things can be eased for now', () => {
    expect(text).toMatch(/recogni[sz]ed/);
    expect(text).toMatch(/treated|treatable/);
    expect(text).toMatch(/not your fault/);
    expect(text).toMatch(/for now/);
    expect(text).toMatch(/ease/);
    expect(text).toMatch(/getting better/);
  });

  it('is what the card shows', async () => {
    mockBackend({ course_get_cards: () => ({ lettingGo: '', workingOn: '', sickRoleUntil: null, formulation: '' }) });
    render(CourseCardsForm);
    expect(await screen.findByTestId('course-cards')).toHaveTextContent(text);
  });
});

describe('a disagreement’s stage changes its prompts', () => {
  it('gives each stage its own prompts', () => {
    const r = promptKeys('roleDispute', 'renegotiation').map((k) => t(k));
    const i = promptKeys('roleDispute', 'impasse').map((k) => t(k));
    const d = promptKeys('roleDispute', 'dissolution').map((k) => t(k));
    expect(r).not.toEqual(i);
    expect(i).not.toEqual(d);
    expect(r).not.toEqual(d);
    expect(r).toEqual(expect.arrayContaining(['What each of us wants from the other', 'What I can ask for, in one clear sentence']));
    expect(i).toEqual(expect.arrayContaining(['What keeps us stuck', 'What would make talking possible again']));
    expect(d).toEqual(expect.arrayContaining(['What I am letting go of', 'What I will keep from what we had', 'Who else can support me']));
  });

  it('no longer asks what to ask for once the two are heading apart', () => {
    const d = promptKeys('roleDispute', 'dissolution');
    expect(d).not.toContain('prompt.roleDispute.4');
    expect(d.map((k) => t(k)).join(' ')).not.toMatch(/ask for/i);
    expect(promptKeys('roleDispute', 'impasse').map((k) => t(k)).join(' ')).not.toMatch(/ask for/i);
  });

  it('every stage prompt has words in the catalog', () => {
    for (const keys of Object.values(DISPUTE_STAGE_PROMPTS)) {
      for (const k of keys) expect(en[k]).toBeTruthy();
    }
  });

  it('shows the stage’s prompts in the focus form, and changes them with the stage', async () => {
    const user = userEvent.setup();
    mockBackend({ course_get_focus: () => [{ area: 'roleDispute', goals: '', disputeStage: 'renegotiation' }] });
    render(CourseFocusForm);
    const prompts = await screen.findByTestId('focus-prompts-roleDispute');
    await waitFor(() => expect(prompts).toHaveTextContent(t('prompt.roleDispute.renegotiation.2')));
    await user.selectOptions(screen.getByTestId('focus-stage'), t('stage.dissolution'));
    const now = screen.getByTestId('focus-prompts-roleDispute');
    expect(now).toHaveTextContent(t('prompt.roleDispute.dissolution.3'));
    expect(now).not.toHaveTextContent(t('prompt.roleDispute.4'));
  });

  it('today’s prompt on Home follows the stage too', () => {
    const days = Array.from({ length: 8 }, (_, i) => `2026-12-${String(i + 1).padStart(2, '0')}`);
    const keys = new Set(days.map((d) => promptForDay([{ area: 'roleDispute', disputeStage: 'impasse' }], d)));
    expect([...keys].sort()).toEqual([...DISPUTE_STAGE_PROMPTS.impasse].sort());
  });
});

describe('problem areas: one, at most two', () => {
  it('says so, and adds a gentle note when more than two are chosen (still allowed)', async () => {
    const user = userEvent.setup();
    const backend = mockBackend({ course_get_focus: () => [], course_save_focus: ({ focus }) => focus });
    render(CourseFocusForm);
    expect(await screen.findByTestId('course-focus')).toHaveTextContent(/at most two/);
    await user.click(screen.getByTestId('focus-grief'));
    await user.click(screen.getByTestId('focus-roleTransition'));
    expect(screen.queryByTestId('focus-many')).toBeNull();
    await user.click(screen.getByTestId('focus-interpersonalDeficits'));
    expect(screen.getByTestId('focus-many')).toHaveTextContent('Most courses focus on one or two of these. Your therapist will help you choose.');
    await user.click(screen.getByTestId('focus-save'));
    await waitFor(() => expect(backend.called('course_save_focus')).toHaveLength(1));
    expect(backend.called('course_save_focus')[0].args.focus).toHaveLength(3);
  });
});

describe('phases say what usually happens in them', () => {
  it('Home: "Session n of N" is the heading; the phase and what happens in it come under it', async () => {
    mockBackend({
      course_overview: () => ({ sessionNumber: 4, plannedSessions: 12, phase: 'middle', nextSessionDate: '2026-12-01', sessionTime: '17:30' }),
    });
    render(CourseCard, { onSetUp: () => {} });
    const heading = await screen.findByRole('heading', { name: 'Session 4 of 12' });
    expect(heading).toHaveAttribute('data-testid', 'course-session');
    expect(screen.queryByRole('heading', { name: t('phase.middle') })).toBeNull();
    expect(screen.getByTestId('course-phase')).toHaveTextContent(t('phase.middle'));
    expect(screen.getByTestId('course-phase-about')).toHaveTextContent(t('phase.middle.about'));
  });

  it('the last phase says mixed feelings about ending are normal', async () => {
    expect(t('phase.termination.about')).toMatch(/mixed feelings about ending are normal/i);
    mockBackend({
      course_overview: () => ({ sessionNumber: 11, plannedSessions: 12, phase: 'termination', nextSessionDate: '2026-12-01', sessionTime: '17:30' }),
    });
    render(CourseCard, { onSetUp: () => {} });
    expect(await screen.findByTestId('course-phase-about')).toHaveTextContent(/mixed feelings/i);
  });

  it('the course page explains each phase', async () => {
    mockBackend({ course_timeline: () => [{ number: 1, phase: 'initial', state: 'next', date: '2026-11-03' }] });
    render(CourseSessions);
    const phases = await screen.findByTestId('course-phases');
    for (const p of ['initial', 'middle', 'termination']) {
      expect(phases).toHaveTextContent(t(`phase.${p}` as MessageKey));
      expect(phases).toHaveTextContent(t(`phase.${p}.about` as MessageKey));
    }
  });

  it('the empty-course card has a title', async () => {
    mockBackend({ course_overview: () => null });
    render(CourseCard, { onSetUp: () => {} });
    await screen.findByTestId('course-set-up');
    expect(screen.getByRole('heading', { name: t('course.title') })).toBeInTheDocument();
  });
});

describe('after the last session', () => {
  it('points to the journal, plans and practice, and to the therapist for what comes next', async () => {
    const user = userEvent.setup();
    mockBackend({
      course_overview: () => ({ sessionNumber: null, plannedSessions: 12, phase: 'completed', nextSessionDate: null, sessionTime: '17:30' }),
    });
    const opened: string[] = [];
    render(CourseCard, {
      onSetUp: () => {},
      onOpenJournal: () => opened.push('journal'),
      onOpenPlans: () => opened.push('plans'),
      onOpenPractice: () => opened.push('practice'),
    });
    expect(await screen.findByTestId('course-completed')).toHaveTextContent('All 12 planned sessions are behind you.');
    const after = screen.getByTestId('course-after');
    expect(after).toHaveTextContent(/journal/);
    expect(after).toHaveTextContent(/plans/);
    expect(after).toHaveTextContent(/practice/);
    expect(after).toHaveTextContent(/therapist/);
    await user.click(screen.getByTestId('course-after-journal'));
    await user.click(screen.getByTestId('course-after-plans'));
    await user.click(screen.getByTestId('course-after-practice'));
    expect(opened).toEqual(['journal', 'plans', 'practice']);
  });
});

describe('privacy, said where a teen sees it', () => {
  it('Welcome says entries are readable only with the passphrase or keyring, parents included', () => {
    render(Welcome, { onStart: () => {} });
    const promise = t('welcome.promise.encrypted');
    expect(screen.getByText(promise)).toBeInTheDocument();
    expect(promise).toMatch(/passphrase/);
    expect(promise).toMatch(/keyring/);
    expect(promise).toMatch(/parents/);
    expect(promise).toMatch(/no one else/i);
  });
});

describe('one English: US', () => {
  const values = Object.values(en).join('\n');

  it('uses US spellings in the interface', () => {
    expect(values).not.toMatch(/\bpractis(e|ed|ing)\b/i);
    expect(values).not.toMatch(/\btowards\b|\bafterwards\b/i);
    expect(values).not.toMatch(/\bcolour|\bfavour|\bbehaviour|\brecognis|\borganis|\bapologis/i);
    expect(values).not.toMatch(/\bmum\b|\brubbish\b|\bmaths\b/i);
  });

  it('in the practice screen title', () => {
    expect(t('practice.title')).toBe('Practice a conversation');
  });
});
