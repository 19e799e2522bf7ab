import type { Emotion } from '../../ipc';
import type { MessageKey } from '../../i18n';
import { trimSpace } from '../../text';

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

export function splitList(s: string): string[] {
  return s
    .split(',')
    .map(trimSpace)
    .filter(Boolean);
}
