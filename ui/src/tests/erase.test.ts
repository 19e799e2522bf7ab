// "Delete everything" (issue 13, the UI): nothing can be sent until the patient types the word;
// what is sent is the core's fixed phrase and the backups choice; afterwards the app is at its
// first screen; a refusal is said calmly and nothing moves on.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../App.svelte';
import EraseEverything from '../lib/features/erase/EraseEverything.svelte';
import { t } from '../lib/i18n';
import { errorText } from '../lib/i18n/errors';
import { AppError } from '../lib/ipc';
import { ERASE_CONFIRMATION } from '../lib/generated/limits';
import { mockBackend, unlockedStatus } from './ipcMock';

afterEach(() => vi.restoreAllMocks());

describe('delete everything', () => {
  it('stays disabled until the word is typed, then sends the fixed phrase and the backups choice', async () => {
    const user = userEvent.setup();
    const onErased = vi.fn();
    const b = mockBackend({ erase_everything: () => ({ vaultFiles: 4, backups: 2, backupsKeptIn: null }) });
    render(EraseEverything, { props: { onErased } });
    const submit = screen.getByTestId('erase-submit');
    expect(submit).toBeDisabled();
    await user.type(screen.getByTestId('erase-word'), 'delet');
    expect(submit).toBeDisabled();
    await user.click(submit);
    expect(b.called('erase_everything')).toHaveLength(0);
    await user.type(screen.getByTestId('erase-word'), 'e');
    expect(submit).toBeEnabled();
    expect(screen.getByTestId('erase')).toHaveTextContent(t('erase.backups.kept'));
    await user.click(screen.getByTestId('erase-backups'));
    expect(screen.getByTestId('erase')).toHaveTextContent(t('erase.backups.gone'));
    await user.click(submit);
    await waitFor(() => expect(onErased).toHaveBeenCalledTimes(1));
    expect(b.called('erase_everything')[0].args).toEqual({ request: { confirmation: ERASE_CONFIRMATION, includeBackups: true } });
  });

  it('a refusal is said calmly and the patient stays where they were', async () => {
    const user = userEvent.setup();
    const onErased = vi.fn();
    mockBackend({
      erase_everything: () => {
        throw { code: 'NotWritable', message: 'read-only' };
      },
    });
    render(EraseEverything, { props: { onErased } });
    await user.type(screen.getByTestId('erase-word'), ` ${t('erase.word').toUpperCase()} `);
    await user.click(screen.getByTestId('erase-submit'));
    expect(await screen.findByTestId('erase-error')).toHaveTextContent(errorText(new AppError('NotWritable', '')));
    expect(onErased).not.toHaveBeenCalled();
  });

  it('in the app: from Settings back to the first screen', async () => {
    const user = userEvent.setup();
    let erased = false;
    mockBackend({
      vault_status: () =>
        erased
          ? { exists: false, files: 'none', dataDir: '/tmp/x', integrity: null, unlocked: false, hasKeyringSlot: false, autoLockMinutes: null, recoveryConfirmed: null, damagedLogCopy: null }
          : unlockedStatus(),
      vault_info: () => ({ dataDir: '/tmp/x', sqliteVersion: '3.50.4', cipherVersion: '4.10.0 community', passphraseKdf: null }),
      checkins_invitation_settings_get: () => ({ frequency: 'everySession', oneAtATime: false }),
      reminders_get: () => ({ journal: { enabled: false, time: '20:00' }, plans: { enabled: false }, sessions: { enabled: false } }),
      discretion_get: () => ({ neutralName: false }),
      erase_everything: () => {
        erased = true;
        return { vaultFiles: 4, backups: 0, backupsKeptIn: '/tmp/x/backups' };
      },
    });
    render(App);
    await user.click(await screen.findByTestId('nav-settings'));
    await user.type(await screen.findByTestId('erase-word'), t('erase.word'));
    await user.click(screen.getByTestId('erase-submit'));
    expect(await screen.findByTestId('welcome-start')).toBeInTheDocument();
    expect(screen.queryByTestId('nav-settings')).toBeNull();
  });
});
