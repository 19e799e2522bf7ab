// The faults of "Nothing lost, nothing misread" as the window sees them: one vault file alone is
// never offered a "create", damage found after unlocking is said calmly, locking first keeps the
// words just typed (and refuses to lock when even a draft cannot be written), a lost keyring entry
// can be linked again, limits name their field, and "Someone new…" keeps its name field.
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../App.svelte';
import Plans from '../lib/features/plans/Plans.svelte';
import { lockedStatus, mockBackend, unlockedStatus } from './ipcMock';
import { t } from '../lib/i18n';
import { errorText } from '../lib/i18n/errors';
import { AppError, toAppError, type Plan } from '../lib/ipc';

describe('one vault file without the other', () => {
  it('explains which file is missing, offers no create, and moves the other aside only when asked', async () => {
    const user = userEvent.setup();
    let files = 'keysOnly';
    const backend = mockBackend({
      vault_status: () =>
        files === 'none'
          ? { ...lockedStatus(), exists: false, files }
          : { ...lockedStatus(), exists: false, files },
      vault_set_aside: () => {
        files = 'none';
        return { movedTo: ['vault.keys.set-aside-20261127-101500'] };
      },
    });
    render(App);
    const card = await screen.findByTestId('missing-file');
    expect(card).toHaveTextContent(t('files.keysOnly.title'));
    expect(card).toHaveTextContent('vault.db');
    expect(screen.getByTestId('missing-folder')).toHaveTextContent('/home/me/.local/share/org.iptcompanion.app');
    expect(screen.queryByTestId('welcome-start')).toBeNull();

    // "Check again" looks again and changes nothing.
    await user.click(screen.getByTestId('missing-retry'));
    expect(await screen.findByTestId('missing-file')).toBeInTheDocument();
    expect(backend.called('vault_set_aside')).toHaveLength(0);

    // Starting over asks first, then moves the file aside (never deletes) and says where.
    await user.click(screen.getByTestId('missing-start-over'));
    expect(backend.called('vault_set_aside')).toHaveLength(0);
    await user.click(screen.getByTestId('missing-confirm'));
    expect(await screen.findByTestId('set-aside-note')).toHaveTextContent('vault.keys.set-aside-20261127-101500');
    expect(screen.getByTestId('welcome-start')).toBeInTheDocument();
  });

  it('names the key file when only the database is there', async () => {
    mockBackend({ vault_status: () => ({ ...lockedStatus(), exists: false, files: 'databaseOnly' }) });
    render(App);
    const card = await screen.findByTestId('missing-file');
    expect(card).toHaveTextContent(t('files.dbOnly.title'));
    expect(card).toHaveTextContent('vault.keys');
  });
});

describe('damage found after unlocking', () => {
  it('shows a calm banner with what to do', async () => {
    mockBackend({ vault_status: () => unlockedStatus(), vault_integrity: () => 'damaged' });
    render(App);
    const banner = await screen.findByTestId('damaged-banner');
    expect(banner).toHaveTextContent(t('integrity.damaged.title'));
    expect(banner).toHaveTextContent(/backup/);
  });

  it('says when the log of the last changes came back damaged, and names the copy kept', async () => {
    mockBackend({ vault_status: () => unlockedStatus({ damagedLogCopy: 'vault.db-wal.damaged-20261128-010203' }) });
    render(App);
    const banner = await screen.findByTestId('damaged-log-banner');
    expect(banner).toHaveTextContent(t('integrity.log.title'));
    expect(banner).toHaveTextContent('vault.db-wal.damaged-20261128-010203');
    expect(banner).toHaveTextContent('/home/me/.local/share/org.iptcompanion.app');
    expect(screen.queryByTestId('damaged-banner')).toBeNull();
  });

  it('shows nothing when the file is intact', async () => {
    mockBackend({ vault_status: () => unlockedStatus() });
    render(App);
    await screen.findByTestId('nav-journal');
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByTestId('damaged-banner')).toBeNull();
    expect(screen.queryByTestId('damaged-log-banner')).toBeNull();
  });
});

