// "Take your data with you" (issue 13): the warning that the file is not encrypted comes before
// the save dialog; closing the dialog writes nothing; the path field writes there; importing
// checks the file and shows counts first, then imports on confirmation with a progress bar;
// errors in calm words, saying nothing changed.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import ExportData from '../lib/features/export/ExportData.svelte';
import { t } from '../lib/i18n';
import { errorText } from '../lib/i18n/errors';
import { AppError, type ImportSummary } from '../lib/ipc';
import { mockBackend } from './ipcMock';

afterEach(() => vi.restoreAllMocks());

const summary = (newEntries: number): ImportSummary => ({
  exportedAt: '2026-11-27T10:15:00.000Z',
  counts: [
    { part: 'people', inFile: 2, new: 0 },
    { part: 'entries', inFile: 5, new: newEntries },
    { part: 'plans', inFile: 0, new: 0 },
    { part: 'rolePlays', inFile: 2, new: 0 },
    { part: 'agendas', inFile: 0, new: 0 },
  ],
});

describe('export', () => {
  it('says the file is not encrypted before the save dialog, and writes where the patient chose', async () => {
    const user = userEvent.setup();
    const b = mockBackend({
      'plugin:dialog|save': () => '/home/me/Documents/export.json',
      export_write: () => 1234,
    });
    render(ExportData);
    await user.click(screen.getByTestId('export-json'));
    expect(screen.getByTestId('export-warning')).toHaveTextContent(t('export.warning.title'));
    expect(screen.getByTestId('export-warning')).toHaveTextContent(t('export.warning.json'));
    expect(b.called('plugin:dialog|save')).toHaveLength(0);
    expect(b.called('export_write')).toHaveLength(0);

    await user.click(screen.getByTestId('export-choose'));
    expect(await screen.findByTestId('export-done')).toHaveTextContent('/home/me/Documents/export.json');
    const dialog = b.called('plugin:dialog|save')[0].args as { options: { defaultPath: string } };
    expect(dialog.options.defaultPath).toMatch(/^ipt-companion-export-\d{4}-\d{2}-\d{2}\.json$/);
    expect(b.called('export_write')[0].args).toEqual({ path: '/home/me/Documents/export.json', format: 'json' });
    expect(screen.queryByTestId('export-warning')).toBeNull();
  });

  it('closing the save dialog writes nothing', async () => {
    const user = userEvent.setup();
    const b = mockBackend({ 'plugin:dialog|save': () => null, export_write: () => 1 });
    render(ExportData);
    await user.click(screen.getByTestId('export-markdown'));
    expect(screen.getByTestId('export-warning')).toHaveTextContent(t('export.warning.markdown'));
    await user.click(screen.getByTestId('export-choose'));
    expect(b.called('plugin:dialog|save')).toHaveLength(1);
    const dialog = b.called('plugin:dialog|save')[0].args as { options: { defaultPath: string } };
    expect(dialog.options.defaultPath).toMatch(/^my-journal-.*\.md$/);
    expect(b.called('export_write')).toHaveLength(0);
    expect(screen.queryByTestId('export-done')).toBeNull();
    // Cancel closes the warning; nothing written.
    await user.click(screen.getByTestId('export-cancel'));
    expect(screen.queryByTestId('export-warning')).toBeNull();
    expect(b.called('export_write')).toHaveLength(0);
  });

  it('writes to a typed path, with a progress bar, and says why when it cannot', async () => {
    const user = userEvent.setup();
    let fail = true;
    let release: () => void = () => {};
    const b = mockBackend({
      export_write: () => {
        if (fail) throw { code: 'NotWritable', message: 'read-only' };
        return new Promise((resolve) => (release = () => resolve(10)));
      },
    });
    render(ExportData);
    await user.click(screen.getByTestId('export-markdown'));
    await user.type(screen.getByTestId('export-path'), '/tmp/journal.md');
    await user.click(screen.getByTestId('export-path-save'));
    expect(await screen.findByTestId('export-error')).toHaveTextContent(errorText(new AppError('NotWritable', '')));
    fail = false;
    await user.click(screen.getByTestId('export-path-save'));
    expect(await screen.findByTestId('export-progress')).toBeInTheDocument();
    release();
    expect(await screen.findByTestId('export-done')).toHaveTextContent('/tmp/journal.md');
    expect(b.called('export_write').at(-1)?.args).toEqual({ path: '/tmp/journal.md', format: 'markdown' });
  });
});

