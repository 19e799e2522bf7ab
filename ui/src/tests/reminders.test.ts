import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import ReminderSettingsForm from '../lib/features/reminders/ReminderSettings.svelte';
import { checkReminders, reminderText } from '../lib/features/reminders/notifier';
import { promptForDay } from '../lib/features/course/prompts';
import TodaysPrompt from '../lib/features/home/TodaysPrompt.svelte';
import { mockBackend } from './ipcMock';
import { t } from '../lib/i18n';
import type { DueReminder, ReminderSettings } from '../lib/ipc';

const defaults: ReminderSettings = {
  sessionDay: false,
  sessionDayAt: '08:30',
  plansDue: false,
  plansDueAt: '19:00',
  journalNudge: false,
  journalNudgeAt: '20:30',
  quietHours: true,
  quietFrom: '22:00',
  quietUntil: '08:00',
  mentionTherapy: false,
};

const due = (over: Partial<DueReminder>): DueReminder => ({
  kind: 'sessionDay',
  dueAt: '2026-12-01T08:30:00Z',
  sessionTime: '17:30',
  openPlans: 0,
  mentionTherapy: false,
  ...over,
});

describe('reminder settings', () => {
  it('starts all off and saves what the patient turns on', async () => {
    const user = userEvent.setup();
    const backend = mockBackend({
      reminders_get_settings: () => defaults,
      reminders_save_settings: ({ settings }) => settings,
    });
    render(ReminderSettingsForm);
    const nudge = await screen.findByTestId('reminder-journalNudge');
    expect(nudge).not.toBeChecked();
    expect(screen.getByTestId('reminder-sessionDay')).not.toBeChecked();
    expect(screen.getByTestId('reminder-mention')).not.toBeChecked();
    expect(screen.getByTestId('reminder-journalNudgeAt')).toBeDisabled();
    await user.click(nudge);
    await user.click(screen.getByTestId('reminder-sessionDay'));
    await user.click(screen.getByTestId('reminders-save'));
    expect(await screen.findByTestId('reminders-saved')).toBeInTheDocument();
    expect(backend.called('reminders_save_settings')[0].args.settings).toEqual({ ...defaults, journalNudge: true, sessionDay: true });
  });

  it('shows a refused time calmly', async () => {
    const user = userEvent.setup();
    mockBackend({
      reminders_get_settings: () => defaults,
      reminders_save_settings: () => {
        throw { code: 'InvalidDate', message: 'a reminder time could not be read' };
      },
    });
    render(ReminderSettingsForm);
    await user.click(await screen.findByTestId('reminders-save'));
    expect(await screen.findByTestId('reminders-error')).toHaveTextContent(t('error.InvalidDate'));
  });
});

describe('reminder words', () => {
  it('never say "therapy" or "session" unless allowed', () => {
    for (const kind of ['sessionDay', 'plansDue', 'journalNudge'] as const) {
      const { title, body } = reminderText(due({ kind, openPlans: 2 }));
      expect(`${title} ${body}`).not.toMatch(/therap|session/i);
    }
    expect(reminderText(due({ mentionTherapy: true })).body).toBe('Your therapy session is today at 17:30.');
    expect(reminderText(due({ kind: 'plansDue', openPlans: 2, mentionTherapy: true })).body).toContain('2 between-session plans');
    expect(reminderText(due({ kind: 'journalNudge', mentionTherapy: true })).body).not.toMatch(/therap/i);
  });

  it('sends one notification per due reminder through the app, with no content', async () => {
    const backend = mockBackend({
      reminders_due: () => [due({}), due({ kind: 'plansDue', openPlans: 1 })],
      reminders_notify: () => null,
    });
    expect(await checkReminders()).toBe(2);
    const sent = backend.called('reminders_notify').map((c) => c.args);
    expect(sent).toEqual([
      { title: t('notify.title'), body: 'You have something planned today at 17:30.' },
      { title: t('notify.title'), body: t('notify.plansDue') },
    ]);
  });

  it('a missing notification service is skipped quietly', async () => {
    mockBackend({
      reminders_due: () => [due({})],
      reminders_notify: () => {
        throw { code: 'Io', message: "the desktop's notification service did not take the reminder" };
      },
    });
    await expect(checkReminders()).resolves.toBe(1);
  });
});

describe("today's prompt", () => {
  it('takes turns through the agreed areas day by day, or general prompts', () => {
    const days = ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05'];
    const grief = days.map((d) => promptForDay([{ area: 'grief', disputeStage: null }], d));
    expect(new Set(grief.slice(0, 4)).size).toBe(4);
    expect(grief[4]).toBe(grief[0]);
    expect(grief.every((k) => k.startsWith('prompt.grief.'))).toBe(true);
    expect(promptForDay([], '2026-12-01')).toMatch(/^prompt\.general\./);
  });

  it('shows on Home from the agreed focus', async () => {
    mockBackend({ course_get_focus: () => [{ area: 'roleTransition', goals: '', disputeStage: null }] });
    render(TodaysPrompt, { onWrite: () => {} });
    const text = await screen.findByTestId('home-prompt-text');
    await waitFor(() => expect(text.textContent).not.toBe(''));
    const all = [1, 2, 3, 4, 5].map((n) => t(`prompt.roleTransition.${n}` as Parameters<typeof t>[0]));
    expect(all).toContain(text.textContent);
  });
});