function journalApp(saveDraft: (payload: string) => unknown) {
  let unlocked = true;
  return mockBackend({
    vault_status: () => (unlocked ? unlockedStatus() : lockedStatus()),
    vault_lock: () => {
      unlocked = false;
      return null;
    },
    journal_list: () => ({ items: [], nextCursor: null }),
    journal_mood_by_day: () => [],
    people_list: () => [],
    journal_tags: () => [],
    journal_get_draft: () => null,
    journal_save_draft: ({ key, payload }) => {
      saveDraft(payload as string);
      return { key, payload, updatedAt: '2026-11-27T10:00:00Z' };
    },
  });
}

async function openNewEntry(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByTestId('nav-journal'));
  await user.click(await screen.findByTestId('new-entry'));
  await waitFor(() => expect(screen.getByTestId('entry-save')).toBeEnabled());
}

describe('locking keeps the words typed just before', () => {
  it('writes the draft with the last words, then locks (Ctrl+L)', async () => {
    const user = userEvent.setup();
    const drafts: string[] = [];
    const backend = journalApp((p) => drafts.push(p));
    render(App);
    await openNewEntry(user);
    await user.type(screen.getByTestId('entry-text'), 'the last words before someone walked in');
    await user.keyboard('{Control>}l{/Control}');
    await screen.findByTestId('unlock-passphrase');
    const order = backend.calls.map((c) => c.cmd).filter((c) => c === 'journal_save_draft' || c === 'vault_lock');
    expect(order.at(-1)).toBe('vault_lock');
    expect(order.at(-2)).toBe('journal_save_draft');
    expect(drafts.at(-1)).toContain('the last words before someone walked in');
  });

  it('does not lock when even the draft cannot be written, and keeps the text in the form', async () => {
    const user = userEvent.setup();
    const backend = journalApp(() => {
      throw { code: 'DiskFull', message: 'writing: database or disk is full' };
    });
    render(App);
    await openNewEntry(user);
    await user.type(screen.getByTestId('entry-text'), 'words that must not vanish');
    await user.click(screen.getByTestId('lock-now'));
    const alert = await screen.findByTestId('lock-error');
    expect(alert).toHaveTextContent(/disk is full/i);
    expect(backend.called('vault_lock')).toHaveLength(0);
    expect(screen.getByTestId('entry-text')).toHaveValue('words that must not vanish');
  });
});

describe('a keyring that lost its entry', () => {
  it('offers to link it again after the passphrase opened the space', async () => {
    const user = userEvent.setup();
    let unlocked = false;
    const backend = mockBackend({
      vault_status: () => (unlocked ? unlockedStatus({ hasKeyringSlot: true }) : lockedStatus({ hasKeyringSlot: true })),
      vault_unlock_keyring: () => {
        throw { code: 'KeyringEntryMissing', message: 'gone' };
      },
      vault_unlock_passphrase: () => {
        unlocked = true;
        return null;
      },
      vault_relink_keyring: () => null,
    });
    render(App);
    await user.type(await screen.findByTestId('unlock-passphrase'), 'the right one');
    await user.click(screen.getByTestId('unlock-submit'));
    const offer = await screen.findByTestId('relink-offer');
    await user.click(within(offer).getByTestId('relink-keyring'));
    expect(await screen.findByTestId('relink-note')).toHaveTextContent(t('keyring.relinked'));
    expect(backend.called('vault_relink_keyring')).toHaveLength(1);
    expect(screen.queryByTestId('relink-offer')).toBeNull();
  });
});

