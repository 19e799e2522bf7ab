import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import Plans from '../lib/features/plans/Plans.svelte';
import OpenPlans from '../lib/features/plans/OpenPlans.svelte';
import { mockBackend } from './ipcMock';
import { t } from '../lib/i18n';
import type { Plan } from '../lib/ipc';

const plan = (over: Partial<Plan> = {}): Plan => ({
  id: 1,
  what: 'Ask Sam to do the Tuesday shop',
  area: 'roleDispute',
  personId: 4,
  personName: 'Sam',
  dueOn: '2026-12-01',
  status: 'planned',
  reflection: '',
  moodBefore: null,
  moodAfter: null,
  createdAt: '2026-11-24T18:00:00Z',
  updatedAt: '2026-11-24T18:00:00Z',
  scenarioKey: null,
  runId: null,
  ...over,
});

describe('between-session plans', () => {
  it('adds a plan with a new person, due by the next session when no date is given', async () => {
    const user = userEvent.setup();
    const stored: Plan[] = [];
    const backend = mockBackend({
      plans_list: () => stored,
      people_list: () => [{ id: 4, displayName: 'Sam' }],
      plans_create: ({ input }) => {
        const p = plan({ id: 2, what: (input as { what: string }).what, personName: 'Jude', personId: 5 });
        stored.push(p);
        return p;
      },
    });
    render(Plans);
    await user.type(await screen.findByTestId('plan-what'), 'Call Jude for a walk');
    await user.selectOptions(screen.getByTestId('plan-area'), t('area.interpersonalDeficits'));
    await user.selectOptions(screen.getByTestId('plan-person'), t('plans.person.new'));
    await user.type(screen.getByTestId('plan-person-name'), 'Jude');
    await user.click(screen.getByTestId('plan-save'));
    expect(await screen.findByTestId('plan-saved')).toBeInTheDocument();
    const call = backend.called('plans_create')[0].args;
    expect(call.input).toEqual({
      what: 'Call Jude for a walk',
      area: 'interpersonalDeficits',
      personId: null,
      personName: 'Jude',
      dueOn: null,
    });
    expect(call.today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const open = await screen.findByTestId('plans-open');
    await waitFor(() => expect(within(open).getByText('Call Jude for a walk')).toBeInTheDocument());
    expect(screen.getByTestId('plan-what')).toHaveValue('');
  });

  it('records how it went, with moods for an attempt, shown as text', async () => {
    const user = userEvent.setup();
    let current = plan();
    const backend = mockBackend({
      plans_list: () => [current],
      people_list: () => [],
      plans_record_outcome: ({ outcome }) => {
        current = { ...current, ...(outcome as object) } as Plan;
        return current;
      },
    });
    const { container } = render(Plans);
    await user.click(await screen.findByTestId('plan-tried'));
    await user.type(screen.getByTestId('plan-reflection'), 'He said <b>yes</b>, then forgot');
    await user.type(screen.getByTestId('plan-mood-before'), '3');
    await user.type(screen.getByTestId('plan-mood-after'), '6');
    await user.click(screen.getByTestId('plan-outcome-save'));
    await waitFor(() => expect(backend.called('plans_record_outcome')).toHaveLength(1));
    expect(backend.called('plans_record_outcome')[0].args.outcome).toEqual({
      status: 'tried',
      reflection: 'He said <b>yes</b>, then forgot',
      moodBefore: 3,
      moodAfter: 6,
    });
    const earlier = await screen.findByTestId('plans-earlier');
    expect(within(earlier).getByTestId('plan-status')).toHaveTextContent(t('status.tried'));
    expect(earlier).toHaveTextContent('He said <b>yes</b>, then forgot');
    expect(container.querySelector('b')).toBeNull();
    expect(screen.getByTestId('plans-empty')).toHaveTextContent(t('plans.noneOpen'));
  });

  it('says "not this week" kindly, asks for no moods, and shows a refusal calmly', async () => {
    const user = userEvent.setup();
    let fail = true;
    const backend = mockBackend({
      plans_list: () => [plan()],
      people_list: () => [],
      plans_record_outcome: ({ outcome }) => {
        if (fail) throw { code: 'TooLong', message: 'the reflection is longer than 20000 characters' };
        return { ...plan(), ...(outcome as object) };
      },
    });
    render(Plans);
    await user.click(await screen.findByTestId('plan-notThisWeek'));
    expect(screen.getByTestId('plan-outcome-form')).toHaveTextContent(t('status.notThisWeek.note'));
    expect(screen.queryByTestId('plan-mood-before')).toBeNull();
    await user.click(screen.getByTestId('plan-outcome-save'));
    expect(await screen.findByTestId('outcome-error')).toHaveTextContent(t('error.TooLong'));
    fail = false;
    await user.click(screen.getByTestId('plan-outcome-save'));
    await waitFor(() => expect(backend.called('plans_record_outcome')).toHaveLength(2));
    expect(backend.called('plans_record_outcome')[1].args.outcome).toMatchObject({ status: 'notThisWeek', moodBefore: null, moodAfter: null });
  });

  it('asks before removing a plan', async () => {
    const user = userEvent.setup();
    const backend = mockBackend({ plans_list: () => [plan()], people_list: () => [], plans_delete: () => null });
    render(Plans);
    await user.click(await screen.findByTestId('plan-remove'));
    expect(backend.called('plans_delete')).toHaveLength(0);
    await user.click(screen.getByTestId('plan-remove-yes'));
    await waitFor(() => expect(backend.called('plans_delete')[0].args).toEqual({ id: 1 }));
  });

  it('edits a plan, keeping its id, with a chosen date', async () => {
    const user = userEvent.setup();
    const backend = mockBackend({
      plans_list: () => [plan()],
      people_list: () => [{ id: 4, displayName: 'Sam' }],
      plans_update: ({ input }) => ({ ...plan(), ...(input as object) }),
    });
    render(Plans);
    await user.click(await screen.findByTestId('plan-edit'));
    const form = screen.getByTestId('plan-edit-form');
    expect(within(form).getByTestId('plan-person')).toHaveValue('4');
    await fireEvent.input(within(form).getByTestId('plan-due'), { target: { value: '2026-12-08' } });
    await user.click(within(form).getByTestId('plan-save'));
    await waitFor(() => expect(backend.called('plans_update')).toHaveLength(1));
    expect(backend.called('plans_update')[0].args).toMatchObject({
      id: 1,
      input: { what: 'Ask Sam to do the Tuesday shop', area: 'roleDispute', personId: 4, personName: null, dueOn: '2026-12-08' },
    });
  });
});

describe('open plans on Home', () => {
  it('lists only plans still to try, soonest first, with no count of missed ones', async () => {
    mockBackend({
      plans_list: () => [
        plan({ id: 1, what: 'Later one', dueOn: '2026-12-08' }),
        plan({ id: 2, what: 'Sooner one', dueOn: '2026-12-01' }),
        plan({ id: 3, what: 'Skipped one', status: 'notThisWeek' }),
      ],
    });
    render(OpenPlans, { onOpen: () => {} });
    const items = await screen.findAllByTestId('home-plan');
    expect(items.map((i) => i.querySelector('.what')?.textContent)).toEqual(['Sooner one', 'Later one']);
    expect(screen.getByTestId('home-plans')).not.toHaveTextContent('Skipped one');
  });
});
