// The personal safety plan (issue 12, the UI): the form for an empty plan, what is sent on save,
// the plan to read afterwards in step order, a refused save that keeps every word, and the ways
// in from "Need help now" (only when unlocked) and from the item-9 help.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import App from '../App.svelte';
import SafetyPlanPage from '../lib/features/safety/SafetyPlan.svelte';
import NeedHelp from '../lib/features/safety/NeedHelp.svelte';
import Item9Help from '../lib/features/checkins/Item9Help.svelte';
import { STEPS, emptyPlan, fromDraft, hasContent, planErrorText, toDraft } from '../lib/features/safety/planSteps';
import { trimSpace } from '../lib/text';
import { localDay, plainDate } from '../lib/dates';
import { errorText } from '../lib/i18n/errors';
import { t } from '../lib/i18n';
import { AppError, type SafetyPlan } from '../lib/ipc';
import { lockedStatus, mockBackend, unlockedStatus } from './ipcMock';

afterEach(() => vi.restoreAllMocks());

function languages(list: string[]) {
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(list);
  vi.spyOn(navigator, 'language', 'get').mockReturnValue(list[0] ?? '');
}

const SAVED_AT = '2026-12-01T18:00:00Z';

/** A backend that keeps the plan as the core would: what was sent, with the time it was saved. */
function backend(initial: SafetyPlan = emptyPlan(), refuse?: { code: string; message: string; field?: string; limit?: number }) {
  let stored = initial;
  let copy: SafetyPlan | null = null;
  const b = mockBackend({
    safety_plan_get: () => stored,
    safety_plan_copy_get: () => copy,
    safety_plan_copy_set: ({ keep }) => {
      copy = keep ? stored : null;
      return copy;
    },
    safety_plan_save: ({ plan }) => {
      if (refuse) throw refuse;
      stored = { ...(plan as SafetyPlan), updatedAt: SAVED_AT };
      return stored;
    },
    'plugin:dialog|save': () => '/home/me/safety plan.pdf',
    safety_plan_save_pdf: () => 3000,
  });
  return b;
}

const filled: SafetyPlan = {
  warningSigns: ['I stop answering messages'],
  coping: ['A long shower', 'Music, loud'],
  distractions: [],
  helpers: [{ name: 'J.', phone: '555 0101' }],
  professionals: [],
  saferSurroundings: [],
  reasonForLiving: 'My cat, Miso',
  updatedAt: '2026-11-20T09:00:00Z',
};

