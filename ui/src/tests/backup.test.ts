// Backups and restore (issue 13, the UI): Settings shows the last good backup and makes one on
// request with a progress bar; restoring checks the backup with its passphrase or recovery code,
// shows what it holds, and replaces only when asked; from the first-run screen as well; errors
// in calm words, and nothing replaced.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../App.svelte';
import BackupSettings from '../lib/features/backup/BackupSettings.svelte';
import RestoreFlow from '../lib/features/backup/RestoreFlow.svelte';
import { t } from '../lib/i18n';
import { errorText } from '../lib/i18n/errors';
import { AppError, type BackupInfo } from '../lib/ipc';
import { lockedStatus, mockBackend } from './ipcMock';

afterEach(() => vi.restoreAllMocks());

const FOLDER = '/home/me/Sync/ipt';
const made: BackupInfo = {
  path: `${FOLDER}/ipt-companion-20261127T101500.000Z-manual.iptbackup`,
  fileName: 'ipt-companion-20261127T101500.000Z-manual.iptbackup',
  createdAt: '2026-11-27T10:15:00.000Z',
  kind: 'manual',
  bytes: 3 * 1024 * 1024,
};
const preview = { createdAt: made.createdAt, kind: 'manual', entries: 412, sessions: 9, people: 6, circles: 3, checkIns: 11 };

describe('backups in Settings', () => {
  it('says there is none yet, makes one with a progress bar, then shows it as the last good one', async () => {
    const user = userEvent.setup();
    let list: BackupInfo[] = [];
    let release: () => void = () => {};
    const b = mockBackend({
      backup_status: () => ({ folder: FOLDER, lastGood: list[0] ?? null, overdue: list.length === 0, count: list.length }),
      backup_list: () => list,
      backup_now: () =>
        new Promise((resolve) => {
          release = () => {
            list = [made];
            resolve(made);
          };
        }),
    });
    render(BackupSettings, { props: { onRestored: vi.fn() } });
    expect(await screen.findByTestId('backup-last')).toHaveTextContent(t('backup.none'));
    expect(screen.queryByTestId('backup-overdue')).toBeNull();
    expect(screen.getByTestId('backup-folder')).toHaveValue(FOLDER);

    await user.click(screen.getByTestId('backup-now'));
    expect(await screen.findByTestId('backup-progress')).toBeInTheDocument();
    expect(screen.getByTestId('backup-now')).toBeDisabled();
    release();
    expect(await screen.findByTestId('backup-made')).toHaveTextContent(t('backup.made'));
    await waitFor(() => expect(screen.getByTestId('backup-last')).toHaveTextContent('2026'));
    expect(within(screen.getByTestId('backup-list')).getAllByRole('listitem')).toHaveLength(1);
    expect(screen.getByTestId('backup-list')).toHaveTextContent(t('backup.kind.manual'));
    expect(b.called('backup_now')).toHaveLength(1);
  });

  it('warns calmly when the last backup is over a week old', async () => {
    mockBackend({
      backup_status: () => ({ folder: FOLDER, lastGood: made, overdue: true, count: 1 }),
      backup_list: () => [made],
    });
    render(BackupSettings, { props: { onRestored: vi.fn() } });
    expect(await screen.findByTestId('backup-overdue')).toHaveTextContent(t('backup.overdue'));
  });

  it('a backup that fails says why and the page stays as it was', async () => {
    const user = userEvent.setup();
    mockBackend({
      backup_now: () => {
        throw { code: 'DiskFull', message: 'no space left' };
      },
    });
    render(BackupSettings, { props: { onRestored: vi.fn() } });
    await user.click(await screen.findByTestId('backup-now'));
    expect(await screen.findByTestId('backup-error')).toHaveTextContent(errorText(new AppError('DiskFull', '')));
    expect(screen.getByTestId('backup-last')).toHaveTextContent(t('backup.none'));
  });

  it('keeps a folder the patient types, or refuses it in calm words', async () => {
    const user = userEvent.setup();
    const b = mockBackend({
      backup_set_folder: ({ folder }) => {
        if (folder === 'relative') throw { code: 'InvalidInput', message: 'the backup folder must be a full path' };
        return folder;
      },
    });
    render(BackupSettings, { props: { onRestored: vi.fn() } });
    await screen.findByTestId('backup-last');
    const field = screen.getByTestId('backup-folder');
    await user.clear(field);
    await user.type(field, 'relative');
    await user.click(screen.getByTestId('backup-folder-save'));
    expect(await screen.findByTestId('backup-error')).toBeInTheDocument();
    await user.clear(field);
    await user.type(field, FOLDER);
    await user.click(screen.getByTestId('backup-folder-save'));
    expect(await screen.findByTestId('backup-folder-saved')).toHaveTextContent(FOLDER);
    expect(b.called('backup_set_folder').map((c) => c.args.folder)).toEqual(['relative', FOLDER]);
  });
});

