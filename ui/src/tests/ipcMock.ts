import { mockIPC } from '@tauri-apps/api/mocks';

export type Handler = (args: Record<string, unknown>) => unknown;

/**
 * Mocks the backend with a table of command handlers and records every call. A handler that
 * throws `{code, message}` behaves like a command returning an error over IPC.
 */
export function mockBackend(overrides: Record<string, Handler>) {
  // What Home and the shell ask for on their own; by default: no course, nothing planned, nothing
  // due.
  const handlers: Record<string, Handler> = {
    course_overview: () => null,
    course_get_focus: () => [],
    plans_list: () => [],
    agenda_get: () => ({ sessionNumber: null, sessionDate: null, items: [] }),
    reminders_due: () => [],
    checkins_invitation: () => null,
    checkins_invitation_settings_get: () => ({ frequency: 'everySession', oneAtATime: false }),
    vault_integrity: () => 'intact',
    safety_plan_copy_get: () => null,
    crisis_lines_settings_get: () => ({ crisisCountry: null }),
    appearance_get: () => ({ theme: 'system', textSize: 100, reduceMotion: 'system' }),
    language_get: () => ({ language: 'en' }),
    language_set: (a) => ({ language: a.language }),
    backup_status: () => ({ folder: '/home/me/.local/share/org.iptcompanion.app/backups', lastGood: null, overdue: true, count: 0 }),
    backup_list: () => [],
    ending_follow_up_due: () => null,
    people_review_invitation: () => false,
    circle_compare: () => ({ first: null, latest: null, changes: { movedIn: [], movedOut: [], appeared: [], left: [] } }),
    // Everyone (the People page, the journal's filter): the pickers' list unless a test says.
    people_list_all: (a) =>
      ((overrides.people_list?.(a) ?? []) as { id: number; displayName: string }[]).map((p) => ({
        relationship: null,
        relationshipWord: '',
        archived: false,
        ...p,
      })),
    ...overrides,
  };
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args: a });
    if (cmd.startsWith('plugin:event|')) return 1;
    const h = handlers[cmd];
    if (!h) throw { code: 'Internal', message: `unmocked command ${cmd}` };
    return h(a);
  });
  return {
    calls,
    called: (cmd: string) => calls.filter((c) => c.cmd === cmd),
  };
}

export const lockedStatus = (over: Record<string, unknown> = {}) => ({
  exists: true,
  files: 'both',
  dataDir: '/home/me/.local/share/org.iptcompanion.app',
  integrity: null,
  unlocked: false,
  hasKeyringSlot: false,
  autoLockMinutes: null,
  recoveryConfirmed: null,
  damagedLogCopy: null,
  ...over,
});

export const unlockedStatus = (over: Record<string, unknown> = {}) => ({
  exists: true,
  files: 'both',
  dataDir: '/home/me/.local/share/org.iptcompanion.app',
  integrity: 'checking',
  unlocked: true,
  hasKeyringSlot: false,
  autoLockMinutes: 10,
  recoveryConfirmed: true,
  damagedLogCopy: null,
  ...over,
});