describe('an empty plan', () => {
  it('opens to the form: the six steps in order with their hints, and the reason for living', async () => {
    backend();
    render(SafetyPlanPage);
    const form = await screen.findByTestId('safety-plan-form');
    expect(screen.queryByTestId('safety-plan-view')).toBeNull();
    expect(screen.queryByTestId('sp-edit')).toBeNull();
    expect(screen.getByTestId('safety-plan')).toHaveTextContent(t('safetyPlan.lead'));
    const headings = within(form)
      .getAllByRole('heading', { level: 2 })
      .map((h) => h.textContent ?? '');
    STEPS.forEach((s, i) => expect(headings[i]).toContain(t(s.heading)));
    expect(headings[6]).toContain(t('safetyPlan.reason'));
    for (const s of STEPS) expect(screen.getByTestId(`sp-step-${s.key}`)).toHaveTextContent(t(s.hint));
    // No saved note before the first save.
    expect(screen.queryByTestId('sp-saved')).toBeNull();
  });

  it('saves what was typed, trimmed and without empty lines, then shows it to read in step order', async () => {
    const user = userEvent.setup();
    const b = backend();
    render(SafetyPlanPage);
    await screen.findByTestId('safety-plan-form');

    await user.click(screen.getByTestId('sp-add-warningSigns'));
    // The new line takes focus, so typing goes straight into it.
    expect(screen.getByTestId('sp-warningSigns-1')).toHaveFocus();
    await user.keyboard('  Sleeping all day ');
    // Enter in a line starts the next one; it does not save the plan half-written.
    await user.keyboard('{Enter}');
    expect(screen.getByTestId('sp-warningSigns-2')).toHaveFocus();
    await user.keyboard('Cancelling plans');
    expect(b.called('safety_plan_save')).toHaveLength(0);
    // An empty line is left out.
    await user.click(screen.getByTestId('sp-add-warningSigns'));

    await user.click(screen.getByTestId('sp-add-coping'));
    await user.type(screen.getByTestId('sp-coping-1'), 'Walk round the block');
    await user.click(screen.getByTestId('sp-add-coping'));
    await user.type(screen.getByTestId('sp-coping-2'), 'This one goes');
    await user.click(screen.getByTestId('sp-remove-coping-2'));
    expect(screen.queryByTestId('sp-coping-2')).toBeNull();

    await user.click(screen.getByTestId('sp-add-distractions'));
    await user.type(screen.getByTestId('sp-distractions-1'), 'The library café');

    await user.click(screen.getByTestId('sp-add-helpers'));
    expect(screen.getByTestId('sp-helpers-1-name')).toHaveFocus();
    await user.keyboard('M.');
    await user.type(screen.getByTestId('sp-helpers-1-phone'), '555 0199');

    await user.click(screen.getByTestId('sp-add-professionals'));
    await user.type(screen.getByTestId('sp-professionals-1-name'), 'Dr. K (therapist)');

    await user.click(screen.getByTestId('sp-add-saferSurroundings'));
    await user.type(screen.getByTestId('sp-saferSurroundings-1'), 'Ask M. to keep my pills');
    await user.type(screen.getByTestId('sp-reason'), 'Seeing my niece grow up');

    await user.click(screen.getByTestId('sp-save'));

    const view = await screen.findByTestId('safety-plan-view');
    expect(b.called('safety_plan_save').map((c) => c.args.plan)).toEqual([
      {
        warningSigns: ['Sleeping all day', 'Cancelling plans'],
        coping: ['Walk round the block'],
        distractions: ['The library café'],
        helpers: [{ name: 'M.', phone: '555 0199' }],
        professionals: [{ name: 'Dr. K (therapist)', phone: '' }],
        saferSurroundings: ['Ask M. to keep my pills'],
        reasonForLiving: 'Seeing my niece grow up',
        updatedAt: null,
      },
    ]);

    // Read back in the order of the steps.
    expect(screen.queryByTestId('safety-plan-form')).toBeNull();
    const steps = Array.from(view.querySelectorAll('[data-testid^="sp-view-"]')).map((el) => el.getAttribute('data-testid'));
    expect(steps).toEqual([...STEPS.map((s) => `sp-view-${s.key}`), 'sp-view-reason']);
    const text = view.textContent ?? '';
    const order = ['Sleeping all day', 'Cancelling plans', 'Walk round the block', 'The library café', 'M.', '555 0199', 'Dr. K (therapist)', 'Ask M. to keep my pills', 'Seeing my niece grow up'];
    const at = order.map((s) => text.indexOf(s));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((x, y) => x - y)).toEqual(at);
    expect(screen.getByTestId('sp-view-helpers')).toHaveTextContent('555 0199');
    expect(screen.getByTestId('sp-saved')).toHaveTextContent(plainDate(localDay(new Date(SAVED_AT))));
    expect(screen.getByTestId('sp-edit')).toBeInTheDocument();
  });

  it('shows user text as text, never as markup', async () => {
    const user = userEvent.setup();
    backend();
    render(SafetyPlanPage);
    await screen.findByTestId('safety-plan-form');
    await user.click(screen.getByTestId('sp-add-coping'));
    await user.type(screen.getByTestId('sp-coping-1'), '<b>bold</b>');
    await user.click(screen.getByTestId('sp-save'));
    const view = await screen.findByTestId('safety-plan-view');
    expect(view.querySelector('b')).toBeNull();
    expect(screen.getByTestId('sp-view-coping')).toHaveTextContent('<b>bold</b>');
  });
});

