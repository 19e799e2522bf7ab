// The guided inventory review (issue 14): Home's invitation at the start of the course, the review
// one person at a time (order, saving, skipping, adding, stopping, the keyboard), and the printable
// inventory (answers as text, empty ones left out, the circle by ring).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import Home from '../lib/features/home/Home.svelte';
import ReviewInvitation from '../lib/features/people/ReviewInvitation.svelte';
import InventoryReview from '../lib/features/people/InventoryReview.svelte';
import InventorySheet from '../lib/features/people/InventorySheet.svelte';
import { fullDate, localDay } from '../lib/dates';
import { t } from '../lib/i18n';
import { mockBackend, type Handler } from './ipcMock';
import type { Inventory, InventorySheet as Sheet, PersonDetail } from '../lib/ipc';

type UserEvent = ReturnType<typeof userEvent.setup>;

afterEach(() => vi.restoreAllMocks());

const inventory = (displayName: string, over: Partial<Inventory> = {}): Inventory => ({
  displayName,
  relationship: null,
  relationshipWord: '',
  contactOften: '',
  together: '',
  good: '',
  hard: '',
  iExpect: '',
  theyExpect: '',
  expectationsFit: null,
  wouldChange: '',
  sinceLow: '',
  ...over,
});

const detail = (id: number, inv: Inventory): PersonDetail => ({
  id,
  inventory: inv,
  archivedAt: null,
  createdAt: '2026-11-20T10:00:00Z',
  links: { events: 0, plans: 0, worksheets: 0, scenarios: 0 },
});

/** Ana has answers; Bo and Cy have none: the review starts at Bo. */
const THREE: Sheet = {
  people: [
    { id: 1, inventory: inventory('Ana', { relationship: 'friend', good: 'We laugh' }) },
    { id: 2, inventory: inventory('Bo', { relationship: 'sibling' }) },
    { id: 3, inventory: inventory('Cy') },
  ],
  circle: null,
};

function reviewBackend(sheet: Sheet = THREE, extra: Record<string, Handler> = {}) {
  let next = 10;
  return mockBackend({
    people_inventory_sheet: () => sheet,
    people_save_inventory: ({ id, inventory: inv }) => detail((id as number | null) ?? next++, inv as Inventory),
    ...extra,
  });
}

async function heading(name: string | RegExp) {
  const h = await screen.findByRole('heading', { level: 2, name });
  await waitFor(() => expect(h).toHaveFocus());
  return h;
}

/** Tabs (at most 40 times) until the element with this test id has the focus. */
async function tabTo(user: UserEvent, testid: string) {
  const target = screen.getByTestId(testid);
  for (let i = 0; i < 40 && document.activeElement !== target; i++) await user.tab();
  expect(target).toHaveFocus();
}

async function begin(user: UserEvent) {
  await heading(t('peopleReview.intro.title'));
  await user.click(screen.getByTestId('review-begin'));
}

describe('the invitation on Home', () => {
  const homeProps = (onOpenReview?: () => void) => ({
    recoveryConfirmed: true,
    onOpenJournal: () => {},
    onOpenCourse: () => {},
    onOpenPlans: () => {},
    onOpenAgenda: () => {},
    onOpenReview,
  });

  it('shows on Home when the core says so, asks for today, and Start opens the review', async () => {
    const user = userEvent.setup();
    const b = mockBackend({ people_review_invitation: () => true });
    const onOpenReview = vi.fn();
    render(Home, homeProps(onOpenReview));
    const card = await screen.findByTestId('review-invitation');
    expect(within(card).getByRole('heading', { name: t('peopleReview.invite.title') })).toBeInTheDocument();
    expect(card).toHaveTextContent('The first sessions look at the people who matter to you. Would you like to go through them, one at a time?');
    expect(b.called('people_review_invitation').map((c) => c.args)).toEqual([{ today: localDay(new Date()) }]);
    await user.click(within(card).getByTestId('review-invitation-start'));
    expect(onOpenReview).toHaveBeenCalledOnce();
    expect(b.called('people_review_not_now')).toHaveLength(0);
  });

  it('"Not now" rests it from today and hides it, with a calm note that keeps the focus', async () => {
    const user = userEvent.setup();
    const b = mockBackend({ people_review_invitation: () => true, people_review_not_now: () => null });
    render(ReviewInvitation, { onStart: () => {} });
    await user.click(await screen.findByTestId('review-invitation-not-now'));
    expect(b.called('people_review_not_now').map((c) => c.args)).toEqual([{ today: localDay(new Date()) }]);
    const note = await screen.findByTestId('review-invitation-dismissed');
    expect(note).toHaveFocus();
    expect(screen.queryByTestId('review-invitation')).toBeNull();
  });

  it('shows nothing when the core says no or cannot answer, and never an error', async () => {
    const handlers: Handler[] = [
      () => false,
      () => {
        throw { code: 'Locked', message: 'locked' };
      },
    ];
    for (const handler of handlers) {
      const b = mockBackend({ people_review_invitation: handler });
      const { container, unmount } = render(ReviewInvitation, { onStart: () => {} });
      await waitFor(() => expect(b.called('people_review_invitation')).toHaveLength(1));
      await new Promise((r) => setTimeout(r, 0));
      expect(container.querySelector('section, p, button')).toBeNull();
      expect(screen.queryByRole('alert')).toBeNull();
      unmount();
    }
  });

  it('is not asked for when Home has nowhere to send it', async () => {
    const b = mockBackend({ people_review_invitation: () => true });
    render(Home, homeProps());
    await screen.findByTestId('home');
    await new Promise((r) => setTimeout(r, 0));
    expect(b.called('people_review_invitation')).toHaveLength(0);
    expect(screen.queryByTestId('review-invitation')).toBeNull();
  });
});

