// Nothing typed leaks out of the vault, and the app opens no socket to another machine.
// A canary word goes into every kind of field; after locking and closing the app, every file
// under the throw-away HOME (WebKit's caches and storage included), the data folder, the files
// made in the temporary folder during the run, and the app's own output are searched for it in
// UTF-8 and UTF-16LE. wdio.conf.ts launches this spec's app through support/traced-app.sh, which
// records every connect() with strace: any IPv4/IPv6 address outside loopback fails the spec.
import { browser, expect } from '@wdio/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { appPids, artifacts, waitForExit } from '../support/process';
import { proofRow } from '../support/proof';
import { connectsIn, outbound, scanTree, type Connect } from '../support/leaks';
import { byTest, choose, click, createVault, dataDir, shot, typeInto } from './helpers';

const SPEC = 'leaks';
const PASSPHRASE = 'leaks spec passphrase';
// Put together at run time, so that before the app is given it the word is in no file at all
// (not even this one, nor any compiled copy of it).
const CANARY = ['CANARY', '7f3q'].join('');
const STARTED = Date.now();

const home = () => process.env.HOME ?? '';
const traceDir = () => process.env.IPT_E2E_TRACE_DIR ?? '';
// The machinery that runs this suite keeps its own files in the temporary folder: not the app's.
const notOurs = (p: string) => /^\/tmp\/bash_jobs\./.test(p);