describe('a refused save', () => {
  it('says why in calm words and keeps every line typed', async () => {
    const user = userEvent.setup();
    const b = backend(emptyPlan(), { code: 'TooMany', message: 'too many items', field: 'helpers', limit: 20 });
    render(SafetyPlanPage);
    await screen.findByTestId('safety-plan-form');
    await user.click(screen.getByTestId('sp-add-warningSigns'));
    await user.type(screen.getByTestId('sp-warningSigns-1'), 'Not sleeping');
    await user.click(screen.getByTestId('sp-add-helpers'));
    await user.type(screen.getByTestId('sp-helpers-1-name'), 'A.');
    await user.type(screen.getByTestId('sp-reason'), 'My brother');
    await user.click(screen.getByTestId('sp-save'));

    const error = await screen.findByTestId('sp-error');
    // It names the step, and says that nothing typed is gone.
    expect(error).toHaveTextContent(t('error.TooMany.helpers', { limit: 20 }));
    expect(error).toHaveTextContent(t('safetyPlan.keptAsTyped'));
    expect(planErrorText(new AppError('TooLong', 'too long', 'coping', 500))).toBe(
      `${t('safetyPlan.tooLong', { step: t('safetyPlan.coping'), limit: 500 })} ${t('safetyPlan.keptAsTyped')}`,
    );
    expect(planErrorText(new AppError('TooLong', 'too long', 'coping', 500))).toContain('500');
    expect(planErrorText(new AppError('Locked', 'locked'))).toBe(errorText(new AppError('Locked', 'locked')));
    expect(error).toHaveAttribute('role', 'alert');
    expect(b.called('safety_plan_save')).toHaveLength(1);
    // Still editing, with everything as typed.
    expect(screen.queryByTestId('safety-plan-view')).toBeNull();
    expect(screen.getByTestId('sp-warningSigns-1')).toHaveValue('Not sleeping');
    expect(screen.getByTestId('sp-helpers-1-name')).toHaveValue('A.');
    expect(screen.getByTestId('sp-reason')).toHaveValue('My brother');
    expect(screen.getByTestId('sp-save')).toBeEnabled();
  });

  it('a locked space says so when the plan is opened', async () => {
    mockBackend({
      safety_plan_get: () => {
        throw { code: 'Locked', message: 'locked' };
      },
    });
    render(SafetyPlanPage);
    expect(await screen.findByTestId('sp-load-error')).toHaveTextContent(t('error.Locked'));
  });
});

describe('a plan with something in it', () => {
  it('opens to read, with the crisis line for the patient’s country under step 5, and Edit opens the form filled in', async () => {
    const user = userEvent.setup();
    languages(['en-GB']);
    backend(filled);
    render(SafetyPlanPage);
    await screen.findByTestId('safety-plan-view');
    expect(hasContent(filled)).toBe(true);
    expect(screen.queryByTestId('safety-plan-form')).toBeNull();
    expect(screen.getByTestId('sp-saved')).toHaveTextContent(plainDate(localDay(new Date(filled.updatedAt ?? ''))));
    // Step 5 has no entries of the patient's own, yet shows the line for where they are.
    const five = screen.getByTestId('sp-view-professionals');
    expect(within(five).getByTestId('sp-crisis-GB')).toHaveTextContent('116 123');
    expect(within(five).queryByTestId('sp-crisis-US')).toBeNull();
    expect(screen.getByTestId('sp-view-distractions')).toHaveTextContent(t('safetyPlan.view.empty'));

    await user.click(screen.getByTestId('sp-edit'));
    await screen.findByTestId('safety-plan-form');
    expect(screen.getByTestId('sp-coping-2')).toHaveValue('Music, loud');
    expect(screen.getByTestId('sp-helpers-1-phone')).toHaveValue('555 0101');
    expect(screen.getByTestId('sp-reason')).toHaveValue('My cat, Miso');
    // The crisis line is read-only under the patient's own entries, in the form too.
    const step5 = screen.getByTestId('sp-step-professionals');
    expect(within(step5).getByTestId('sp-crisis-GB')).toBeInTheDocument();
    expect(within(step5).getByTestId('sp-crisis-lines').querySelector('input')).toBeNull();

    // Cancel goes back to the plan as stored.
    await user.clear(screen.getByTestId('sp-reason'));
    await user.click(screen.getByTestId('sp-cancel'));
    expect(await screen.findByTestId('sp-view-reason')).toHaveTextContent('My cat, Miso');
  });

  it('saves the plan as a PDF made by the core, with the crisis line the page shows', async () => {
    const user = userEvent.setup();
    languages(['en-GB']);
    const print = vi.spyOn(window, 'print').mockImplementation(() => {});
    const b = backend(filled);
    render(SafetyPlanPage);
    await screen.findByTestId('safety-plan-view');
    expect(screen.queryByTestId('sp-print')).toBeNull();
    await user.click(screen.getByTestId('sp-pdf-save'));
    expect(await screen.findByTestId('sp-pdf-done')).toHaveTextContent(t('pdf.done', { path: '/home/me/safety plan.pdf' }));
    expect(screen.getByTestId('sp-pdf')).toHaveTextContent(t('pdf.private'));
    const dialog = b.called('plugin:dialog|save')[0].args as { options: { defaultPath: string; title: string } };
    expect(dialog.options).toMatchObject({ defaultPath: `my-safety-plan-${localDay(new Date())}.pdf`, title: t('safetyPlan.pdfTitle') });
    expect(b.called('safety_plan_save_pdf').map((c) => c.args)).toEqual([{ country: 'GB', path: '/home/me/safety plan.pdf' }]);
    expect(print).not.toHaveBeenCalled();
  });

  it('lists every country’s line under step 5 when the country is not known', async () => {
    languages(['en']);
    backend(filled);
    render(SafetyPlanPage);
    const five = await screen.findByTestId('sp-view-professionals');
    expect(within(five).getByTestId('sp-crisis-US')).toHaveTextContent('988');
    expect(within(five).getByTestId('sp-crisis-AU')).toHaveTextContent('13 11 14');
  });
});

