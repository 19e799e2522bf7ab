import { describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../App.svelte';
import { mockBackend, unlockedStatus } from './ipcMock';
import { t } from '../lib/i18n';

const CODE = 'ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-6789';

function firstRunBackend(keyring: { available: boolean; reason: string | null }) {
  let exists = false;
  return mockBackend({
    vault_status: () => (exists ? unlockedStatus({ recoveryConfirmed: false }) : { exists: false, files: 'none', dataDir: '/tmp/x', integrity: null, unlocked: false, hasKeyringSlot: false, autoLockMinutes: null, recoveryConfirmed: null, damagedLogCopy: null }),
    vault_probe_keyring: () => keyring,
    vault_create: () => {
      exists = true;
      return { recoveryCode: CODE, keyringSlot: false };
    },
    vault_confirm_recovery_saved: () => null,
  });
}

describe('first run', () => {
  it('welcome → passphrase only (no keyring) → recovery code → home', async () => {
    const user = userEvent.setup();
    const backend = firstRunBackend({ available: false, reason: 'KeyringUnavailable' });
    render(App);

    // The privacy promise comes first.
    expect(await screen.findByText(t('welcome.promise.network'))).toBeInTheDocument();
    expect(screen.getByText(t('welcome.promise.encrypted'))).toBeInTheDocument();
    await user.click(screen.getByTestId('welcome-start'));

    // No keyring: the screen says why a passphrase is needed and the keyring choice is off.
    expect(await screen.findByTestId('no-keyring')).toHaveTextContent(t('choose.noKeyring'));
    expect(screen.getByTestId('mode-keyring')).toBeDisabled();
    expect(screen.getByTestId('mode-passphrase')).toBeChecked();

    const create = screen.getByTestId('create-vault');
    await user.type(screen.getByTestId('new-passphrase'), 'short');
    await user.type(screen.getByTestId('confirm-passphrase'), 'short');
    expect(create).toBeDisabled();

    await user.clear(screen.getByTestId('new-passphrase'));
    await user.type(screen.getByTestId('new-passphrase'), 'walk by the river');
    await user.click(create);
    expect(await screen.findByText(t('choose.mismatch'))).toBeInTheDocument();
    expect(backend.called('vault_create')).toHaveLength(0);

    await user.clear(screen.getByTestId('confirm-passphrase'));
    await user.type(screen.getByTestId('confirm-passphrase'), 'walk by the river');
    await user.click(create);

    expect(await screen.findByTestId('recovery-code')).toHaveTextContent(CODE);
    expect(backend.called('vault_create')[0].args).toEqual({
      request: { passphrase: 'walk by the river', useKeyring: false },
    });

    const next = screen.getByTestId('recovery-continue');
    expect(next).toBeDisabled();
    await user.click(screen.getByTestId('recovery-saved'));
    await user.click(next);
    expect(await screen.findByTestId('home')).toBeInTheDocument();
    expect(backend.called('vault_confirm_recovery_saved')).toHaveLength(1);
    expect(screen.getByTestId('lock-now')).toBeInTheDocument();
  });

  it('offers the keyring first when it is available and sends that choice', async () => {
    const user = userEvent.setup();
    const backend = firstRunBackend({ available: true, reason: null });
    render(App);
    await user.click(await screen.findByTestId('welcome-start'));
    await waitFor(() => expect(screen.getByTestId('mode-keyring')).toBeChecked());
    expect(screen.queryByTestId('no-keyring')).toBeNull();
    await user.type(screen.getByTestId('new-passphrase'), 'walk by the river');
    await user.type(screen.getByTestId('confirm-passphrase'), 'walk by the river');
    await user.click(screen.getByTestId('create-vault'));
    await screen.findByTestId('recovery-code');
    expect(backend.called('vault_create')[0].args).toEqual({
      request: { passphrase: 'walk by the river', useKeyring: true },
    });
  });

  it('shows a calm error when creation fails and stays on the form', async () => {
    const user = userEvent.setup();
    mockBackend({
      vault_status: () => ({ exists: false, files: 'none', dataDir: '/tmp/x', integrity: null, unlocked: false, hasKeyringSlot: false, autoLockMinutes: null, recoveryConfirmed: null, damagedLogCopy: null }),
      vault_probe_keyring: () => ({ available: true, reason: null }),
      vault_create: () => {
        throw { code: 'KeyringUnavailable', message: 'keyring: no secret service' };
      },
    });
    render(App);
    await user.click(await screen.findByTestId('welcome-start'));
    await waitFor(() => expect(screen.getByTestId('mode-keyring')).toBeChecked());
    await user.type(screen.getByTestId('new-passphrase'), 'walk by the river');
    await user.type(screen.getByTestId('confirm-passphrase'), 'walk by the river');
    await user.click(screen.getByTestId('create-vault'));
    expect(await screen.findByTestId('create-error')).toHaveTextContent(t('error.KeyringUnavailable'));
    // The developer message never reaches the screen.
    expect(screen.queryByText(/secret service/)).toBeNull();
  });
});
