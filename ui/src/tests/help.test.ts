import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import NeedHelp from '../lib/features/safety/NeedHelp.svelte';
import { crisisCountries, guessCountry, orderedCountries } from '../lib/features/safety/crisisLines';
import { t } from '../lib/i18n';
import CrisisLineSettings from '../lib/features/safety/CrisisLineSettings.svelte';
import { chooseCountry, loadCountryChoice } from '../lib/features/safety/countryChoice.svelte';
import { CRISIS_COUNTRIES } from '../lib/generated/crisisLines';
import { mockBackend } from './ipcMock';

function languages(list: string[]) {
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(list);
  vi.spyOn(navigator, 'language', 'get').mockReturnValue(list[0] ?? '');
}

afterEach(() => vi.restoreAllMocks());

/** The country ids in the dialog, in the order shown. */
function shownCountries(): string[] {
  return Array.from(screen.getByTestId('help-dialog').querySelectorAll('[data-country]')).map((el) => el.getAttribute('data-country') ?? '');
}

describe('which country comes first', () => {
  it('is guessed from the region of the system language', () => {
    expect(guessCountry(['en-US'])).toBe('US');
    expect(guessCountry(['en-GB'])).toBe('GB');
    expect(guessCountry(['es-ES'])).toBe('ES');
    expect(guessCountry(['es-MX'])).toBe('MX');
    expect(guessCountry(['en-CA'])).toBe('CA');
    expect(guessCountry(['fr-CA'])).toBe('CA');
    expect(guessCountry(['en-AU'])).toBe('AU');
    expect(guessCountry(['en-IE'])).toBe('IE');
    expect(guessCountry(['en_GB'])).toBe('GB');
    // A language without a region, or a country without a line here, says nothing.
    expect(guessCountry(['en'])).toBeNull();
    expect(guessCountry(['de-DE'])).toBeNull();
    expect(guessCountry([])).toBeNull();
    expect(guessCountry(['en', 'es-MX'])).toBe('MX');
  });

  it('keeps every country in the list, the guessed one first', () => {
    const order = orderedCountries('IE').map((c) => c.id);
    expect(order[0]).toBe('IE');
    expect([...order].sort()).toEqual(crisisCountries().map((c) => c.id).sort());
  });
});