describe('ways in', () => {
  it('“Need help now” offers the plan only when the space is unlocked', async () => {
    const user = userEvent.setup();
    const onOpenPlan = vi.fn();
    const locked = render(NeedHelp, { props: { unlocked: false, onOpenPlan } });
    await user.click(screen.getByTestId('need-help'));
    expect(screen.getByTestId('help-dialog')).toHaveTextContent(t('help.noAlert'));
    expect(screen.queryByTestId('help-open-plan')).toBeNull();
    locked.unmount();

    render(NeedHelp, { props: { unlocked: true, onOpenPlan } });
    await user.click(screen.getByTestId('need-help'));
    await user.click(screen.getByTestId('help-open-plan'));
    expect(onOpenPlan).toHaveBeenCalledTimes(1);
    expect((screen.getByTestId('help-dialog') as HTMLDialogElement).open).toBe(false);
  });

  it('in the app: not on the lock screen; once unlocked, one click opens the plan', async () => {
    const user = userEvent.setup();
    let unlocked = false;
    mockBackend({
      vault_status: () => (unlocked ? unlockedStatus() : lockedStatus()),
      vault_unlock_passphrase: () => {
        unlocked = true;
        return null;
      },
      safety_plan_get: () => filled,
    });
    render(App);
    await screen.findByTestId('unlock-passphrase');
    await user.click(screen.getByTestId('need-help'));
    expect(screen.getByTestId('help-dialog')).toHaveTextContent(t('help.title'));
    expect(screen.queryByTestId('help-open-plan')).toBeNull();
    await user.click(screen.getByRole('button', { name: t('help.close') }));

    await user.type(screen.getByTestId('unlock-passphrase'), 'the right one{Enter}');
    await screen.findByTestId('home');
    await user.click(screen.getByTestId('need-help'));
    await user.click(screen.getByTestId('help-open-plan'));
    expect(await screen.findByTestId('safety-plan-view')).toHaveTextContent('My cat, Miso');
    expect(screen.getByTestId('nav-safety-plan')).toHaveAttribute('aria-current', 'page');
  });

  it('the item-9 help offers the plan when it can open it', async () => {
    const user = userEvent.setup();
    const onOpenPlan = vi.fn();
    const without = render(Item9Help);
    expect(screen.queryByTestId('item9-open-plan')).toBeNull();
    without.unmount();
    render(Item9Help, { props: { onOpenPlan } });
    await user.click(screen.getByTestId('item9-open-plan'));
    await waitFor(() => expect(onOpenPlan).toHaveBeenCalledTimes(1));
  });
});

