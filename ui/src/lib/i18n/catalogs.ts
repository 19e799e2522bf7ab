// The message catalogs as data, for tests that read the words themselves (the same in every
// language, no "usted", placeholders that agree): each message as its text, or — for a message
// with plural variants — every variant's text, one per line.
import enJson from '../../../messages/en.json';
import esJson from '../../../messages/es.json';
import type { MessageKey } from './index';

type Variant = { declarations: string[]; selectors: string[]; match: Record<string, string> };
type Raw = Record<string, string | Variant[]>;

function flatten(raw: Raw): Record<MessageKey, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === '$schema') continue;
    out[key] = typeof value === 'string' ? value : value.flatMap((v) => Object.values(v.match)).join('\n');
  }
  return out as Record<MessageKey, string>;
}

export const en = flatten(enJson as Raw);
export const es = flatten(esJson as Raw);
export const catalogs = { en, es } as const;