describe('the help dialog', () => {
  it('opens on the line for the patient’s country, with that country’s emergency number', async () => {
    const user = userEvent.setup();
    languages(['es-MX', 'es']);
    render(NeedHelp);
    await user.click(screen.getByTestId('need-help'));
    expect(shownCountries()[0]).toBe('MX');
    const first = within(screen.getByTestId('help-first'));
    expect(first.getByTestId('crisis-MX')).toHaveTextContent('800 911 2000');
    expect(first.getByTestId('crisis-MX')).toHaveTextContent('Línea de la Vida');
    expect(first.getByTestId('emergency-MX')).toHaveTextContent('911');
    // The others follow, and "somewhere else" comes last.
    expect(shownCountries()).toHaveLength(crisisCountries().length);
    const items = within(screen.getByTestId('help-others')).getAllByRole('listitem');
    expect(items[items.length - 1]).toHaveAttribute('data-testid', 'crisis-local');
  });

  it('never opens on one mixed list of emergency numbers', async () => {
    const user = userEvent.setup();
    languages(['en-GB']);
    render(NeedHelp);
    await user.click(screen.getByTestId('need-help'));
    const dialog = screen.getByTestId('help-dialog');
    expect(dialog).not.toHaveTextContent('911 · 112 · 999');
    expect(shownCountries()[0]).toBe('GB');
    expect(screen.getByTestId('emergency-GB')).toHaveTextContent(/999.*112/);
    expect(screen.getByTestId('emergency-IE')).toHaveTextContent(/112.*999/);
    expect(screen.getByTestId('emergency-AU')).toHaveTextContent('000');
    expect(screen.getByTestId('emergency-AU')).not.toHaveTextContent('911');
    expect(screen.getByTestId('emergency-ES')).toHaveTextContent('112');
    expect(screen.getByTestId('emergency-US')).toHaveTextContent('911');
  });

  it('gives Canada its own 988 entry, and Ireland its own Samaritans entry', async () => {
    const user = userEvent.setup();
    languages(['fr-CA']);
    render(NeedHelp);
    await user.click(screen.getByTestId('need-help'));
    expect(shownCountries()[0]).toBe('CA');
    const canada = screen.getByTestId('crisis-CA');
    expect(canada).toHaveTextContent('988');
    expect(canada).toHaveTextContent('Canada');
    expect(canada).not.toHaveTextContent('United States');
    expect(screen.getByTestId('crisis-IE')).toHaveTextContent('116 123');
    expect(screen.getByTestId('crisis-IE')).toHaveTextContent('Ireland');
    expect(screen.getByTestId('crisis-AU')).toHaveTextContent('13 11 14');
  });

  it('with no country to go on, starts with what to do anywhere, then every country', async () => {
    const user = userEvent.setup();
    languages(['en']);
    render(NeedHelp);
    await user.click(screen.getByTestId('need-help'));
    expect(within(screen.getByTestId('help-first')).getByTestId('crisis-local')).toHaveTextContent(t('help.anywhere'));
    expect(shownCountries()).toEqual(crisisCountries().map((c) => c.id));
  });

  it('says once when the numbers were checked, and against what', async () => {
    const user = userEvent.setup();
    languages(['en-US']);
    render(NeedHelp);
    await user.click(screen.getByTestId('need-help'));
    const dialog = screen.getByTestId('help-dialog');
    const checked = screen.getByTestId('help-checked');
    expect(checked).toHaveTextContent(/2026/);
    expect(checked).toHaveTextContent(/reviewed list/);
    // Not once per line.
    expect(within(screen.getByTestId('crisis-US')).queryByText(/2026/)).toBeNull();
    expect(dialog.textContent?.match(/checked/g) ?? []).toHaveLength(1);
  });

  it('says the app contacts no one before any line, and gives something to do anywhere else', async () => {
    const user = userEvent.setup();
    languages(['en-US']);
    render(NeedHelp);
    await user.click(screen.getByTestId('need-help'));
    const noAlert = screen.getByTestId('help-no-alert');
    expect(noAlert).toHaveTextContent('This app never contacts anyone for you');
    expect(noAlert.compareDocumentPosition(screen.getByTestId('crisis-US')) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    const local = screen.getByTestId('crisis-local');
    expect(local).toHaveTextContent(/emergency number/);
    expect(local).toHaveTextContent(/emergency department/);
    expect(local).not.toHaveTextContent(/therapist/i);
  });

  it('opens with F1 from anywhere, says so on the button, and starts at the heading', async () => {
    languages(['en-US']);
    render(NeedHelp);
    const button = screen.getByTestId('need-help');
    expect(button).toHaveAttribute('aria-keyshortcuts', 'F1');
    expect(screen.getByTestId('need-help-shortcut')).toHaveTextContent('F1');
    expect(button).toHaveAccessibleName(t('help.button'));
    const dialog = screen.getByTestId('help-dialog');
    expect(dialog).not.toHaveAttribute('open');
    const typing = document.createElement('textarea');
    document.body.append(typing);
    typing.focus();
    await fireEvent.keyDown(typing, { key: 'F1' });
    expect(dialog).toHaveAttribute('open');
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: t('help.title') }));
    typing.remove();
  });

  it('leaves F1 with a modifier alone', async () => {
    languages(['en-US']);
    render(NeedHelp);
    await fireEvent.keyDown(window, { key: 'F1', ctrlKey: true });
    expect(screen.getByTestId('help-dialog')).not.toHaveAttribute('open');
  });
});

describe('emergency numbers', () => {
  it('keep a space around "or" (read as two numbers, not one word)', () => {
    render(NeedHelp);
    const ireland = screen.getByTestId('emergency-IE');
    expect(ireland.textContent).toMatch(/112 or 999/);
  });
});

