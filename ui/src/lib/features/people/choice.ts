// The picker's choice as the core takes it: an existing person's id, or a new name.
export function personChoice(who: string, newName: string): { personId: number | null; personName: string | null } {
  return {
    personId: who && who !== 'new' ? Number(who) : null,
    personName: who === 'new' ? newName : null,
  };
}
