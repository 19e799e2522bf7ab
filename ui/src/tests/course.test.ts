import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import CourseSetup from '../lib/features/course/CourseSetup.svelte';
import CourseCard from '../lib/features/course/CourseCard.svelte';
import CourseCardsForm from '../lib/features/course/CourseCards.svelte';
import CourseFocusForm from '../lib/features/course/CourseFocus.svelte';
import CourseSessions from '../lib/features/course/CourseSessions.svelte';
import { mockBackend } from './ipcMock';
import { t } from '../lib/i18n';

describe('course set-up', () => {
  it('sends the plan with the usual phases when left empty, then shows them', async () => {
    const user = userEvent.setup();
    const backend = mockBackend({
      course_get: () => null,
      course_save: ({ input }) => ({ ...(input as object), initialLast: 3, terminationFirst: 10 }),
    });
    const saved: unknown[] = [];
    render(CourseSetup, { onSaved: (c: unknown) => saved.push(c) });
    await fireEvent.input(screen.getByTestId('course-start'), { target: { value: '2026-11-03' } });
    await user.clear(screen.getByTestId('course-planned'));
    await user.type(screen.getByTestId('course-planned'), '12');
    await user.selectOptions(screen.getByTestId('course-weekday'), t('weekday.1'));
    await fireEvent.input(screen.getByTestId('course-time'), { target: { value: '17:30' } });
    await user.click(screen.getByTestId('course-group'));
    await user.click(screen.getByTestId('course-save'));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(backend.called('course_save')[0].args.input).toMatchObject({
      startDate: '2026-11-03',
      plannedSessions: 12,
      weekday: 1,
      sessionTime: '17:30',
      format: 'group',
      initialLast: null,
      terminationFirst: null,
    });
    expect(screen.getByTestId('course-initial')).toHaveValue(3);
    expect(screen.getByTestId('course-termination')).toHaveValue(10);
  });

  it('shows a refused plan calmly', async () => {
    const user = userEvent.setup();
    mockBackend({
      course_get: () => null,
      course_save: () => {
        throw { code: 'InvalidInput', message: 'planned sessions must be between 1 and 30' };
      },
    });
    render(CourseSetup, { onSaved: () => {} });
    await user.click(screen.getByTestId('course-save'));
    expect(await screen.findByTestId('course-error')).toHaveTextContent(t('error.InvalidInput'));
  });
});

describe('course card on Home', () => {
  it('says session n of N and the phase in plain words', async () => {
    mockBackend({
      course_overview: () => ({ sessionNumber: 5, plannedSessions: 12, phase: 'middle', nextSessionDate: '2026-12-01', sessionTime: '17:30' }),
    });
    render(CourseCard, { onSetUp: () => {} });
    expect(await screen.findByTestId('course-session')).toHaveTextContent('Session 5 of 12');
    expect(screen.getByTestId('course-phase')).toHaveTextContent(t('phase.middle'));
    expect(screen.getByTestId('course-card')).toHaveTextContent(t('phase.middle.detail'));
  });

  it('offers to set up the course when there is none', async () => {
    const user = userEvent.setup();
    mockBackend({ course_overview: () => null });
    let opened = 0;
    render(CourseCard, { onSetUp: () => opened++ });
    await user.click(await screen.findByTestId('course-set-up'));
    expect(opened).toBe(1);
  });
});

describe('course cards', () => {
  it('keeps the patient’s words, shown as text', async () => {
    const user = userEvent.setup();
    const backend = mockBackend({
      course_get_cards: () => ({ lettingGo: '<b>hosting</b>', workingOn: '', sickRoleUntil: null, formulation: '' }),
      course_save_cards: ({ cards }) => cards,
    });
    const { container } = render(CourseCardsForm);
    await waitFor(() => expect(screen.getByTestId('cards-letting-go')).toHaveValue('<b>hosting</b>'));
    expect(container.querySelector('b')).toBeNull();
    await user.type(screen.getByTestId('cards-working-on'), 'asking Sam for help');
    await fireEvent.input(screen.getByTestId('cards-until'), { target: { value: '2027-01-31' } });
    await user.type(screen.getByTestId('cards-formulation'), 'When I keep things to myself I feel lower.');
    await user.click(screen.getByTestId('cards-save'));
    expect(await screen.findByTestId('cards-saved')).toBeInTheDocument();
    expect(backend.called('course_save_cards')[0].args.cards).toEqual({
      lettingGo: '<b>hosting</b>',
      workingOn: 'asking Sam for help',
      sickRoleUntil: '2027-01-31',
      formulation: 'When I keep things to myself I feel lower.',
    });
  });
});

describe('course focus', () => {
  it('records the agreed areas with goals and a disagreement’s stage, and shows prompts', async () => {
    const user = userEvent.setup();
    const backend = mockBackend({
      course_get_focus: () => [],
      course_save_focus: ({ focus }) => focus,
    });
    render(CourseFocusForm);
    await user.click(await screen.findByTestId('focus-roleDispute'));
    await user.selectOptions(screen.getByTestId('focus-stage'), t('stage.impasse'));
    await user.type(screen.getByTestId('focus-goals-roleDispute'), 'Ask Sam to share the chores');
    // Stuck, not still talking: what keeps us stuck, not what to ask for.
    expect(screen.getByTestId('focus-prompts-roleDispute')).toHaveTextContent(t('prompt.roleDispute.impasse.1'));
    expect(screen.getByTestId('focus-prompts-roleDispute')).not.toHaveTextContent(t('prompt.roleDispute.4'));
    await user.click(screen.getByTestId('focus-roleTransition'));
    await user.click(screen.getByTestId('focus-save'));
    expect(await screen.findByTestId('focus-saved')).toBeInTheDocument();
    expect(backend.called('course_save_focus')[0].args.focus).toEqual([
      { area: 'roleDispute', goals: 'Ask Sam to share the chores', disputeStage: 'impasse' },
      { area: 'roleTransition', goals: '', disputeStage: null },
    ]);
  });
});

describe('course sessions', () => {
  it('shows the timeline and notes the next session by default', async () => {
    const user = userEvent.setup();
    let recorded = false;
    const backend = mockBackend({
      course_timeline: () => [
        { number: 1, phase: 'initial', state: 'done', date: '2026-11-03' },
        { number: 2, phase: 'initial', state: recorded ? 'done' : 'next', date: '2026-11-10' },
        { number: 3, phase: 'initial', state: recorded ? 'next' : 'later', date: null },
      ],
      course_save_session: ({ record }) => {
        recorded = true;
        return record;
      },
    });
    render(CourseSessions);
    expect(await screen.findByTestId('session-2')).toHaveAttribute('data-state', 'next');
    expect(screen.getByTestId('session-number')).toHaveValue(2);
    await fireEvent.input(screen.getByTestId('session-date'), { target: { value: '2026-11-10' } });
    await user.type(screen.getByTestId('session-talked'), 'the argument with Sam');
    await user.type(screen.getByTestId('session-agreed'), 'ask once, clearly');
    await user.click(screen.getByTestId('session-save'));
    expect(await screen.findByTestId('session-saved')).toBeInTheDocument();
    expect(backend.called('course_save_session')[0].args.record).toEqual({
      number: 2,
      heldOn: '2026-11-10',
      talkedAbout: 'the argument with Sam',
      agreed: 'ask once, clearly',
      notes: '',
      mood: null,
    });
    await waitFor(() => expect(screen.getByTestId('session-3')).toHaveAttribute('data-state', 'next'));
  });
});