describe('the reviewed data', () => {
  it('shows every entry of the core’s file, with its number and how to reach it', async () => {
    const user = userEvent.setup();
    languages(['en']);
    render(NeedHelp);
    await user.click(screen.getByTestId('need-help'));
    expect(shownCountries().sort()).toEqual(CRISIS_COUNTRIES.map((c) => c.country).sort());
    for (const c of CRISIS_COUNTRIES) {
      const shown = screen.getByTestId(`crisis-${c.country}`);
      expect(shown).toHaveTextContent(c.number);
      expect(shown).toHaveTextContent(c.line);
      for (const n of c.emergency) expect(screen.getByTestId(`emergency-${c.country}`)).toHaveTextContent(n);
    }
    expect(screen.getByTestId('crisis-US')).toHaveTextContent(t('help.line.callOrText'));
    expect(screen.getByTestId('crisis-GB')).toHaveTextContent(t('help.line.callFree'));
    // The oldest check is the one the dialog gives.
    const oldest = CRISIS_COUNTRIES.map((c) => c.checked).sort()[0];
    expect(screen.getByTestId('help-checked')).toHaveTextContent(new Date(`${oldest}T12:00:00`).getFullYear().toString());
  });
});

describe('choosing the country', () => {
  afterEach(async () => {
    mockBackend({ crisis_lines_settings_set: () => ({ crisisCountry: null }) });
    await chooseCountry(null);
  });

  it('a country chosen in Settings comes first, over the guess from the language', async () => {
    const user = userEvent.setup();
    languages(['en-US']);
    let stored: string | null = null;
    const b = mockBackend({
      crisis_lines_settings_get: () => ({ crisisCountry: stored }),
      crisis_lines_settings_set: ({ country }) => {
        stored = country as string | null;
        return { crisisCountry: stored };
      },
    });
    await loadCountryChoice();
    const settings = render(CrisisLineSettings);
    const select = screen.getByTestId('crisis-country') as HTMLSelectElement;
    expect(select.value).toBe('');
    expect(select.options[0].textContent).toContain('United States');
    await user.selectOptions(select, 'AU');
    await screen.findByTestId('crisis-settings-saved');
    expect(b.called('crisis_lines_settings_set').map((c) => c.args.country)).toEqual(['AU']);
    settings.unmount();

    render(NeedHelp);
    await user.click(screen.getByTestId('need-help'));
    expect(shownCountries()[0]).toBe('AU');
  });

  it('a refused choice says why and the list shows what is kept', async () => {
    const user = userEvent.setup();
    languages(['en-US']);
    mockBackend({
      crisis_lines_settings_set: () => {
        throw { code: 'NotWritable', message: 'read-only' };
      },
    });
    render(CrisisLineSettings);
    const select = screen.getByTestId('crisis-country') as HTMLSelectElement;
    await user.selectOptions(select, 'ES');
    expect(await screen.findByRole('alert')).toBeInTheDocument();
    expect(select.value).toBe('');
  });
});

describe('my people, beside the lines', () => {
  const plan = {
    warningSigns: [],
    coping: [],
    distractions: [],
    helpers: [{ name: 'Aunt <b>M</b>', phone: '555 0142' }],
    professionals: [{ name: 'Dr K', phone: '555 0199' }],
    saferSurroundings: [],
    reasonForLiving: '',
    updatedAt: '2026-11-20T09:00:00Z',
  };

  it('while unlocked come from the safety plan, as text', async () => {
    const user = userEvent.setup();
    languages(['en-US']);
    mockBackend({ safety_plan_get: () => plan });
    render(NeedHelp, { props: { unlocked: true, onOpenPlan: vi.fn() } });
    await user.click(screen.getByTestId('need-help'));
    const people = await screen.findByTestId('help-my-people');
    expect(people).toHaveTextContent('Aunt <b>M</b>');
    expect(people).toHaveTextContent('555 0199');
    expect(people.querySelector('b')).toBeNull();
    // After the patient's own country's line.
    expect(screen.getByTestId('crisis-US').compareDocumentPosition(people) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('while locked come only from a readable copy, if one is kept', async () => {
    const user = userEvent.setup();
    languages(['en-US']);
    const b = mockBackend({ safety_plan_copy_get: () => null });
    const none = render(NeedHelp, { props: { locked: true } });
    await user.click(screen.getByTestId('need-help'));
    await waitFor(() => expect(b.called('safety_plan_copy_get')).toHaveLength(1));
    expect(screen.queryByTestId('help-my-people')).toBeNull();
    expect(b.called('safety_plan_get')).toHaveLength(0);
    none.unmount();

    mockBackend({ safety_plan_copy_get: () => plan });
    render(NeedHelp, { props: { locked: true } });
    await user.click(screen.getByTestId('need-help'));
    expect(await screen.findByTestId('help-my-people')).toHaveTextContent('555 0142');
  });
});
