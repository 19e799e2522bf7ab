// The closeness circle (issue 14): people placed by keyboard (arrow keys or the small menu) with
// each move announced, by dragging onto a ring, saved as a dated snapshot with exactly the
// placements shown, earlier snapshots stepped through read-only, and the first and latest
// compared in words.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import Circle from '../lib/features/circle/Circle.svelte';
import { moveIn, moveOut, placementsOf, ringAt } from '../lib/features/circle/geometry';
import { t } from '../lib/i18n';
import type { CircleComparison, PersonSummary, Snapshot } from '../lib/ipc';
import { mockBackend } from './ipcMock';

afterEach(() => vi.restoreAllMocks());

const person = (id: number, displayName: string, archived = false): PersonSummary => ({
  id,
  displayName,
  relationship: null,
  relationshipWord: '',
  archived,
});
const people: PersonSummary[] = [person(1, 'Sam'), person(2, 'Jo'), person(3, 'Ana'), person(4, 'Lee', true)];

const first: Snapshot = {
  id: 10,
  takenAt: '2026-11-02T10:00:00Z',
  placements: [
    { personId: 1, ring: 'furtherOut' },
    { personId: 2, ring: 'closest' },
  ],
};
const second: Snapshot = {
  id: 11,
  takenAt: '2026-11-23T10:00:00Z',
  placements: [
    { personId: 1, ring: 'close' },
    { personId: 3, ring: 'closest' },
  ],
};

function backend(snapshots: Snapshot[] = [], comparison?: CircleComparison) {
  let saved = [...snapshots];
  return mockBackend({
    people_list_all: () => people,
    circle_snapshots: () => saved,
    circle_save: (a) => {
      const input = a.input as { placements: Snapshot['placements'] };
      const snap = { id: 99, takenAt: '2026-11-27T10:00:00Z', placements: input.placements };
      saved = [...saved, snap];
      return snap;
    },
    circle_compare: () => comparison ?? { first: saved[0] ?? null, latest: saved.at(-1) ?? null, changes: { movedIn: [], movedOut: [], appeared: [], left: [] } },
  });
}

const announced = () => screen.getByTestId('circle-announce').textContent;

describe('the circle, by keyboard', () => {
  it('moves a person in and out with the arrow keys, announcing each move and keeping focus', async () => {
    const user = userEvent.setup();
    backend();
    render(Circle);
    const sam = await screen.findByTestId('circle-person-1');
    expect(within(screen.getByTestId('circle-tray')).getByTestId('circle-person-1')).toBeInTheDocument();
    sam.focus();
    await user.keyboard('{ArrowUp}');
    expect(announced()).toBe('Sam moved to further out.');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('circle-person-1')));
    expect(within(screen.getByTestId('circle-words-furtherOut')).getByTestId('circle-person-1')).toBeInTheDocument();
    await user.keyboard('{ArrowLeft}');
    expect(announced()).toBe('Sam moved to close.');
    await user.keyboard('{ArrowUp}');
    expect(announced()).toBe('Sam moved to closest.');
    await user.keyboard('{ArrowUp}');
    expect(announced()).toBe('Sam is already in the closest ring.');
    await user.keyboard('{ArrowDown}{ArrowRight}');
    expect(announced()).toBe('Sam moved to further out.');
    await user.keyboard('{ArrowDown}');
    expect(announced()).toBe('Sam is not placed now.');
    await waitFor(() => expect(within(screen.getByTestId('circle-tray')).getByTestId('circle-person-1')).toHaveFocus());
    await user.keyboard('{ArrowDown}');
    expect(announced()).toBe('Sam is already not placed.');
  });

  it('keeps an archived person where they were placed, and does not offer them in the tray', async () => {
    backend([{ id: 12, takenAt: '2026-11-02T10:00:00Z', placements: [{ personId: 4, ring: 'close' }] }]);
    render(Circle);
    const close = await screen.findByTestId('circle-words-close');
    expect(within(close).getByText('Lee: close')).toBeInTheDocument();
    expect(within(screen.getByTestId('circle-tray')).queryByText(/Lee/)).toBeNull();
  });

  it('tells two people of the same name apart by who they are', async () => {
    mockBackend({
      people_list_all: () => [
        { ...person(1, 'Sam'), relationship: 'friend' },
        { ...person(2, 'Sam'), relationship: 'sibling' },
        person(3, 'Jo'),
      ],
      circle_snapshots: () => [{ id: 1, takenAt: '2026-11-02T10:00:00Z', placements: [{ personId: 2, ring: 'close' }] }],
    });
    render(Circle);
    const close = await screen.findByTestId('circle-words-close');
    expect(within(close).getByText('Sam (sibling): close')).toBeInTheDocument();
    expect(within(screen.getByTestId('circle-tray')).getByText(/Sam \(friend\)/)).toBeInTheDocument();
    // A name nobody shares stays short.
    expect(within(screen.getByTestId('circle-tray')).getByTestId('circle-person-3')).toHaveTextContent(/^\s*Jo: not placed\s*$/);
  });

  it('offers a small menu for the chosen person', async () => {
    const user = userEvent.setup();
    backend();
    render(Circle);
    await user.click(await screen.findByTestId('circle-person-2'));
    expect(screen.getByTestId('circle-person-2')).toHaveAttribute('aria-pressed', 'true');
    const menu = screen.getByTestId('circle-menu');
    expect(menu).toHaveAccessibleName('Move Jo to');
    await user.click(within(menu).getByTestId('circle-move-closest'));
    expect(announced()).toBe('Jo moved to closest.');
    expect(within(screen.getByTestId('circle-words-closest')).getByText('Jo: closest')).toBeInTheDocument();
    expect(screen.getByTestId('circle-drawing')).toHaveAccessibleName(/Closest: Jo\./);
    await user.click(within(screen.getByTestId('circle-menu')).getByTestId('circle-move-unplaced'));
    expect(announced()).toBe('Jo is not placed now.');
  });
});

