import type { Emotion } from '../../ipc';
import type { MessageKey } from '../../i18n';

// A Record, so adding an emotion to the Rust vocabulary fails the type check until it has words.
export const EMOTION_LABEL: Record<Emotion, MessageKey> = {
  sad: 'emotion.sad',
  lonely: 'emotion.lonely',
  hurt: 'emotion.hurt',
  anxious: 'emotion.anxious',
  overwhelmed: 'emotion.overwhelmed',
  angry: 'emotion.angry',
  frustrated: 'emotion.frustrated',
  guilty: 'emotion.guilty',
  ashamed: 'emotion.ashamed',
  numb: 'emotion.numb',
  tired: 'emotion.tired',
  calm: 'emotion.calm',
  content: 'emotion.content',
  hopeful: 'emotion.hopeful',
  grateful: 'emotion.grateful',
  relieved: 'emotion.relieved',
  loved: 'emotion.loved',
  proud: 'emotion.proud',
};

export const EMOTIONS = Object.keys(EMOTION_LABEL) as Emotion[];

/** Splits the search snippet's match markers (U+0002 … U+0003) into text parts; never HTML. */
export function snippetParts(snippet: string): { text: string; match: boolean }[] {
  const parts: { text: string; match: boolean }[] = [];
  let match = false;
  let buf = '';
  for (const ch of snippet) {
    if (ch === '\u0002' || ch === '\u0003') {
      if (buf) parts.push({ text: buf, match });
      buf = '';
      match = ch === '\u0002';
    } else {
      buf += ch;
    }
  }
  if (buf) parts.push({ text: buf, match });
  return parts;
}

/** `YYYY-MM-DDTHH:mm` for a datetime-local input, in local time. */
export function toLocalInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** RFC 3339 with the local UTC offset at that moment, from a datetime-local value. */
export function localInputToRfc3339(value: string): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value; // the core refuses it with InvalidDate
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const p = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  return `${toLocalInput(d)}:00${sign}${p(off / 60)}:${p(off % 60)}`;
}

/** The datetime-local value for an RFC 3339 time as it was written (its own offset kept). */
export function rfc3339ToLocalInput(s: string): string {
  return s.slice(0, 16);
}

export function splitList(s: string): string[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

export function localDay(d: Date): string {
  return toLocalInput(d).slice(0, 10);
}