describe('import', () => {
  it('checks the file, shows what is new, and imports only when confirmed', async () => {
    const user = userEvent.setup();
    let release: () => void = () => {};
    const b = mockBackend({
      import_preview: () => summary(3),
      import_apply: () => new Promise((resolve) => (release = () => resolve(summary(3)))),
    });
    render(ExportData);
    await user.type(screen.getByTestId('import-path'), '/home/me/export.json');
    await user.click(screen.getByTestId('import-check'));
    const preview = await screen.findByTestId('import-preview');
    expect(preview).toHaveTextContent(t('export.part.entries'));
    expect(preview).toHaveTextContent(t('export.import.count', { new: 3, inFile: 5 }));
    expect(preview).not.toHaveTextContent(t('export.part.plans'));
    expect(preview).toHaveTextContent(t('export.part.rolePlays'));
    expect(preview).not.toHaveTextContent(t('export.part.agendas'));
    expect(b.called('import_apply')).toHaveLength(0);

    await user.click(screen.getByTestId('import-confirm'));
    expect(await screen.findByTestId('import-progress')).toBeInTheDocument();
    release();
    expect(await screen.findByTestId('import-done')).toHaveTextContent(t('export.import.done', { count: 3 }));
    expect(b.called('import_apply')[0].args).toEqual({ path: '/home/me/export.json' });
  });

  it('a file with nothing new offers no import; cancel imports nothing', async () => {
    const user = userEvent.setup();
    const b = mockBackend({ import_preview: () => summary(0), import_apply: () => summary(0) });
    render(ExportData);
    await user.type(screen.getByTestId('import-path'), '/home/me/export.json');
    await user.click(screen.getByTestId('import-check'));
    expect(await screen.findByTestId('import-nothing-new')).toBeInTheDocument();
    expect(screen.getByTestId('import-confirm')).toBeDisabled();
    await user.click(screen.getByTestId('import-cancel'));
    expect(screen.queryByTestId('import-preview')).toBeNull();
    expect(b.called('import_apply')).toHaveLength(0);
  });

  it('a file chosen in the file chooser is checked at once', async () => {
    const user = userEvent.setup();
    mockBackend({ 'plugin:dialog|open': () => '/home/me/chosen.json', import_preview: () => summary(1) });
    render(ExportData);
    await user.click(screen.getByText(t('export.import.choose')));
    expect(await screen.findByTestId('import-preview')).toBeInTheDocument();
    expect(screen.getByTestId('import-path')).toHaveValue('/home/me/chosen.json');
  });

  it.each([
    ['NotAnExport'],
    ['ExportTooNew'],
    ['ImportInvalid'],
    ['ImportDuplicate'],
    ['ImportMissingLink'],
    ['ImportTooLarge'],
    ['ImportInProgress'],
  ] as const)('a refused file (%s) says so calmly and that nothing changed', async (code) => {
    const user = userEvent.setup();
    const b = mockBackend({
      import_preview: () => {
        throw { code, message: 'at line 3 column 7' };
      },
    });
    render(ExportData);
    await user.type(screen.getByTestId('import-path'), '/home/me/other.json');
    await user.click(screen.getByTestId('import-check'));
    const err = await screen.findByTestId('import-error');
    expect(err).toHaveTextContent(t('export.import.failed'));
    expect(err).toHaveTextContent(errorText(new AppError(code, '')));
    expect(err).not.toHaveTextContent('line 3');
    expect(screen.queryByTestId('import-preview')).toBeNull();
    expect(b.called('import_apply')).toHaveLength(0);
  });
});
