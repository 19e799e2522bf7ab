// Shows the reminders the core says are due. The words never quote anything the patient wrote,
// and say "therapy" or "session" only when the patient allowed it.
import { t } from '../../i18n';
import { remindersApi, type DueReminder } from '../../ipc';

export const CHECK_EVERY_MS = 60_000;

export function reminderText(r: DueReminder): { title: string; body: string } {
  const title = t('notify.title');
  const time = r.sessionTime ?? '';
  switch (r.kind) {
    case 'sessionDay':
      return { title, body: t(r.mentionTherapy ? 'notify.sessionDay.therapy' : 'notify.sessionDay', { time }) };
    case 'plansDue':
      if (!r.mentionTherapy) return { title, body: t('notify.plansDue') };
      return { title, body: t('notify.plansDue.therapy', { n: r.openPlans }) };
    case 'journalNudge':
      return { title, body: t('notify.journalNudge') };
  }
}

/** Asks what is due and shows it. A failure (no notification service) is quietly skipped. */
export async function checkReminders(): Promise<number> {
  const due = await remindersApi.due().catch(() => [] as DueReminder[]);
  for (const r of due) {
    const { title, body } = reminderText(r);
    await remindersApi.notify(title, body).catch(() => {});
  }
  return due.length;
}

/** Checks now and every minute; returns a function that stops it. */
export function startReminders(): () => void {
  void checkReminders();
  const timer = setInterval(() => void checkReminders(), CHECK_EVERY_MS);
  return () => clearInterval(timer);
}
