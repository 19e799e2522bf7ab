import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { AppError, journalApi, toAppError, vaultApi, wellFormedArgs, wellFormedString } from './index';
import { mockBackend } from '../../tests/ipcMock';
import type { JournalEntryInput } from './index';

describe('typed IPC client', () => {
  it('rebuilds {code, message} into an AppError with the same code', async () => {
    mockBackend({
      vault_lock: () => {
        throw { code: 'Locked', message: 'the vault is locked' };
      },
    });
    const err = await vaultApi.lock().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('Locked');
  });

  it('maps unknown shapes to Internal rather than trusting them', () => {
    expect(toAppError('boom').code).toBe('Internal');
    expect(toAppError({ code: 'NotARealCode', message: 'x' }).code).toBe('Internal');
    expect(toAppError({ code: '__proto__' }).code).toBe('Internal');
    expect(toAppError(null).code).toBe('Internal');
  });
});

describe('lone surrogates', () => {
  afterEach(() => clearMocks());

  const EMOJI = 'tea \u{1F375} with Sam \u{1F469}\u200D\u{1F467}';
  const input = (): JournalEntryInput => ({
    occurredAt: '2026-11-25T09:30:00+01:00',
    mood: 4,
    emotions: ['calm'],
    customEmotions: ['half \uD83D', '\uDC00 tail'],
    text: `${EMOJI} and a cut one: \uD83C`,
    tags: [EMOJI],
    events: [
      {
        personId: null,
        personName: 'Sa\uDBFFm',
        whatHappened: 'we \uDE00\uD800 talked',
        whatIFelt: EMOJI,
        whatIDid: '',
        howItEnded: '',
        important: false,
      },
    ],
    pinned: false,
    draftKey: null,
  });

  it('arrive as U+FFFD, however deep, while emoji arrive unchanged', async () => {
    let sent: Record<string, unknown> | undefined;
    mockIPC((cmd, args) => {
      if (cmd === 'journal_create') sent = args as Record<string, unknown>;
      return {};
    });
    await journalApi.create(input());
    const got = (sent as { input: JournalEntryInput }).input;
    expect(got.customEmotions).toEqual(['half \uFFFD', '\uFFFD tail']);
    expect(got.text).toBe(`${EMOJI} and a cut one: \uFFFD`);
    expect(got.tags).toEqual([EMOJI]);
    expect(got.events[0]?.personName).toBe('Sa\uFFFDm');
    expect(got.events[0]?.whatHappened).toBe('we \uFFFD\uFFFD talked');
    expect(got.events[0]?.whatIFelt).toBe(EMOJI);
    // Everything else as it was, and JSON (what crosses IPC) without a lone surrogate's escape.
    expect(got.mood).toBe(4);
    expect(got.draftKey).toBeNull();
    expect(got.pinned).toBe(false);
    expect(JSON.stringify(sent)).not.toMatch(/\\ud[89a-f]/i);
  });

  it('are replaced without String.prototype.toWellFormed too', () => {
    const own = Object.getOwnPropertyDescriptor(String.prototype, 'toWellFormed');
    Object.defineProperty(String.prototype, 'toWellFormed', { value: undefined, configurable: true, writable: true });
    try {
      expect(wellFormedString('a\uD800b\uDFFFc')).toBe('a\uFFFDb\uFFFDc');
      expect(wellFormedString('\uDC00\uD800')).toBe('\uFFFD\uFFFD');
      expect(wellFormedString('end \uD83D')).toBe('end \uFFFD');
      expect(wellFormedString(EMOJI)).toBe(EMOJI);
      expect(wellFormedArgs({ a: [{ b: 'x\uD800' }], n: 1, z: null })).toEqual({ a: [{ b: 'x\uFFFD' }], n: 1, z: null });
    } finally {
      if (own) Object.defineProperty(String.prototype, 'toWellFormed', own);
      else delete (String.prototype as { toWellFormed?: unknown }).toWellFormed;
    }
  });

  it('leave what is not a plain object as it is', () => {
    const bytes = new Uint8Array([0xd8, 0x00]);
    expect(wellFormedArgs({ bytes }).bytes).toBe(bytes);
  });
});