describe('a copy to read without unlocking', () => {
  it('is off until the patient turns it on, says what it means, and turns off again', async () => {
    const user = userEvent.setup();
    const b = backend(filled);
    render(SafetyPlanPage);
    const toggle = (await screen.findByTestId('sp-copy-toggle')) as HTMLInputElement;
    expect(screen.getByTestId('sp-copy')).toHaveTextContent(t('safetyPlan.copy.explain'));
    await waitFor(() => expect(screen.getByTestId('sp-copy-status')).toHaveTextContent(t('safetyPlan.copy.none')));
    expect(toggle.checked).toBe(false);

    await user.click(toggle);
    await waitFor(() =>
      expect(screen.getByTestId('sp-copy-status')).toHaveTextContent(
        t('safetyPlan.copy.kept', { date: plainDate(localDay(new Date(filled.updatedAt!))) }),
      ),
    );
    expect(toggle.checked).toBe(true);
    await user.click(toggle);
    await waitFor(() => expect(screen.getByTestId('sp-copy-status')).toHaveTextContent(t('safetyPlan.copy.none')));
    expect(b.called('safety_plan_copy_set').map((c) => c.args.keep)).toEqual([true, false]);
  });

  it('a refused change says why and leaves the box as it was', async () => {
    const user = userEvent.setup();
    mockBackend({
      safety_plan_get: () => filled,
      safety_plan_copy_set: () => {
        throw { code: 'NotWritable', message: 'read-only folder' };
      },
    });
    render(SafetyPlanPage);
    const toggle = (await screen.findByTestId('sp-copy-toggle')) as HTMLInputElement;
    await user.click(toggle);
    expect(await screen.findByTestId('sp-copy-error')).toHaveTextContent(
      errorText(new AppError('NotWritable', 'read-only folder')),
    );
    expect(toggle.checked).toBe(false);
  });

  it('while locked, “Need help now” says where the plan is and offers to unlock', async () => {
    const user = userEvent.setup();
    mockBackend({});
    const onUnlockForPlan = vi.fn();
    render(NeedHelp, { props: { locked: true, onUnlockForPlan } });
    await user.click(screen.getByTestId('need-help'));
    const box = await screen.findByTestId('help-plan-locked');
    expect(box).toHaveTextContent(t('help.planLocked'));
    expect(screen.queryByTestId('help-show-copy')).toBeNull();
    await user.click(screen.getByTestId('help-unlock-for-plan'));
    expect(onUnlockForPlan).toHaveBeenCalledTimes(1);
    expect((screen.getByTestId('help-dialog') as HTMLDialogElement).open).toBe(false);
  });

  it('while locked, a kept copy shows in “Need help now”, as text', async () => {
    const user = userEvent.setup();
    const withHtml = { ...filled, coping: ['<b>bold</b><img src=x onerror=alert(1)>'] };
    mockBackend({ safety_plan_copy_get: () => withHtml });
    render(NeedHelp, { props: { locked: true, onUnlockForPlan: vi.fn() } });
    await user.click(screen.getByTestId('need-help'));
    await user.click(await screen.findByTestId('help-show-copy'));
    const copy = screen.getByTestId('help-plan-copy');
    expect(copy).toHaveTextContent('My cat, Miso');
    expect(copy).toHaveTextContent('<b>bold</b><img src=x onerror=alert(1)>');
    expect(copy.querySelector('img')).toBeNull();
    expect(screen.queryByTestId('help-unlock-for-plan')).toBeNull();
  });

  it('in the app: “Unlock to see my plan”, then unlocking opens the plan', async () => {
    const user = userEvent.setup();
    let unlocked = false;
    mockBackend({
      vault_status: () => (unlocked ? unlockedStatus() : lockedStatus()),
      vault_unlock_passphrase: () => {
        unlocked = true;
        return null;
      },
      safety_plan_get: () => filled,
    });
    render(App);
    await screen.findByTestId('unlock-passphrase');
    await user.click(screen.getByTestId('need-help'));
    await user.click(await screen.findByTestId('help-unlock-for-plan'));
    expect(screen.getByTestId('unlock-passphrase')).toHaveFocus();
    await user.type(screen.getByTestId('unlock-passphrase'), 'the right one{Enter}');
    expect(await screen.findByTestId('safety-plan-view')).toHaveTextContent('My cat, Miso');
    expect(screen.getByTestId('nav-safety-plan')).toHaveAttribute('aria-current', 'page');
  });
});

describe('what is sent is what was typed (issue 16)', () => {
  it('trims only white space, as the core does: a trailing zero-width no-break space stays', () => {
    const zw = 'a\u200Bb\u200Dc\uFEFF';
    const draft = toDraft({
      ...emptyPlan(),
      warningSigns: [`  ${zw}\n`],
      helpers: [{ name: ` ${zw}`, phone: `${zw} ` }],
      reasonForLiving: `\u2003${zw}\u00A0`,
    });
    const sent = fromDraft(draft, null);
    expect(sent.warningSigns).toEqual([zw]);
    expect(sent.helpers).toEqual([{ name: zw, phone: zw }]);
    expect(sent.reasonForLiving).toBe(zw);
    // JavaScript's own trim() would have dropped it; white space of every kind still goes.
    expect(zw.trim()).not.toBe(zw);
    expect(trimSpace('\u3000\t x \u2028')).toBe('x');
    expect(trimSpace('\u202Eevil\u202C')).toBe('\u202Eevil\u202C');
  });
});
