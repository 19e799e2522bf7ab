// "Bring your history" (issue 13): a Daylio export or a folder of notes. The preview shows how
// many entries, from when to when, what cannot be read and why, and the mood mapping; changing a
// mood re-runs the preview; "Add" sends the mapping shown, with a progress bar; errors are calm
// words and nothing is added.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import ImportHistory from '../lib/features/import_history/ImportHistory.svelte';
import Settings from '../lib/features/settings/Settings.svelte';
import { t } from '../lib/i18n';
import { errorText } from '../lib/i18n/errors';
import { AppError, type ImportPreview } from '../lib/ipc';
import { mockBackend } from './ipcMock';

afterEach(() => vi.restoreAllMocks());

const PATH = '/home/me/Downloads/daylio_export.csv';

function daylioPreview(sleepy: number | null = null): ImportPreview {
  return {
    entries: sleepy === null ? 3 : 4,
    from: '2024-05-01',
    to: '2024-05-03',
    unreadable: [
      ...(sleepy === null ? [{ row: 3, file: null, reason: 'moodNotMapped' as const }] : []),
      { row: 5, file: null, reason: 'badTime' as const },
    ],
    unreadableCount: sleepy === null ? 2 : 1,
    moodWords: [
      { word: 'rad', count: 2, mappedTo: 10 },
      { word: 'awful', count: 1, mappedTo: 0 },
      { word: 'Sleepy', count: 1, mappedTo: sleepy },
    ],
    alreadyPresent: 1,
    withoutMood: 0,
  };
}

function mapped(args: Record<string, unknown>): number | null {
  const m = (args.mapping ?? []) as { word: string; mood: number | null }[];
  return m.find((c) => c.word === 'Sleepy')?.mood ?? null;
}

describe('bringing in a Daylio export', () => {
  it('shows how many, from when to when, what cannot be read and the mood words', async () => {
    const user = userEvent.setup();
    const b = mockBackend({ import_history_preview_daylio: (a) => daylioPreview(mapped(a)) });
    render(ImportHistory);
    await user.type(screen.getByTestId('history-path'), PATH);
    await user.click(screen.getByTestId('history-look'));

    const summary = await screen.findByTestId('history-summary');
    expect(summary).toHaveTextContent('3 entries, from May 1, 2024 to May 3, 2024.');
    expect(screen.getByTestId('history-already')).toHaveTextContent('1 of these is already in your journal');
    const unreadable = screen.getByTestId('history-unreadable');
    expect(within(unreadable).getAllByRole('listitem')).toHaveLength(2);
    expect(unreadable).toHaveTextContent(`Row 3: ${t('importHistory.reason.moodNotMapped')}`);
    expect(unreadable).toHaveTextContent(`Row 5: ${t('importHistory.reason.badTime')}`);
    const moods = screen.getByTestId('history-moods');
    expect(within(moods).getAllByRole('row')).toHaveLength(4);
    expect(screen.getByRole('combobox', { name: 'Mood for “rad”' })).toHaveValue('10');
    expect(screen.getByRole('combobox', { name: 'Mood for “Sleepy”' })).toHaveValue('');
    expect(screen.getByTestId('history-add')).toHaveTextContent('Add 3 entries to my journal');
    // The first look uses the defaults; nothing is written.
    expect(b.called('import_history_preview_daylio')[0].args).toEqual({ path: PATH, mapping: null });
    expect(b.called('import_history_apply_daylio')).toHaveLength(0);
  });

  it('a changed mood re-runs the preview with the mapping, and Add sends that mapping', async () => {
    const user = userEvent.setup();
    let release: () => void = () => {};
    const b = mockBackend({
      import_history_preview_daylio: (a) => daylioPreview(mapped(a)),
      import_history_apply_daylio: () =>
        new Promise((resolve) => {
          release = () => resolve({ added: 4, alreadyPresent: 1, skipped: 1 });
        }),
    });
    render(ImportHistory);
    await user.type(screen.getByTestId('history-path'), PATH);
    await user.click(screen.getByTestId('history-look'));
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Mood for “Sleepy”' }), '4');

    await waitFor(() => expect(b.called('import_history_preview_daylio')).toHaveLength(2));
    const second = b.called('import_history_preview_daylio')[1].args;
    expect(second.path).toBe(PATH);
    expect(second.mapping).toEqual(
      expect.arrayContaining([
        { word: 'rad', mood: 10 },
        { word: 'awful', mood: 0 },
        { word: 'Sleepy', mood: 4 },
      ]),
    );
    expect(await screen.findByTestId('history-add')).toHaveTextContent('Add 4 entries to my journal');
    expect(screen.getByTestId('history-unreadable')).not.toHaveTextContent('Row 3');

    await user.click(screen.getByTestId('history-add'));
    expect(await screen.findByTestId('history-progress')).toBeInTheDocument();
    const apply = b.called('import_history_apply_daylio');
    expect(apply).toHaveLength(1);
    expect(apply[0].args.path).toBe(PATH);
    expect(apply[0].args.mapping).toEqual(second.mapping);
    release();
    const done = await screen.findByTestId('history-done');
    expect(done).toHaveTextContent('Done: 4 entries added to your journal.');
    expect(done).toHaveTextContent('1 could not be read and was left out.');
    expect(screen.queryByTestId('history-preview')).toBeNull();
  });

  it('the system file chooser fills the path and shows the preview', async () => {
    const user = userEvent.setup();
    const b = mockBackend({
      'plugin:dialog|open': () => PATH,
      import_history_preview_daylio: (a) => daylioPreview(mapped(a)),
    });
    render(ImportHistory);
    await user.click(screen.getByTestId('history-choose'));
    expect(await screen.findByTestId('history-summary')).toHaveTextContent('3 entries');
    expect(screen.getByTestId('history-path')).toHaveValue(PATH);
    const open = b.called('plugin:dialog|open')[0].args.options as { directory: boolean; filters: { extensions: string[] }[] };
    expect(open.directory).toBe(false);
    expect(open.filters[0].extensions).toContain('csv');
  });

  it('a file that is not a Daylio export, or too large, is refused in calm words', async () => {
    const user = userEvent.setup();
    let fail: { code: string; message: string; limit?: number } = { code: 'NotADaylioExport', message: 'no mood column' };
    const b = mockBackend({
      import_history_preview_daylio: () => {
        throw fail;
      },
    });
    render(ImportHistory);
    await user.type(screen.getByTestId('history-path'), '/home/me/contacts.csv');
    await user.click(screen.getByTestId('history-look'));
    expect(await screen.findByTestId('history-error')).toHaveTextContent(errorText(new AppError('NotADaylioExport', '')));
    expect(screen.getByTestId('history-error')).not.toHaveTextContent('no mood column');
    expect(screen.queryByTestId('history-preview')).toBeNull();

    fail = { code: 'FileTooLarge', message: 'larger than 50 MB', limit: 50 };
    await user.click(screen.getByTestId('history-look'));
    await waitFor(() => expect(screen.getByTestId('history-error')).toHaveTextContent('at most 50 MB'));
    expect(b.called('import_history_apply_daylio')).toHaveLength(0);
  });

  it('when everything is already there, says so and offers nothing to add', async () => {
    const user = userEvent.setup();
    mockBackend({
      import_history_preview_daylio: () => ({ ...daylioPreview(4), entries: 0, from: null, to: null, alreadyPresent: 4, unreadable: [], unreadableCount: 0 }),
    });
    render(ImportHistory);
    await user.type(screen.getByTestId('history-path'), PATH);
    await user.click(screen.getByTestId('history-look'));
    expect(await screen.findByTestId('history-summary')).toHaveTextContent(t('importHistory.nothingNew'));
    expect(screen.queryByTestId('history-add')).toBeNull();
  });
});