describe('the review, one person at a time', () => {
  it('explains why first: the first sessions, aliases are fine, skip anything, come back any time', async () => {
    reviewBackend();
    render(InventoryReview, { onOpenCircle: () => {}, onClose: () => {} });
    await heading(t('peopleReview.intro.title'));
    const intro = screen.getByTestId('review-intro');
    expect(intro).toHaveTextContent(/first sessions look at the important people/);
    expect(intro).toHaveTextContent(/initials or a nickname is fine/);
    expect(intro).toHaveTextContent(/skip anyone, stop at any point, and come back any time/);
    expect(screen.getByTestId('review-count')).toHaveTextContent('There are 3 people on your list.');
    // One h1 for the page, then the step's h2.
    expect(screen.getAllByRole('heading').map((h) => h.tagName)).toEqual(['H1', 'H2']);
  });

  it('starts at the first person with no answers; "Save and go on" saves and moves on; Skip saves nothing', async () => {
    const user = userEvent.setup();
    const b = reviewBackend();
    render(InventoryReview, { onOpenCircle: () => {}, onClose: () => {} });
    await begin(user);

    await heading('Bo (sibling)');
    expect(screen.getByTestId('review-progress')).toHaveTextContent('Person 1 of 3');
    expect(screen.getByTestId('person-name')).toHaveValue('Bo');
    await user.type(screen.getByTestId('person-good'), 'Calls on Sundays');
    await user.click(screen.getByTestId('review-save-next'));

    await heading('Ana (friend)');
    expect(b.called('people_save_inventory').map((c) => c.args)).toEqual([
      { id: 2, inventory: inventory('Bo', { relationship: 'sibling', good: 'Calls on Sundays' }) },
    ]);
    expect(screen.getByTestId('review-progress')).toHaveTextContent('Person 2 of 3');
    expect(screen.getByTestId('person-good')).toHaveValue('We laugh');

    await user.click(screen.getByTestId('review-skip'));
    await heading('Cy');
    expect(screen.getByTestId('review-progress')).toHaveTextContent('Person 3 of 3');
    expect(b.called('people_save_inventory')).toHaveLength(1);
  });

  it('asks before skipping words that are not saved, and saves nothing when told to skip', async () => {
    const user = userEvent.setup();
    const b = reviewBackend();
    render(InventoryReview, { onOpenCircle: () => {}, onClose: () => {} });
    await begin(user);
    await heading('Bo (sibling)');
    await user.type(screen.getByTestId('person-hard'), 'We never talk');
    await user.click(screen.getByTestId('review-skip'));
    const ask = screen.getByTestId('review-ask');
    expect(ask).toHaveTextContent(t('peopleReview.unsaved.skip'));
    // Keep writing: back in the form, the words still there.
    await user.click(within(ask).getByTestId('review-ask-keep'));
    expect(screen.getByTestId('person-hard')).toHaveValue('We never talk');
    await user.click(screen.getByTestId('review-skip'));
    await user.click(screen.getByTestId('review-ask-discard'));
    await heading('Ana (friend)');
    expect(b.called('people_save_inventory')).toHaveLength(0);
  });

  it('adds someone on the way, keeps the open person’s words, and ends by leading to the circle', async () => {
    const user = userEvent.setup();
    const b = reviewBackend({ people: [{ id: 1, inventory: inventory('Ana') }], circle: null });
    const onOpenCircle = vi.fn();
    render(InventoryReview, { onOpenCircle, onClose: () => {} });
    await begin(user);
    await heading('Ana');
    expect(screen.getByTestId('review-progress')).toHaveTextContent('Person 1 of 1');
    await user.type(screen.getByTestId('person-good'), 'Kind');

    await user.click(screen.getByTestId('review-add'));
    await heading(t('peopleReview.add.title'));
    const adding = screen.getByTestId('review-adding');
    await user.type(within(adding).getByTestId('person-name'), 'Dee');
    await user.type(within(adding).getByTestId('person-hard'), 'Far away');
    await user.click(screen.getByTestId('review-add-save'));

    await heading('Ana');
    expect(screen.getByTestId('review-added')).toHaveTextContent('Dee is on your list now.');
    expect(b.called('people_save_inventory').map((c) => c.args)).toEqual([{ id: null, inventory: inventory('Dee', { hard: 'Far away' }) }]);
    // Ana's unsaved words are still in her form; the count is still the list gone through.
    expect(screen.getByTestId('person-good')).toHaveValue('Kind');
    expect(screen.getByTestId('review-progress')).toHaveTextContent('Person 1 of 1');

    await user.click(screen.getByTestId('review-save-next'));
    await heading(t('peopleReview.done.title'));
    expect(b.called('people_save_inventory')[1].args).toEqual({ id: 1, inventory: inventory('Ana', { good: 'Kind' }) });
    await user.click(screen.getByTestId('review-open-circle'));
    expect(onOpenCircle).toHaveBeenCalledOnce();
  });

  it('with nobody on the list yet, begins by adding someone', async () => {
    const user = userEvent.setup();
    const b = reviewBackend({ people: [], circle: null });
    render(InventoryReview, { onOpenCircle: () => {}, onClose: () => {} });
    expect(await screen.findByTestId('review-count')).toHaveTextContent(t('peopleReview.intro.none'));
    await begin(user);
    await heading(t('peopleReview.add.title'));
    await user.type(screen.getByTestId('person-name'), 'J.');
    await user.click(screen.getByTestId('review-add-save'));
    await heading(t('peopleReview.done.title'));
    expect(screen.getByTestId('review-added')).toHaveTextContent('J. is on your list now.');
    expect(b.called('people_save_inventory')).toHaveLength(1);
  });

  it('"Stop for now" keeps what was saved; with unsaved words it asks, and can save them first', async () => {
    const user = userEvent.setup();
    const b = reviewBackend();
    const onClose = vi.fn();
    render(InventoryReview, { onOpenCircle: () => {}, onClose });
    await begin(user);
    await heading('Bo (sibling)');
    await user.type(screen.getByTestId('person-wouldChange'), 'See more of each other');
    await user.click(screen.getByTestId('review-stop'));
    expect(screen.getByTestId('review-ask')).toHaveTextContent(t('peopleReview.unsaved.stop'));
    expect(b.called('people_save_inventory')).toHaveLength(0);
    await user.click(screen.getByTestId('review-ask-save'));
    await heading(t('peopleReview.stopped.title'));
    expect(b.called('people_save_inventory').map((c) => c.args)).toEqual([
      { id: 2, inventory: inventory('Bo', { relationship: 'sibling', wouldChange: 'See more of each other' }) },
    ]);
    expect(screen.getByTestId('review-stopped')).toHaveTextContent(t('peopleReview.stopped.body'));
    await user.click(screen.getByTestId('review-close'));
    expect(onClose).toHaveBeenCalledOnce();
  });

  it('can be gone through with the keyboard alone, the focus on each new step’s heading', async () => {
    const user = userEvent.setup();
    const b = reviewBackend();
    render(InventoryReview, { onOpenCircle: () => {}, onClose: () => {} });
    await heading(t('peopleReview.intro.title'));
    await tabTo(user, 'review-begin');
    await user.keyboard('{Enter}');
    await heading('Bo (sibling)');
    await tabTo(user, 'person-good');
    await user.keyboard('Board games');
    await tabTo(user, 'review-save-next');
    await user.keyboard('{Enter}');
    await heading('Ana (friend)');
    expect(b.called('people_save_inventory')[0].args).toMatchObject({ id: 2, inventory: { good: 'Board games' } });
    await tabTo(user, 'review-skip');
    await user.keyboard(' ');
    await heading('Cy');
    expect(b.called('people_save_inventory')).toHaveLength(1);
  });
});

