// How a person is named in lists and pickers: the name, with who they are to the patient when
// known, so two people with the same name can be told apart.
import { t, type MessageKey } from '../../i18n';
import type { Relationship } from '../../ipc';

export function relationshipText(relationship: Relationship | null | undefined, word?: string | null): string {
  if (word) return word;
  return relationship ? t(`relationship.${relationship}` as MessageKey) : '';
}

export function personLabel(p: {
  displayName: string;
  relationship?: Relationship | null;
  relationshipWord?: string | null;
}): string {
  const who = relationshipText(p.relationship, p.relationshipWord);
  return who ? `${p.displayName} (${who})` : p.displayName;
}
