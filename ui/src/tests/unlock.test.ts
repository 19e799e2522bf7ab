import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../App.svelte';
import { lockedStatus, mockBackend, unlockedStatus } from './ipcMock';
import { t } from '../lib/i18n';

function lockedBackend(opts: { keyringSlot?: boolean; keyringError?: string } = {}) {
  let unlocked = false;
  return mockBackend({
    vault_status: () => (unlocked ? unlockedStatus() : lockedStatus({ hasKeyringSlot: !!opts.keyringSlot })),
    vault_unlock_passphrase: ({ passphrase }) => {
      if (passphrase !== 'the right one') throw { code: 'WrongKey', message: 'this does not unlock the vault' };
      unlocked = true;
      return null;
    },
    vault_unlock_recovery: ({ code }) => {
      if (code !== 'abcd efgh') throw { code: 'WrongKey', message: 'no' };
      unlocked = true;
      return null;
    },
    vault_unlock_keyring: () => {
      if (opts.keyringError) throw { code: opts.keyringError, message: 'keyring says no' };
      unlocked = true;
      return null;
    },
    vault_lock: () => {
      unlocked = false;
      return null;
    },
  });
}

describe('unlock screen', () => {
  it('a wrong passphrase shows the calm error; the right one opens home', async () => {
    const user = userEvent.setup();
    const backend = lockedBackend();
    render(App);
    const input = await screen.findByTestId('unlock-passphrase');
    await user.type(input, 'not it');
    await user.click(screen.getByTestId('unlock-submit'));
    expect(await screen.findByTestId('unlock-error')).toHaveTextContent(t('error.WrongKey'));
    expect(screen.queryByTestId('home')).toBeNull();

    await user.clear(input);
    await user.type(input, 'the right one');
    await user.keyboard('{Enter}');
    expect(await screen.findByTestId('home')).toBeInTheDocument();
    expect(backend.called('vault_unlock_passphrase').map((c) => c.args.passphrase)).toEqual(['not it', 'the right one']);
    // No keyring slot: no automatic keyring attempt and no keyring button.
    expect(backend.called('vault_unlock_keyring')).toHaveLength(0);
  });

  it('unlocks with the recovery code instead', async () => {
    const user = userEvent.setup();
    const backend = lockedBackend();
    render(App);
    await user.click(await screen.findByTestId('toggle-recovery'));
    await user.type(screen.getByTestId('unlock-recovery'), 'abcd efgh');
    await user.click(screen.getByTestId('unlock-submit'));
    expect(await screen.findByTestId('home')).toBeInTheDocument();
    expect(backend.called('vault_unlock_recovery')).toHaveLength(1);
  });

  it('opens straight to home when the keyring unlocks at start', async () => {
    const backend = lockedBackend({ keyringSlot: true });
    render(App);
    expect(await screen.findByTestId('home')).toBeInTheDocument();
    expect(backend.called('vault_unlock_keyring')).toHaveLength(1);
  });

  it('a missing keyring entry asks for passphrase or recovery code and never creates anything', async () => {
    const backend = lockedBackend({ keyringSlot: true, keyringError: 'KeyringEntryMissing' });
    render(App);
    expect(await screen.findByTestId('keyring-problem')).toHaveTextContent(t('unlock.keyringMissing'));
    expect(screen.getByTestId('unlock-passphrase')).toBeInTheDocument();
    expect(backend.called('vault_create')).toHaveLength(0);
  });

  it('lock now (button and Ctrl+L) returns to the unlock screen', async () => {
    const user = userEvent.setup();
    const backend = lockedBackend();
    render(App);
    await user.type(await screen.findByTestId('unlock-passphrase'), 'the right one{Enter}');
    await screen.findByTestId('home');
    await user.click(screen.getByTestId('lock-now'));
    expect(await screen.findByTestId('unlock-passphrase')).toBeInTheDocument();
    await user.type(screen.getByTestId('unlock-passphrase'), 'the right one{Enter}');
    await screen.findByTestId('home');
    await user.keyboard('{Control>}l{/Control}');
    expect(await screen.findByTestId('unlock-passphrase')).toBeInTheDocument();
    expect(backend.called('vault_lock')).toHaveLength(2);
  });
});

describe('need help now', () => {
  it('is on the locked screen and lists crisis lines with their checked date', async () => {
    const user = userEvent.setup();
    lockedBackend();
    render(App);
    await screen.findByTestId('unlock-passphrase');
    await user.click(screen.getByTestId('need-help'));
    const dialog = screen.getByTestId('help-dialog');
    expect(dialog).toHaveAttribute('open');
    expect(screen.getByTestId('crisis-US')).toHaveTextContent('988');
    expect(screen.getByTestId('crisis-GB')).toHaveTextContent('116 123');
    expect(screen.getByTestId('crisis-ES')).toHaveTextContent('024');
    expect(screen.getByTestId('emergency-ES')).toHaveTextContent('112');
    expect(screen.getByTestId('crisis-local')).toBeInTheDocument();
    expect(screen.getByTestId('help-checked')).toHaveTextContent(/2026/);
    expect(dialog).toHaveTextContent(t('help.noAlert'));
  });

  it('works even when the backend cannot start', async () => {
    const user = userEvent.setup();
    mockBackend({
      vault_status: () => {
        throw { code: 'VaultInUse', message: 'locked by another process' };
      },
    });
    render(App);
    expect(await screen.findByTestId('fatal')).toHaveTextContent(t('error.VaultInUse'));
    await user.click(screen.getByTestId('need-help'));
    expect(screen.getByTestId('crisis-US')).toBeVisible();
  });
});
