// Check-ins for a health record (issue 15): the card saves the chosen period where the patient
// chose in the save dialog and says how many check-ins went in; closing the dialog saves nothing;
// a typed path works too; an error is shown in calm words.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import CheckIns from '../lib/features/checkins/CheckIns.svelte';
import ForHealthRecord from '../lib/features/checkins/ForHealthRecord.svelte';
import { t } from '../lib/i18n';
import { errorText } from '../lib/i18n/errors';
import { localDay } from '../lib/dates';
import { AppError, type CheckIn } from '../lib/ipc';
import { mockBackend } from './ipcMock';

afterEach(() => vi.restoreAllMocks());

const checkIn = (id: number, takenAt: string): CheckIn => ({
  id,
  kind: 'phq9',
  takenAt,
  answers: [1, 1, 1, 1, 1, 1, 1, 1, 0],
  difficulty: null,
  score: 8,
  prorated: false,
  band: 'mild',
  item9: 0,
});

// Noon UTC: the same local day in every zone the tests may run in.
const CHECK_INS = [checkIn(2, '2026-11-17T12:00:00.000Z'), checkIn(1, '2026-11-05T12:00:00.000Z')];

describe('check-ins for a health record', () => {
  it('says what the file is, and saves the period where the patient chose', async () => {
    const user = userEvent.setup();
    const b = mockBackend({
      course_get: () => ({ startDate: '2026-11-03' }),
      'plugin:dialog|save': () => '/home/me/Documents/check-ins.json',
      checkins_export_fhir: () => ({ checkIns: 2, bytes: 4096 }),
    });
    render(ForHealthRecord, { checkIns: CHECK_INS });
    expect(screen.getByTestId('checkins-fhir')).toHaveTextContent(t('checkins.fhir.title'));
    expect(screen.getByTestId('checkins-fhir')).toHaveTextContent('a standard file format health records can read');
    // The period runs from the course's start (earlier than the first check-in) to today.
    await waitFor(() => expect(screen.getByTestId('fhir-from')).toHaveValue('2026-11-03'));
    expect(screen.getByTestId('fhir-to')).toHaveValue(localDay(new Date()));

    await fireEvent.input(screen.getByTestId('fhir-from'), { target: { value: '2026-11-04' } });
    await fireEvent.input(screen.getByTestId('fhir-to'), { target: { value: '2026-11-30' } });
    await user.click(screen.getByTestId('fhir-save'));
    expect(await screen.findByTestId('fhir-done')).toHaveTextContent(
      t('checkins.fhir.done', { count: 2, path: '/home/me/Documents/check-ins.json' }),
    );
    expect(screen.getByTestId('fhir-done')).toHaveTextContent('Saved 2 check-ins to /home/me/Documents/check-ins.json');
    const dialog = b.called('plugin:dialog|save')[0].args as { options: { defaultPath: string } };
    expect(dialog.options.defaultPath).toBe('check-ins-fhir-2026-11-04-to-2026-11-30.json');
    expect(b.called('checkins_export_fhir')).toHaveLength(1);
    expect(b.called('checkins_export_fhir')[0].args).toEqual({
      from: '2026-11-04',
      to: '2026-11-30',
      path: '/home/me/Documents/check-ins.json',
    });
  });

  it('starts at the first check-in without a course, and closing the dialog saves nothing', async () => {
    const user = userEvent.setup();
    const b = mockBackend({
      course_get: () => null,
      'plugin:dialog|save': () => null,
      checkins_export_fhir: () => ({ checkIns: 1, bytes: 10 }),
    });
    render(ForHealthRecord, { checkIns: CHECK_INS });
    await waitFor(() => expect(b.called('course_get')).toHaveLength(1));
    expect(screen.getByTestId('fhir-from')).toHaveValue('2026-11-05');
    await user.click(screen.getByTestId('fhir-save'));
    await waitFor(() => expect(b.called('plugin:dialog|save')).toHaveLength(1));
    expect(b.called('checkins_export_fhir')).toHaveLength(0);
    expect(screen.queryByTestId('fhir-done')).toBeNull();
    expect(screen.queryByTestId('fhir-error')).toBeNull();
  });

  it('saves to a typed path, one check-in in the singular', async () => {
    const user = userEvent.setup();
    const b = mockBackend({ course_get: () => null, checkins_export_fhir: () => ({ checkIns: 1, bytes: 10 }) });
    render(ForHealthRecord, { checkIns: CHECK_INS });
    await user.type(screen.getByTestId('fhir-path'), '/tmp/record.json');
    await user.click(screen.getByTestId('fhir-path-save'));
    expect(await screen.findByTestId('fhir-done')).toHaveTextContent('Saved 1 check-in to /tmp/record.json.');
    expect(b.called('checkins_export_fhir')[0].args).toMatchObject({ path: '/tmp/record.json' });
  });

  it.each([['NothingToExport'], ['InvalidDate'], ['NotWritable']] as const)('shows %s in calm words', async (code) => {
    const user = userEvent.setup();
    mockBackend({
      course_get: () => null,
      'plugin:dialog|save': () => '/home/me/check-ins.json',
      checkins_export_fhir: () => {
        throw { code, message: 'developer detail' };
      },
    });
    render(ForHealthRecord, { checkIns: CHECK_INS });
    await user.click(screen.getByTestId('fhir-save'));
    const alert = await screen.findByTestId('fhir-error');
    expect(alert).toHaveTextContent(errorText(new AppError(code, '')));
    expect(alert).not.toHaveTextContent('developer detail');
    expect(alert.textContent).not.toMatch(/diagnos/i);
    expect(screen.queryByTestId('fhir-done')).toBeNull();
  });
});

describe('the FHIR card on the check-ins page', () => {
  it('shows only once there are check-ins', async () => {
    mockBackend({ checkins_list: () => [], course_get: () => null });
    const first = render(CheckIns);
    await screen.findByText(t('checkins.history.empty'));
    expect(screen.queryByTestId('checkins-fhir')).toBeNull();
    first.unmount();
    mockBackend({ checkins_list: () => CHECK_INS, course_get: () => null, journal_mood_by_day: () => [], course_timeline: () => [] });
    render(CheckIns);
    expect(await screen.findByTestId('checkins-fhir')).toBeInTheDocument();
  });
});