describe('restoring', () => {
  it('checks the backup with the passphrase, shows what it holds, and replaces only when asked', async () => {
    const user = userEvent.setup();
    const onRestored = vi.fn();
    const b = mockBackend({ backup_preview: () => preview, backup_restore: () => null });
    render(RestoreFlow, { props: { path: made.path, onRestored } });
    expect(screen.getByTestId('restore-path')).toHaveValue(made.path);
    await user.type(screen.getByTestId('restore-secret'), 'tea at the harbour');
    await user.click(screen.getByTestId('restore-check'));
    const shown = await screen.findByTestId('restore-preview');
    expect(shown).toHaveTextContent('Journal entries: 412 · Sessions: 9 · People: 6 · Saved circles: 3 · Check-ins: 11');
    expect(shown).toHaveTextContent(t('restore.replace.warn'));
    expect(b.called('backup_restore')).toHaveLength(0);
    expect(onRestored).not.toHaveBeenCalled();

    await user.click(screen.getByTestId('restore-replace'));
    await waitFor(() => expect(onRestored).toHaveBeenCalledTimes(1));
    expect(b.called('backup_preview')[0].args).toEqual({ path: made.path, secret: { kind: 'passphrase', value: 'tea at the harbour' } });
    expect(b.called('backup_restore')[0].args).toEqual({ path: made.path, secret: { kind: 'passphrase', value: 'tea at the harbour' } });
  });

  it('with the recovery code instead', async () => {
    const user = userEvent.setup();
    const b = mockBackend({ backup_preview: () => preview });
    render(RestoreFlow, { props: { path: made.path, onRestored: vi.fn() } });
    await user.click(screen.getByTestId('restore-mode-code'));
    await user.type(screen.getByTestId('restore-secret'), 'ABCD-EFGH');
    await user.click(screen.getByTestId('restore-check'));
    await screen.findByTestId('restore-preview');
    expect(b.called('backup_preview')[0].args.secret).toEqual({ kind: 'recoveryCode', value: 'ABCD-EFGH' });
  });

  it.each([
    ['NotABackup', 'not ours'],
    ['BackupTooNew', 'newer'],
    ['WrongKey', 'wrong'],
    ['Damaged', 'cut short'],
  ])('a %s backup says so and offers nothing to replace', async (code, message) => {
    const user = userEvent.setup();
    const b = mockBackend({
      backup_preview: () => {
        throw { code, message };
      },
    });
    render(RestoreFlow, { props: { path: '/tmp/x.iptbackup', onRestored: vi.fn() } });
    await user.type(screen.getByTestId('restore-secret'), 'whatever it was');
    await user.click(screen.getByTestId('restore-check'));
    expect(await screen.findByTestId('restore-error')).toHaveTextContent(errorText(new AppError(code as never, message)));
    expect(screen.queryByTestId('restore-replace')).toBeNull();
    expect(b.called('backup_restore')).toHaveLength(0);
  });

  it('from the first-run screen: “I have a backup” → restore → unlock with the backup’s passphrase', async () => {
    const user = userEvent.setup();
    let restoredYet = false;
    mockBackend({
      vault_status: () =>
        restoredYet
          ? lockedStatus()
          : { exists: false, files: 'none', dataDir: '/tmp/x', integrity: null, unlocked: false, hasKeyringSlot: false, autoLockMinutes: null, recoveryConfirmed: null, damagedLogCopy: null },
      backup_preview: () => preview,
      backup_restore: () => {
        restoredYet = true;
        return null;
      },
    });
    render(App);
    await user.click(await screen.findByTestId('welcome-restore'));
    await user.type(screen.getByTestId('restore-path'), made.path);
    await user.type(screen.getByTestId('restore-secret'), 'tea at the harbour');
    await user.click(screen.getByTestId('restore-check'));
    await user.click(await screen.findByTestId('restore-replace'));
    expect(await screen.findByTestId('restored-note')).toHaveTextContent(t('restore.done'));
    expect(await screen.findByTestId('unlock-passphrase')).toBeInTheDocument();
  });
});
