// Looking for a word where it must not be (files, in UTF-8 and UTF-16LE) and for sockets the app
// must not open (strace connect() records). No wdio imports: plain functions the specs call.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ScanResult {
  /** Every regular file read. */
  scanned: string[];
  /** Files holding the word, with the encodings found. */
  hits: { file: string; encodings: string[] }[];
}

/** The encodings a word is looked for in. */
export function needles(word: string): { name: string; bytes: Buffer }[] {
  return [
    { name: 'utf-8', bytes: Buffer.from(word, 'utf8') },
    { name: 'utf-16le', bytes: Buffer.from(word, 'utf16le') },
  ];
}

/** Which encodings of `word` a buffer holds. */
export function found(bytes: Buffer, word: string): string[] {
  return needles(word)
    .filter((n) => bytes.includes(n.bytes))
    .map((n) => n.name);
}

/**
 * Reads every regular file under `roots` (symbolic links are not followed; files that vanish or
 * cannot be read are skipped) and reports those that hold `word`. `skip(path)` leaves a file or
 * folder out; `since` (ms) keeps only files changed at or after that moment.
 */
export function scanTree(
  roots: string[],
  word: string,
  opts: { skip?: (path: string) => boolean; since?: number } = {},
): ScanResult {
  const result: ScanResult = { scanned: [], hits: [] };
  const seen = new Set<string>();
  const walk = (path: string) => {
    if (seen.has(path) || opts.skip?.(path)) return;
    seen.add(path);
    let st;
    try {
      st = lstatSync(path);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      let names: string[] = [];
      try {
        names = readdirSync(path);
      } catch {
        return;
      }
      for (const n of names) walk(join(path, n));
    } else if (st.isFile()) {
      if (opts.since !== undefined && Math.max(st.mtimeMs, st.ctimeMs) < opts.since) return;
      let bytes: Buffer;
      try {
        bytes = readFileSync(path);
      } catch {
        return;
      }
      result.scanned.push(path);
      const enc = found(bytes, word);
      if (enc.length) result.hits.push({ file: path, encodings: enc });
    }
  };
  roots.forEach(walk);
  return result;
}

export interface Connect {
  line: string;
  family: string;
  address: string | null;
}

/** The connect() calls in strace output (an unfinished call's first half holds the address). */
export function connectsIn(trace: string): Connect[] {
  const out: Connect[] = [];
  for (const line of trace.split('\n')) {
    if (!/\bconnect\(/.test(line) || line.includes('<... connect resumed>')) continue;
    const family = /sa_family=(\w+)/.exec(line)?.[1] ?? 'unknown';
    const address =
      /inet_addr\("([^"]+)"\)/.exec(line)?.[1] ?? /inet_pton\(AF_INET6, "([^"]+)"/.exec(line)?.[1] ?? null;
    out.push({ line, family, address });
  }
  return out;
}

function isLoopback(address: string | null): boolean {
  if (address === null) return false;
  return /^127\./.test(address) || address === '::1' || /^::ffff:127\./i.test(address);
}

/** The calls that could reach another machine: an IPv4 or IPv6 address outside loopback. */
export function outbound(connects: Connect[]): Connect[] {
  return connects.filter((c) => (c.family === 'AF_INET' || c.family === 'AF_INET6') && !isLoopback(c.address));
}