describe('the circle, by dragging', () => {
  it('puts a person dragged from the tray on the ring they are dropped on, and back in the tray', async () => {
    backend();
    render(Circle);
    const sam = await screen.findByTestId('circle-person-1');
    const svg = screen.getByTestId('circle-drawing');
    const box = { left: 0, top: 0, width: 400, height: 400, right: 400, bottom: 400, x: 0, y: 0, toJSON: () => ({}) };
    vi.spyOn(svg, 'getBoundingClientRect').mockReturnValue(box as DOMRect);
    const tray = screen.getByTestId('circle-tray');
    vi.spyOn(tray, 'getBoundingClientRect').mockReturnValue({ ...box, left: 420, right: 700 } as DOMRect);
    const pointer = (target: EventTarget, type: string, x: number, y: number) =>
      target.dispatchEvent(new MouseEvent(type, { clientX: x, clientY: y, bubbles: true, button: 0 }));

    pointer(sam, 'pointerdown', 500, 50);
    pointer(window, 'pointermove', 300, 120);
    pointer(window, 'pointermove', 200, 150);
    pointer(window, 'pointerup', 200, 150); // 50 from the centre: the closest ring
    await waitFor(() => expect(announced()).toBe('Sam moved to closest.'));
    const dot = await screen.findByTestId('circle-drawing-person-1');
    expect(dot).toHaveAttribute('data-ring', 'closest');

    pointer(dot, 'pointerdown', 200, 150);
    pointer(window, 'pointermove', 500, 100);
    pointer(window, 'pointerup', 500, 100); // over the tray
    await waitFor(() => expect(announced()).toBe('Sam is not placed now.'));
    expect(screen.queryByTestId('circle-drawing-person-1')).toBeNull();

    // A press without moving is a click, not a drop.
    pointer(screen.getByTestId('circle-person-1'), 'pointerdown', 500, 50);
    pointer(window, 'pointerup', 500, 50);
    expect(announced()).toBe('Sam is not placed now.');
  });

  it('knows its rings and steps', () => {
    expect(ringAt(200, 200)).toBe('closest');
    expect(ringAt(200, 200 - 100)).toBe('close');
    expect(ringAt(200, 200 - 170)).toBe('furtherOut');
    expect(ringAt(0, 0)).toBeNull();
    expect(moveIn(null)).toBe('furtherOut');
    expect(moveIn('closest')).toBe('closest');
    expect(moveOut('furtherOut')).toBeNull();
    expect(placementsOf(new Map([[2, 'close'], [1, null], [3, 'closest']]))).toEqual([
      { personId: 2, ring: 'close' },
      { personId: 3, ring: 'closest' },
    ]);
  });
});