describe('the printable inventory', () => {
  const SHEET: Sheet = {
    people: [
      {
        id: 1,
        inventory: inventory('Ana', {
          relationship: 'friend',
          contactOften: 'Weekly',
          good: '<b>x</b>',
          iExpect: 'That she calls back',
          expectationsFit: 'partly',
          together: 'Walks',
        }),
      },
      { id: 2, inventory: inventory('Bo', { relationship: 'other', relationshipWord: 'step-dad' }) },
      { id: 3, inventory: inventory('Cy') },
    ],
    circle: { id: 4, takenAt: '2026-11-20T10:00:00Z', placements: [{ personId: 1, ring: 'closest' }, { personId: 3, ring: 'closest' }, { personId: 2, ring: 'furtherOut' }, { personId: 99, ring: 'close' }] },
  };

  it('shows each person’s answers as text, leaves empty answers out, and the date', async () => {
    mockBackend({ people_inventory_sheet: () => SHEET });
    render(InventorySheet);
    const people = await screen.findAllByTestId('sheet-person');
    expect(people.map((p) => within(p).getByTestId('sheet-person-name').textContent)).toEqual(['Ana (friend)', 'Bo (step-dad)', 'Cy']);
    const ana = people[0];
    const good = within(ana).getByTestId('sheet-answer-good');
    expect(within(good).getByRole('term')).toHaveTextContent(t('people.q.good'));
    expect(within(good).getByRole('definition').textContent).toBe('<b>x</b>');
    expect(document.querySelector('[data-testid="inventory-sheet"] b')).toBeNull();
    expect(within(ana).getByTestId('sheet-answer-contactOften')).toHaveTextContent('Weekly');
    expect(within(ana).getByTestId('sheet-answer-iExpect')).toHaveTextContent('That she calls back');
    expect(within(within(ana).getByTestId('sheet-answer-expectationsFit')).getByRole('definition')).toHaveTextContent(t('fit.partly'));
    // Empty answers are not printed as blanks.
    for (const key of ['hard', 'theyExpect', 'wouldChange']) expect(within(ana).queryByTestId(`sheet-answer-${key}`)).toBeNull();
    expect(ana).not.toHaveTextContent(t('people.q.hard'));
    expect(within(ana).getAllByRole('definition')).toHaveLength(4);
    expect(within(people[1]).getByTestId('sheet-no-answers')).toBeInTheDocument();
    expect(within(people[1]).queryByRole('definition')).toBeNull();
    expect(screen.getByTestId('sheet-date')).toHaveTextContent(fullDate(localDay(new Date())));
  });

  it('lists the circle as last saved, ring by ring, and draws it small', async () => {
    mockBackend({ people_inventory_sheet: () => SHEET });
    render(InventorySheet);
    expect(await screen.findByTestId('sheet-ring-closest')).toHaveTextContent('Closest: Ana and Cy');
    expect(screen.getByTestId('sheet-ring-close')).toHaveTextContent('Close: No one');
    expect(screen.getByTestId('sheet-ring-furtherOut')).toHaveTextContent('Further out: Bo');
    expect(screen.getByRole('img', { name: /Closest: Ana and Cy\./ })).toBeInTheDocument();
    expect(screen.getByTestId('sheet-drawing-person-2')).toHaveAttribute('data-ring', 'furtherOut');
    expect(screen.queryByTestId('sheet-drawing-person-99')).toBeNull();
  });

  it('says so when no circle is saved, and saves the sheet as a PDF made by the core', async () => {
    const user = userEvent.setup();
    const print = vi.spyOn(window, 'print').mockImplementation(() => {});
    const b = mockBackend({
      people_inventory_sheet: () => ({ ...SHEET, circle: null }),
      'plugin:dialog|save': () => '/home/me/people.pdf',
      people_inventory_save_pdf: () => 4096,
    });
    render(InventorySheet);
    expect(await screen.findByTestId('sheet-circle-none')).toHaveTextContent(t('peopleSheet.circleNone'));
    await user.click(screen.getByTestId('sheet-pdf-save'));
    expect(await screen.findByTestId('sheet-pdf-done')).toHaveTextContent(t('pdf.done', { path: '/home/me/people.pdf' }));
    const today = localDay(new Date());
    const dialog = b.called('plugin:dialog|save')[0].args as { options: { defaultPath: string; title: string } };
    expect(dialog.options).toMatchObject({ defaultPath: `people-in-my-life-${today}.pdf`, title: t('peopleSheet.pdfTitle') });
    expect(b.called('people_inventory_save_pdf')[0].args).toEqual({ today, path: '/home/me/people.pdf' });
    expect(print).not.toHaveBeenCalled();
  });
});
