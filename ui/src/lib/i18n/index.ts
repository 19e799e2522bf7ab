import { en, type MessageKey } from './en';

export type { MessageKey };

/** Looks up a message and fills `{name}` placeholders. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text: string = en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => (name in params ? String(params[name]) : `{${name}}`));
}

/** The language of the catalog above; numbers and lists in messages are written in it. */
export const LOCALE = 'en';

/** "Jude", "Jude and Sam", "Jude, Sam, and Alex". */
export function formatList(items: readonly string[]): string {
  return new Intl.ListFormat(LOCALE, { style: 'long', type: 'conjunction' }).format(items);
}

/** A count with the usual thousands separator, e.g. 200,000. */
export function formatNumber(n: number): string {
  return new Intl.NumberFormat(LOCALE).format(n);
}