describe('saving and looking back', () => {
  it('starts from the latest snapshot and saves exactly the placements shown', async () => {
    const user = userEvent.setup();
    const b = backend([first, second]);
    render(Circle);
    const words = await screen.findByTestId('circle-words-close');
    expect(within(words).getByText('Sam: close')).toBeInTheDocument();
    screen.getByTestId('circle-person-2').focus();
    await user.keyboard('{ArrowUp}{ArrowUp}');
    expect(screen.getByTestId('circle-unsaved')).toHaveTextContent(t('circle.unsaved'));
    await user.click(screen.getByTestId('circle-save'));
    expect(await screen.findByTestId('circle-saved')).toHaveTextContent('Saved as your circle for November 27, 2026.');
    expect(b.called('circle_save')[0].args).toEqual({
      input: {
        placements: [
          { personId: 1, ring: 'close' },
          { personId: 2, ring: 'close' },
          { personId: 3, ring: 'closest' },
        ],
      },
    });
  });

  it('steps through earlier snapshots read-only and comes back to the circle now', async () => {
    const user = userEvent.setup();
    backend([first, second]);
    render(Circle);
    await screen.findByTestId('circle-person-1');
    screen.getByTestId('circle-person-1').focus();
    await user.keyboard('{ArrowDown}'); // Sam further out, not saved

    await user.click(screen.getByTestId('circle-earlier'));
    expect(screen.getByTestId('circle-viewing')).toHaveTextContent('Saved on November 23, 2026 (2 of 2)');
    expect(screen.getByTestId('circle-words-close')).toHaveTextContent('Sam');
    expect(screen.queryByTestId('circle-person-1')).toBeNull();
    expect(screen.queryByTestId('circle-save')).toBeNull();
    await user.click(screen.getByTestId('circle-earlier'));
    expect(screen.getByTestId('circle-viewing')).toHaveTextContent('(1 of 2)');
    expect(screen.getByTestId('circle-words-furtherOut')).toHaveTextContent('Sam');
    expect(screen.getByTestId('circle-words-closest')).toHaveTextContent('Jo');
    expect(screen.getByTestId('circle-earlier')).toBeDisabled();
    await user.click(screen.getByTestId('circle-later'));
    expect(screen.getByTestId('circle-viewing')).toHaveTextContent('(2 of 2)');
    await user.click(screen.getByTestId('circle-now'));
    expect(screen.queryByTestId('circle-viewing')).toBeNull();
    expect(within(screen.getByTestId('circle-words-furtherOut')).getByText('Sam: further out')).toBeInTheDocument();
  });

  it('puts the first and latest side by side and says who moved in or out', async () => {
    const user = userEvent.setup();
    backend([first, second], {
      first,
      latest: second,
      changes: {
        movedIn: [{ personId: 1, from: 'furtherOut', to: 'close' }],
        movedOut: [],
        appeared: [{ personId: 3, ring: 'closest' }],
        left: [{ personId: 2, ring: 'closest' }],
      },
    });
    render(Circle);
    await user.click(await screen.findByTestId('circle-compare'));
    const c = await screen.findByTestId('circle-comparison');
    expect(within(c).getByTestId('circle-first')).toHaveAccessibleName(/Further out: Sam\./);
    expect(within(c).getByTestId('circle-latest')).toHaveAccessibleName(/Close: Sam\./);
    expect(within(c).getByText('First saved, November 2, 2026')).toBeInTheDocument();
    expect(within(c).getByTestId('circle-moved-in')).toHaveTextContent('Sam: from further out to close');
    expect(within(c).queryByTestId('circle-moved-out')).toBeNull();
    expect(within(c).getByTestId('circle-appeared')).toHaveTextContent('Ana: closest');
    expect(within(c).getByTestId('circle-left')).toHaveTextContent('Jo: closest');
  });

  it('asks for a second save before comparing', async () => {
    const user = userEvent.setup();
    backend([first]);
    render(Circle);
    await user.click(await screen.findByTestId('circle-compare'));
    expect(await screen.findByTestId('circle-compare-need-two')).toHaveTextContent(t('circle.compareNeedTwo'));
  });
});
