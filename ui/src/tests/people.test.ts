import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import People from '../lib/features/people/People.svelte';
import PersonPicker from '../lib/features/people/PersonPicker.svelte';
import { mockBackend } from './ipcMock';
import { t } from '../lib/i18n';
import type { Inventory, PersonDetail, PersonSummary } from '../lib/ipc';
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
      people_get: () => detail(1, {}, { archivedAt: archived ? '2026-11-21T10:00:00Z' : null }),
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
      people_get: ({ id }) => detail(id as number),
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
      people_get: ({ id }) => detail(id as number),
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
      people_get: ({ id }) => detail(id as number),
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
});