describe('bringing in a folder of notes', () => {
  it('uses the mood chosen for notes without one, and adds them', async () => {
    const user = userEvent.setup();
    const b = mockBackend({
      'plugin:dialog|open': () => '/home/me/notes',
      import_history_preview_folder: (a) => ({
        entries: 1,
        from: '2023-11-05',
        to: '2023-11-05',
        unreadable: [{ row: null, file: 'thoughts.md', reason: 'noDate' }],
        unreadableCount: 1,
        moodWords: [],
        alreadyPresent: 0,
        withoutMood: a.defaultMood === 3 ? 1 : 0,
      }),
      import_history_apply_folder: () => ({ added: 1, alreadyPresent: 0, skipped: 1 }),
    });
    render(ImportHistory);
    await user.click(screen.getByTestId('history-kind-folder'));
    await user.selectOptions(screen.getByTestId('history-default-mood'), '3');
    await user.click(screen.getByTestId('history-choose'));
    const open = b.called('plugin:dialog|open')[0].args.options as { directory: boolean };
    expect(open.directory).toBe(true);
    expect(await screen.findByTestId('history-summary')).toHaveTextContent('1 entry, on November 5, 2023.');
    expect(screen.getByTestId('history-unreadable')).toHaveTextContent(`thoughts.md: ${t('importHistory.reason.noDate')}`);
    expect(screen.queryByTestId('history-moods')).toBeNull();
    expect(b.called('import_history_preview_folder')[0].args).toEqual({ path: '/home/me/notes', defaultMood: 3 });

    await user.click(screen.getByTestId('history-add'));
    expect(await screen.findByTestId('history-done')).toHaveTextContent('Done: 1 entry added to your journal.');
    expect(b.called('import_history_apply_folder')[0].args).toEqual({ path: '/home/me/notes', defaultMood: 3 });
  });
});

describe('in Settings', () => {
  it('the card sits with the other “my data” cards', async () => {
    mockBackend({ vault_info: () => ({ dataDir: '/d', sqliteVersion: '3', cipherVersion: '4' }) });
    render(Settings, { props: { autoLockMinutes: 10, onChanged: vi.fn(), onRestored: vi.fn(), onErased: vi.fn() } });
    expect(await screen.findByTestId('import-history')).toHaveTextContent(t('importHistory.title'));
  });
});