describe('leaks: the canary word stays inside the vault, and nothing goes out over the network', () => {
  it('control: the search finds the word in UTF-8 and UTF-16LE, and outbound connects are caught', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ipt-e2e-control-'));
    try {
      writeFileSync(join(dir, 'a.txt'), `before ${CANARY} after`);
      writeFileSync(join(dir, 'b.bin'), Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(CANARY, 'utf16le')]));
      writeFileSync(join(dir, 'c.txt'), 'nothing here');
      const r = scanTree([dir], CANARY);
      expect(r.scanned.length).toBe(3);
      expect(r.hits.map((h) => [relative(dir, h.file), h.encodings])).toEqual([
        ['a.txt', ['utf-8']],
        ['b.bin', ['utf-16le']],
      ]);

      // A real strace record of three UDP "connects" (these send no packet).
      const trace = join(dir, 'control.trace');
      execFileSync('strace', ['-f', '-qq', '-e', 'trace=connect', '-o', trace, '/usr/bin/python3', '-c', [
        'import socket',
        "socket.socket(socket.AF_INET, socket.SOCK_DGRAM).connect(('192.0.2.1', 9))",
        "socket.socket(socket.AF_INET, socket.SOCK_DGRAM).connect(('127.0.0.1', 9))",
        "socket.socket(socket.AF_INET6, socket.SOCK_DGRAM).connect(('::1', 9))",
      ].join('\n')]);
      const calls = connectsIn(readFileSync(trace, 'utf8'));
      expect(calls.map((c) => [c.family, c.address])).toEqual([
        ['AF_INET', '192.0.2.1'],
        ['AF_INET', '127.0.0.1'],
        ['AF_INET6', '::1'],
      ]);
      expect(outbound(calls).map((c) => c.address)).toEqual(['192.0.2.1']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('types the canary into the journal, an event, a plan, a person, the safety plan and the agenda', async () => {
    expect(traceDir()).not.toBe(''); // launched through the tracing wrapper
    await createVault(PASSPHRASE, { keyring: true });

    await click('nav-journal');
    await click('new-entry');
    await (await byTest('entry-form')).waitForDisplayed();
    await typeInto('entry-text', `Journal ${CANARY} by the estuary`);
    await click('add-event');
    await choose('event-0-who', 'new');
    await typeInto('event-0-name', `Jude${CANARY}`);
    await typeInto('event-0-happened', `She asked ${CANARY} how I was`);
    await typeInto('event-0-felt', `seen ${CANARY}`);
    await click('entry-save');
    await (await byTest('timeline-entry')).waitForDisplayed({ timeout: 20_000 });

    await click('nav-plans');
    await typeInto('plan-what', `Plan ${CANARY} the Tuesday shop`);
    await choose('plan-area', 'roleDispute');
    await click('plan-save');
    await (await byTest('plan-saved')).waitForDisplayed();

    await click('nav-people');
    await click('person-add');
    await typeInto('person-name', `Ana${CANARY}`);
    await choose('person-relationship', 'friend');
    await typeInto('person-good', `We laugh ${CANARY}`);
    await click('person-save');
    await (await byTest('person-saved')).waitForDisplayed();

    await click('nav-safety-plan');
    await (await byTest('safety-plan-form')).waitForDisplayed();
    await click('sp-add-warningSigns');
    await typeInto('sp-warningSigns-1', `Warning ${CANARY}`);
    await click('sp-save');
    await (await byTest('safety-plan-view')).waitForDisplayed({ timeout: 20_000 });

    await click('nav-agenda');
    await (await byTest('agenda')).waitForDisplayed();
    await typeInto('agenda-question', `Question ${CANARY}?`);
    await click('agenda-add');
    await browser.waitUntil(async () =>
      (await browser.$$('[data-testid="agenda-item-text"]').map((e) => e.getText())).some((t) => t.includes(CANARY)),
    );

    // A backup, so that there is one to check for the word in clear.
    await click('nav-settings');
    await click('backup-now');
    await (await byTest('backup-made')).waitForDisplayed({ timeout: 60_000 });

    // Unsaved writing: locking keeps it as a draft inside the vault.
    await click('nav-journal');
    await click('new-entry');
    await (await byTest('entry-form')).waitForDisplayed();
    await typeInto('entry-text', `Draft ${CANARY} unfinished`);
    await shot(SPEC, 'draft-before-lock');
    await click('lock-now');
    await (await byTest('unlock-passphrase')).waitForDisplayed({ timeout: 20_000 });
    await shot(SPEC, 'locked');

    // Closed, so that everything the app and WebKit keep has been written out.
    const before = appPids();
    await browser.closeWindow().catch(() => {});
    await waitForExit(before);
  });

  it('finds the canary in no file: HOME, WebKit storage, the data folder, /tmp, the app output', () => {
    const db = join(dataDir(), 'vault.db');
    expect(readFileSync(db).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');

    // Everything under HOME, the data folder and the app's output folder; in /tmp, every other
    // file changed since the spec began (a file holding the word was written after the word was
    // typed, so none is missed).
    const full = [home(), dataDir(), traceDir()];
    expect(full.every(Boolean)).toBe(true);
    const inFull = (p: string) => full.some((root) => p === root || p.startsWith(`${root}/`));
    const result = scanTree(full, CANARY, { skip: notOurs });
    const recentTmp = scanTree(['/tmp'], CANARY, { skip: (p) => notOurs(p) || inFull(p), since: STARTED - 60_000 });

    const homeFiles = result.scanned.filter((p) => p.startsWith(`${home()}/`));
    const webkit = homeFiles.filter((p) => /\/(\.cache|\.local\/share)\/org\.iptcompanion\.app\//.test(p));
    const dataFiles = result.scanned.filter((p) => p.startsWith(`${dataDir()}/`));
    const encrypted = dataFiles.filter((p) => /\/vault\.db(-wal)?$|\/backups\/.*\.iptbackup$/.test(p));
    const output = join(traceDir(), 'app-output.log');
    const outputText = existsSync(output) ? readFileSync(output) : Buffer.alloc(0);

    const hits = [...result.hits, ...recentTmp.hits];
    const summary = {
      canaryFields: 10,
      filesScanned: result.scanned.length + recentTmp.scanned.length,
      underHome: homeFiles.length,
      webkitStorage: webkit.map((p) => relative(home(), p)),
      dataFolder: dataFiles.map((p) => relative(dataDir(), p)),
      encryptedChecked: encrypted.map((p) => relative(dataDir(), p)),
      tmpChangedDuringRun: recentTmp.scanned.length,
      appOutputBytes: outputText.length,
      hits,
    };
    writeFileSync(join(artifacts, 'leaks-summary.json'), JSON.stringify(summary, null, 2));
    console.log(`leaks: ${JSON.stringify({ ...summary, webkitStorage: summary.webkitStorage.length })}`);

    proofRow('leaks: a canary word in 10 fields, searched in every file the run touched', summary.filesScanned, summary.canaryFields, 0, hits.length);
    expect(existsSync(output)).toBe(true);
    expect(webkit.length).toBeGreaterThan(0); // WebKit's own folders were found and searched
    expect(encrypted.some((p) => p.endsWith('/vault.db'))).toBe(true);
    expect(encrypted.some((p) => p.endsWith('.iptbackup'))).toBe(true);
    expect(hits).toEqual([]);
  });

  it('opened no socket to an address outside this computer', () => {
    const files = readdirSync(traceDir()).filter((n) => n.endsWith('.trace'));
    expect(files.length).toBeGreaterThan(0);
    const calls: Connect[] = files.flatMap((n) => connectsIn(readFileSync(join(traceDir(), n), 'utf8')));
    const families: Record<string, number> = {};
    for (const c of calls) families[c.family] = (families[c.family] ?? 0) + 1;
    const inet = calls.filter((c) => c.family === 'AF_INET' || c.family === 'AF_INET6').map((c) => c.address);
    const summary = { launches: files.length, connects: calls.length, families, inetAddresses: [...new Set(inet)] };
    writeFileSync(join(artifacts, 'network-summary.json'), JSON.stringify(summary, null, 2));
    console.log(`network: ${JSON.stringify(summary)}`);
    proofRow('network: every connect() the app made (any outside address is a leak)', calls.length, 0, 0, outbound(calls).length);
    expect(calls.length).toBeGreaterThan(0); // the trace did record the app (D-Bus, X11 at least)
    expect(outbound(calls).map((c) => c.line)).toEqual([]);
  });
});
