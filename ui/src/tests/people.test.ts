import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import People from '../lib/features/people/People.svelte';
import PersonPicker from '../lib/features/people/PersonPicker.svelte';
import { mockBackend } from './ipcMock';
import { t } from '../lib/i18n';
import type { Inventory, PersonDetail, PersonPage, PersonSummary } from '../lib/ipc';
import { RELATIONSHIPS } from '../lib/generated/lists';

const inventory = (over: Partial<Inventory> = {}): Inventory => ({
  displayName: 'Sam',
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

const detail = (id: number, over: Partial<Inventory> = {}, rest: Partial<PersonDetail> = {}): PersonDetail => ({
  id,
  inventory: inventory(over),
  archivedAt: null,
  createdAt: '2026-11-20T10:00:00Z',
  links: { events: 2, plans: 1, worksheets: 0, scenarios: 1 },
  ...rest,
});

const pageOf = (person: PersonDetail, over: Partial<PersonPage> = {}): PersonPage => ({
  person,
  events: [],
  plans: [],
  worksheets: [],
  rolePlays: [],
  contactMood: { withContact: { days: 0, average: null }, withoutContact: { days: 0, average: null }, minDays: 5 },
  ...over,
});

const summary = (id: number, name: string, over: Partial<PersonSummary> = {}): PersonSummary => ({
  id,
  displayName: name,
  relationship: null,
  relationshipWord: '',
  archived: false,
  ...over,
});

describe('people and the inventory', () => {
  it('adds a person with some answers; everything but the name is optional, HTML stays text', async () => {
    const user = userEvent.setup();
    const list: PersonSummary[] = [];
    const backend = mockBackend({
      people_list_all: () => list,
      people_save_inventory: ({ inventory: inv }) => {
        const i = inv as Inventory;
        list.push(summary(1, i.displayName, { relationship: i.relationship }));
        return detail(1, i, { links: { events: 0, plans: 0, worksheets: 0, scenarios: 0 } });
      },
      people_page: () => pageOf(detail(1, inventory({ displayName: '<b>Sam</b>', relationship: 'sibling', good: 'Walks on Sunday' }))),
    });
    render(People);
    expect(await screen.findByTestId('people-empty')).toBeInTheDocument();
    await user.click(screen.getByTestId('person-add'));
    expect(screen.getByTestId('person-alias-note')).toHaveTextContent(t('people.aliasNote'));
    await user.type(screen.getByTestId('person-name'), '<b>Sam</b>');
    await user.selectOptions(screen.getByTestId('person-relationship'), t('relationship.sibling'));
    await user.type(screen.getByTestId('person-good'), 'Walks on Sunday');
    await user.click(screen.getByTestId('person-fit-partly'));
    await user.click(screen.getByTestId('person-save'));
    expect(await screen.findByTestId('person-saved')).toBeInTheDocument();
    const sent = backend.called('people_save_inventory')[0].args;
    expect(sent.id).toBeNull();
    expect(sent.inventory).toEqual(
      inventory({ displayName: '<b>Sam</b>', relationship: 'sibling', good: 'Walks on Sunday', expectationsFit: 'partly' }),
    );
    const active = await screen.findByTestId('people-active');
    await waitFor(() => expect(within(active).getByText('<b>Sam</b> (sibling)')).toBeInTheDocument());
    expect(document.querySelector('b')).toBeNull();
  });

  it('offers the relationship list from the core and an own word only with "other"', async () => {
    const user = userEvent.setup();
    const backend = mockBackend({
      people_list_all: () => [],
      people_save_inventory: ({ inventory: inv }) => detail(1, inv as Inventory),
      people_page: () => pageOf(detail(1)),
    });
    render(People);
    await user.click(await screen.findByTestId('person-add'));
    const options = within(screen.getByTestId('person-relationship')).getAllByRole('option');
    expect(options).toHaveLength(RELATIONSHIPS.length + 1);
    expect(screen.queryByTestId('person-relationship-word')).toBeNull();
    await user.type(screen.getByTestId('person-name'), 'R');
    await user.selectOptions(screen.getByTestId('person-relationship'), t('relationship.other'));
    await user.type(screen.getByTestId('person-relationship-word'), 'step-dad');
    await user.click(screen.getByTestId('person-save'));
    await waitFor(() => expect(backend.called('people_save_inventory')).toHaveLength(1));
    expect(backend.called('people_save_inventory')[0].args.inventory).toMatchObject({ relationship: 'other', relationshipWord: 'step-dad' });
  });

  it('shows the core refusing an empty name, and keeps what was typed', async () => {
    const user = userEvent.setup();
    mockBackend({
      people_list_all: () => [],
      people_save_inventory: () => {
        throw { code: 'NameMissing', message: 'a new person needs a name' };
      },
    });
    render(People);
    await user.click(await screen.findByTestId('person-add'));
    await user.type(screen.getByTestId('person-hard'), 'We argue');
    await user.click(screen.getByTestId('person-save'));
    expect(await screen.findByTestId('person-error')).toBeInTheDocument();
    expect(screen.getByTestId('person-hard')).toHaveValue('We argue');
  });

  it('archives a person: they move to the collapsed archived section, and can come back', async () => {
    const user = userEvent.setup();
    let archived = false;
    const backend = mockBackend({
      people_list_all: () => [summary(1, 'Sam', { archived }), summary(2, 'Jo')],
      people_page: () => pageOf(detail(1, {}, { archivedAt: archived ? '2026-11-21T10:00:00Z' : null })),
      people_archive: ({ archived: a }) => {
        archived = a as boolean;
        return detail(1, {}, { archivedAt: archived ? '2026-11-21T10:00:00Z' : null });
      },
    });
    render(People);
    const active = await screen.findByTestId('people-active');
    await user.click(await within(active).findByText('Sam'));
    await user.click(await screen.findByTestId('person-archive'));
    expect(backend.called('people_archive')[0].args).toEqual({ id: 1, archived: true });
    const section = await screen.findByTestId('people-archived');
    expect(section).not.toHaveAttribute('open');
    expect(within(section).getByText('Sam', { selector: 'button' })).toBeInTheDocument();
    expect(within(screen.getByTestId('people-active')).queryByText('Sam')).toBeNull();
    expect(screen.getByTestId('person-archived-tag')).toBeInTheDocument();
    await user.click(screen.getByTestId('person-archive'));
    expect(backend.called('people_archive')[1].args).toEqual({ id: 1, archived: false });
  });

  it('merges a person into the same person, telling duplicates apart by relationship', async () => {
    const user = userEvent.setup();
    const backend = mockBackend({
      people_list_all: () => [summary(1, 'Sam', { relationship: 'friend' }), summary(2, 'Sam', { relationship: 'colleague' })],
      people_page: ({ id }) => pageOf(detail(id as number)),
      people_merge: () => detail(2),
    });
    render(People);
    await user.click(await screen.findByText('Sam (friend)'));
    await user.click(await screen.findByTestId('person-merge'));
    expect(screen.getByTestId('person-merge-yes')).toBeDisabled();
    const into = screen.getByTestId('person-merge-into');
    expect(within(into).queryByText('Sam (friend)')).toBeNull();
    await user.selectOptions(into, 'Sam (colleague)');
    await user.click(screen.getByTestId('person-merge-yes'));
    await waitFor(() => expect(backend.called('people_merge')).toHaveLength(1));
    expect(backend.called('people_merge')[0].args).toEqual({ from: 1, into: 2 });
  });

  it('deletes only after an explicit choice for linked items and a confirmation', async () => {
    const user = userEvent.setup();
    const backend = mockBackend({
      people_list_all: () => [summary(1, 'Sam'), summary(2, 'Jo')],
      people_page: ({ id }) => pageOf(detail(id as number)),
      people_delete: () => null,
    });
    render(People);
    await user.click(await screen.findByText('Sam'));
    await user.click(await screen.findByTestId('person-delete'));
    expect(screen.getByTestId('person-delete-links')).toHaveTextContent('2 journal moments');
    expect(screen.getByTestId('person-delete-next')).toBeDisabled();
    await user.click(screen.getByTestId('person-delete-move'));
    expect(screen.getByTestId('person-delete-next')).toBeDisabled();
    await user.selectOptions(screen.getByTestId('person-delete-move-to'), 'Jo');
    await user.click(screen.getByTestId('person-delete-next'));
    expect(backend.called('people_delete')).toHaveLength(0);
    await user.click(screen.getByTestId('person-delete-yes'));
    await waitFor(() => expect(backend.called('people_delete')).toHaveLength(1));
    expect(backend.called('people_delete')[0].args).toEqual({ id: 1, linked: { kind: 'moveTo', personId: 2 } });
  });

  it('deletes keeping the words without the link', async () => {
    const user = userEvent.setup();
    const backend = mockBackend({
      people_list_all: () => [summary(1, 'Sam')],
      people_page: ({ id }) => pageOf(detail(id as number)),
      people_delete: () => null,
    });
    render(People);
    await user.click(await screen.findByText('Sam'));
    await user.click(await screen.findByTestId('person-delete'));
    await user.click(screen.getByTestId('person-delete-keep'));
    await user.click(screen.getByTestId('person-delete-next'));
    await user.click(screen.getByTestId('person-delete-yes'));
    await waitFor(() => expect(backend.called('people_delete')).toHaveLength(1));
    expect(backend.called('people_delete')[0].args).toEqual({ id: 1, linked: { kind: 'keepUnlinked' } });
  });

  it('a picker keeps showing an archived person an item already names', () => {
    render(PersonPicker, {
      props: { id: 'who', label: 'Who', people: [{ id: 2, displayName: 'Jo' }], who: '1', currentName: 'Sam', testid: 'who' },
    });
    const select = screen.getByTestId('who') as HTMLSelectElement;
    expect(select.value).toBe('1');
    expect(within(select).getByText(t('people.picker.archived', { name: 'Sam' }))).toBeInTheDocument();
  });
  it("a person's page shows their answers as text, their moments newest first, and the contact-day figures in words", async () => {
    const user = userEvent.setup();
    mockBackend({
      people_list_all: () => [summary(1, 'Sam')],
      people_page: () =>
        pageOf(detail(1, { good: '<img src=x onerror=alert(1)>walks', hard: '', expectationsFit: 'partly' }), {
          events: [
            { entryId: 9, day: '2026-11-20', occurredAt: '2026-11-20T09:00:00-05:00', whatHappened: 'We cooked', whatIFelt: 'warm', whatIDid: '', howItEnded: '', important: false },
            { entryId: 4, day: '2026-11-12', occurredAt: '2026-11-12T09:00:00-05:00', whatHappened: 'We argued', whatIFelt: '', whatIDid: 'left', howItEnded: '', important: true },
          ],
          plans: [{ id: 3, what: 'Ask about Sundays', dueOn: '2026-11-24', status: 'notThisWeek' }],
          worksheets: [{ id: 2, occurredOn: '2026-11-12', setting: 'the kitchen', wanted: 'to be asked', chosen: 'Could we plan?' }],
          rolePlays: [{ scenarioKey: 'custom:1', title: 'Sundays', finished: 2, lastConfidenceBefore: 3, lastConfidenceAfter: 7 }],
          contactMood: { withContact: { days: 6, average: 6.5 }, withoutContact: { days: 20, average: 4 }, minDays: 5 },
        }),
    });
    render(People);
    await user.click(await screen.findByText('Sam'));
    const page = await screen.findByTestId('person-page');
    expect(within(page).getByTestId('person-answer-good')).toHaveTextContent('<img src=x onerror=alert(1)>walks');
    expect(document.querySelector('img')).toBeNull();
    expect(within(page).queryByTestId('person-answer-hard')).toBeNull();
    expect(within(page).getByTestId('person-answer-expectationsFit')).toHaveTextContent(t('fit.partly'));
    const events = within(page).getAllByTestId('person-event');
    expect(events.map((e) => e.textContent)).toEqual([expect.stringContaining('We cooked'), expect.stringContaining('We argued')]);
    expect(within(page).getByTestId('person-plan')).toHaveTextContent(t('status.notThisWeek'));
    expect(within(page).getByTestId('person-worksheet')).toHaveTextContent('Could we plan?');
    expect(within(page).getByTestId('person-roleplay')).toHaveTextContent('3 → 7');
    const words = within(page).getByTestId('person-mood-words').textContent ?? '';
    expect(words).toBe(t('person.mood.sentence', { name: 'Sam', withDays: 6, withAvg: '6.5', withoutDays: 20, withoutAvg: '4.0' }));
    // Words that describe, never explain.
    expect(page.textContent).not.toMatch(/make(s)? you|because of|caused/i);
    expect(within(page).getByTestId('person-mood-with')).toHaveTextContent('6');
    // The heading of the page takes the focus, so a screen reader hears whose page opened.
    expect(screen.getByRole('heading', { level: 2, name: /Sam/ })).toHaveFocus();
  });

  it('with fewer than five days on a side it shows the counts, no average, and says why', async () => {
    const user = userEvent.setup();
    mockBackend({
      people_list_all: () => [summary(1, 'Sam')],
      people_page: () =>
        pageOf(detail(1), { contactMood: { withContact: { days: 3, average: null }, withoutContact: { days: 12, average: 4.2 }, minDays: 5 } }),
    });
    render(People);
    await user.click(await screen.findByText('Sam'));
    const withRow = await screen.findByTestId('person-mood-with');
    expect(withRow).toHaveTextContent('3');
    expect(withRow).toHaveTextContent(t('person.mood.tooFew'));
    expect(screen.getByTestId('person-mood-without')).toHaveTextContent('4.2');
    expect(screen.getByTestId('person-mood-words')).toHaveTextContent(t('person.mood.notEnough', { min: 5 }));
    expect(screen.getByTestId('person-nothing-linked')).toBeInTheDocument();
  });

  it('edits the answers from the page and shows the page again, saved', async () => {
    const user = userEvent.setup();
    let good = '';
    const backend = mockBackend({
      people_list_all: () => [summary(1, 'Sam')],
      people_page: () => pageOf(detail(1, { good })),
      people_save_inventory: ({ inventory: inv }) => {
        good = (inv as Inventory).good;
        return detail(1, inv as Inventory);
      },
    });
    render(People);
    await user.click(await screen.findByText('Sam'));
    expect(await screen.findByTestId('person-no-answers')).toBeInTheDocument();
    await user.click(screen.getByTestId('person-edit'));
    await user.type(screen.getByTestId('person-good'), 'Long walks');
    await user.click(screen.getByTestId('person-save'));
    expect(await screen.findByTestId('person-saved')).toBeInTheDocument();
    expect(await screen.findByTestId('person-answer-good')).toHaveTextContent('Long walks');
    expect(backend.called('people_save_inventory')[0].args.id).toBe(1);
    // Cancel leaves the answers as they were.
    await user.click(screen.getByTestId('person-edit'));
    await user.click(screen.getByTestId('person-cancel'));
    expect(screen.getByTestId('person-answer-good')).toHaveTextContent('Long walks');
    expect(backend.called('people_save_inventory')).toHaveLength(1);
  });
});