describe('error words', () => {
  it('a list over its limit names the field and the limit', () => {
    const e = toAppError({ code: 'TooMany', message: 'tags: at most 30 per entry', field: 'tags', limit: 30 });
    expect(e).toBeInstanceOf(AppError);
    expect(errorText(e)).toContain('Tags');
    expect(errorText(e)).toContain('30');
  });

  it('a damaged key file, a full disk, a read-only folder and a damaged vault each say their own thing', () => {
    const words = (code: string) => errorText(toAppError({ code, message: '' }));
    expect(words('KeyFileDamaged')).toContain('vault.keys');
    expect(words('KeyFileMissing')).toContain('vault.keys');
    expect(words('Damaged')).toContain('vault.db');
    expect(words('DiskFull')).toMatch(/space/);
    expect(words('NotWritable')).not.toMatch(/space/);
    expect(words('NotWritable')).toMatch(/cannot be written/);
    expect(words('Database')).not.toMatch(/saving|Nothing was lost/);
    // An empty vault file, and two files that are not one vault's pair, have words of their own.
    expect(words('VaultFileEmpty')).toMatch(/empty/);
    expect(words('KeysDoNotMatch')).toMatch(/vault\.keys.*vault\.db/);
    expect(words('KeysDoNotMatch')).not.toBe(words('Damaged'));
    expect(words('KeysDoNotMatch')).not.toBe(words('WrongKey'));
  });
});

describe('"Someone new…" keeps its name field', () => {
  function plan(over: Partial<Plan>): Plan {
    return {
      id: 1, what: '', area: null, personId: null, personName: null, dueOn: '2026-12-01', status: 'planned',
      reflection: '', moodBefore: null, moodAfter: null, createdAt: '', updatedAt: '', scenarioKey: null, runId: null,
      ...over,
    };
  }

  it('after a plan saved with a new person, choosing someone new again shows the name field and sends the name', async () => {
    const user = userEvent.setup();
    const stored: Plan[] = [];
    const people = [{ id: 4, displayName: 'Sam' }];
    const backend = mockBackend({
      plans_list: () => stored,
      people_list: () => people,
      plans_create: ({ input }) => {
        const i = input as { what: string; personName: string | null };
        const id = stored.length + 10;
        if (i.personName) people.push({ id, displayName: i.personName });
        const p = plan({ id, what: i.what, personId: i.personName ? id : null, personName: i.personName });
        stored.push(p);
        return p;
      },
    });
    render(Plans);
    for (const [what, name] of [
      ['Call Jude', 'Jude'],
      ['Coffee with Ana', 'Ana'],
      ['Walk with Lee', 'Lee'],
    ]) {
      await user.type(await screen.findByTestId('plan-what'), what);
      const picker = screen.getByTestId('plan-person') as HTMLSelectElement;
      expect(picker.value).toBe('');
      await user.selectOptions(picker, t('plans.person.new'));
      await user.type(await screen.findByTestId('plan-person-name'), name);
      await user.click(screen.getByTestId('plan-save'));
      await waitFor(() => expect(backend.called('plans_create').at(-1)?.args.input).toMatchObject({ what, personName: name }));
      await waitFor(() => expect(screen.getByTestId('plan-what')).toHaveValue(''));
      // After the save the list shows "nobody" again, and the name field is gone.
      await waitFor(() => expect((screen.getByTestId('plan-person') as HTMLSelectElement).value).toBe(''));
      expect(screen.queryByTestId('plan-person-name')).toBeNull();
    }
    expect(backend.called('plans_create')).toHaveLength(3);
  });

  it('a new person needs a name before the plan is sent', async () => {
    const user = userEvent.setup();
    const backend = mockBackend({ plans_list: () => [], people_list: () => [], plans_create: () => plan({}) });
    render(Plans);
    await user.type(await screen.findByTestId('plan-what'), 'Say hello');
    await user.selectOptions(screen.getByTestId('plan-person'), t('plans.person.new'));
    await user.click(screen.getByTestId('plan-save'));
    expect(screen.getByTestId('plan-person-name')).toBeRequired();
    expect(backend.called('plans_create')).toHaveLength(0);
  });
});
