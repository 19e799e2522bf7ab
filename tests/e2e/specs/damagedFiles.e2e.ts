// Damaged and foreign files in the data folder, seen in the real window: for each case the app is
// closed, one file is damaged or replaced, the app is opened again, and the screen must say what
// is wrong in the app's own calm words (never raw error text), must never offer to make a new
// vault over the files that are there, and must leave the damaged file byte for byte as it was.
import { browser, expect } from '@wdio/globals';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { proofRow } from '../support/proof';
import { appPids, artifacts, waitForExit } from '../support/process';
import { byTest, click, createVault, dataDir, shot, textOf, typeInto } from './helpers';

const SPEC = 'damaged';
const PASSPHRASE = 'damaged files passphrase';
const OTHER_PASSPHRASE = 'another vault entirely';
const PAGE = 4096;

// The app's own words (ui/src/lib/i18n/en.ts), by what they are about.
const WORDS = {
  damaged: 'Part of your vault file (vault.db) is damaged, so it cannot all be read.',
  notAVault: 'The file in your data folder is not an IPT Companion vault.',
  keyFileDamaged: 'The key file (vault.keys) in your data folder is damaged or was changed',
  wrongKey: 'That did not open your space. Check Caps Lock and try again.',
  damagedBanner: 'Part of your vault file is damaged',
  keyFileMissing: 'Your key file is missing',
  vaultEmpty: 'Your vault file (vault.db) is empty',
  notAPair: 'The two files of your space do not belong together',
  damagedLog: 'Your most recent changes may not all be here',
} as const;

/** Words that would mean a raw error reached the screen. */
const RAW = /sqlite|sqlx|sqlcipher|malformed|not a database|os error|errno|panick|unwrap|\bio error\b|json|serde|at line|\{|\}/i;

const db = () => join(dataDir(), 'vault.db');
const keys = () => join(dataDir(), 'vault.keys');
const vaultFiles = () => readdirSync(dataDir()).filter((n) => /^vault\.(db|db-wal|db-shm|keys)$/.test(n));
const sha = (p: string) => (existsSync(p) ? createHash('sha256').update(readFileSync(p)).digest('hex') : 'absent');

let good = ''; // copies of the good vault's files, made once at the start
let foreignKeys: Buffer = Buffer.alloc(0); // vault.keys of another vault (OTHER_PASSPHRASE)
const seen: { case: string; screen: string; words: string; unchanged: boolean }[] = [];

/** Closes the window (the app exits with its last window) and waits until the process is gone. */
async function quitApp() {
  const before = appPids();
  await browser.closeWindow().catch(() => {});
  await waitForExit(before);
}

/** Puts the good vault's files back, removing whatever vault files the last case left. */
function putBackGood() {
  for (const n of vaultFiles()) rmSync(join(dataDir(), n));
  for (const n of readdirSync(good)) copyFileSync(join(good, n), join(dataDir(), n));
}

type Screen = 'unlock' | 'fatal' | 'missing' | 'welcome';
const SCREENS: [Screen, string][] = [
  ['unlock', 'unlock-passphrase'],
  ['fatal', 'fatal'],
  ['missing', 'missing-file'],
  ['welcome', 'welcome-start'],
];

async function currentScreen(): Promise<Screen | null> {
  for (const [name, id] of SCREENS) if (await (await byTest(id)).isDisplayed()) return name;
  return null;
}

/** Nothing on screen offers to make a new vault. */
async function offersNewVault(): Promise<boolean> {
  for (const id of ['welcome-start', 'create-vault', 'mode-passphrase', 'new-passphrase']) {
    if (await (await byTest(id)).isExisting()) return true;
  }
  return false;
}

/**
 * One case: with the app closed, `damage` changes the data folder; the app opens again and, on
 * the unlock screen, `passphrase` is typed. Returns the screen reached and the words it shows.
 */
async function openDamaged(
  name: string,
  damage: () => void,
  passphrase = PASSPHRASE,
): Promise<{ screen: string; words: string }> {
  putBackGood();
  damage();
  const watched = [db(), keys()];
  const before = watched.map(sha);

  await browser.reloadSession();
  await browser.waitUntil(async () => (await currentScreen()) !== null, {
    timeout: 30_000,
    timeoutMsg: `${name}: no screen came up`,
  });
  let screen: string = (await currentScreen())!;
  let words = '';
  if (screen === 'unlock') {
    await typeInto('unlock-passphrase', passphrase);
    await click('unlock-submit');
    await browser.waitUntil(
      async () => (await (await byTest('unlock-error')).isDisplayed()) || (await (await byTest('home')).isDisplayed()),
      { timeout: 60_000, timeoutMsg: `${name}: unlocking neither failed nor opened` },
    );
    if (await (await byTest('unlock-error')).isDisplayed()) {
      screen = 'unlock-error';
      words = await textOf(byTest('unlock-error'));
    } else {
      screen = 'home';
      const banner = await byTest('damaged-banner');
      await banner.waitForDisplayed({ timeout: 30_000 }).catch(() => {});
      if (await banner.isDisplayed()) {
        screen = 'home-damaged-banner';
        words = await textOf(banner);
      }
    }
  } else if (screen === 'fatal') {
    words = await textOf(byTest('fatal'));
  } else if (screen === 'missing') {
    words = await textOf(byTest('missing-file'));
  }
  await shot(SPEC, name);
  const offered = await offersNewVault();

  await quitApp();
  const unchanged = watched.map(sha).every((h, i) => h === before[i]);
  seen.push({ case: name, screen, words: words.replace(/\s+/g, ' ').trim(), unchanged });
  expect({ name, unchanged }).toEqual({ name, unchanged: true });
  expect({ name, offered }).toEqual({ name, offered: false });
  expect({ name, raw: RAW.test(words) ? words : '' }).toEqual({ name, raw: '' });
  return { screen, words };
}

function flipByte(path: string, at: number) {
  const bytes = readFileSync(path);
  bytes[at] ^= 0x01;
  writeFileSync(path, bytes);
}

describe('damaged and foreign files: calm words, nothing changed, no new vault over them', () => {
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await shot(SPEC, 'failed').catch(() => {});
  });
  after(() => {
    writeFileSync(join(artifacts, 'damaged-cases.json'), JSON.stringify(seen, null, 2));
  });

  it('makes a vault with two entries, keeps a copy, and reads the key file of another vault', async () => {
    await createVault(PASSPHRASE, { keyring: false });
    for (const text of ['The walk by the estuary', 'Sunday lunch with my sister']) {
      await click('nav-home');
      await click('nav-journal');
      await click('new-entry');
      await (await byTest('entry-form')).waitForDisplayed();
      await typeInto('entry-text', text);
      await click('entry-save');
      await browser.waitUntil(async () => (await textOf(byTest('timeline'))).includes(text), {
        timeout: 20_000,
        timeoutMsg: `the entry "${text}" should be in the timeline`,
      });
    }
    await click('lock-now');
    await (await byTest('unlock-passphrase')).waitForDisplayed({ timeout: 20_000 });
    await quitApp();

    good = mkdtempSync(join(tmpdir(), 'ipt-e2e-good-vault-'));
    for (const n of vaultFiles()) copyFileSync(join(dataDir(), n), join(good, n));
    expect(readdirSync(good).sort()).toEqual(expect.arrayContaining(['vault.db', 'vault.keys']));
    expect(readFileSync(db()).length % PAGE).toBe(0);

    // Another vault, made in the same folder and then taken away, for its key file.
    for (const n of vaultFiles()) rmSync(join(dataDir(), n));
    await browser.reloadSession();
    await (await byTest('welcome-start')).waitForDisplayed({ timeout: 30_000 });
    await createVault(OTHER_PASSPHRASE, { keyring: false });
    await quitApp();
    foreignKeys = readFileSync(keys());
    expect(foreignKeys.equals(readFileSync(join(good, 'vault.keys')))).toBe(false);
  });

  it('vault.db cut to half its length', async () => {
    const r = await openDamaged('db-truncated-half', () => truncateSync(db(), Math.floor(readFileSync(db()).length / 2)));
    expect(r).toEqual({ screen: 'unlock-error', words: expect.stringContaining(WORDS.damaged) });
  });

  it('one flipped byte in a page in the middle of vault.db', async () => {
    const r = await openDamaged('db-flipped-byte', () => {
      const pages = readFileSync(db()).length / PAGE;
      flipByte(db(), Math.floor(pages / 2) * PAGE + 2000);
    });
    // Page 1 is intact, so the space opens; the whole-file check finds the bad page.
    expect(r).toEqual({ screen: 'home-damaged-banner', words: expect.stringContaining(WORDS.damagedBanner) });
  });

  it('the first 4 KiB (the header page) of vault.db zeroed', async () => {
    const r = await openDamaged('db-zeroed-header', () => {
      const bytes = readFileSync(db());
      bytes.fill(0, 0, PAGE);
      writeFileSync(db(), bytes);
    });
    expect(r).toEqual({ screen: 'unlock-error', words: expect.stringContaining(WORDS.damaged) });
  });

  it('a plain SQLite file in place of vault.db', async () => {
    const r = await openDamaged('db-plain-sqlite', () => {
      rmSync(db());
      execFileSync('sqlite3', [db(), 'CREATE TABLE notes(t TEXT); INSERT INTO notes VALUES (\'hello\');']);
      expect(readFileSync(db()).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
    });
    expect(r).toEqual({ screen: 'unlock-error', words: expect.stringContaining(WORDS.notAVault) });
  });

  it('random bytes in place of vault.db', async () => {
    const r = await openDamaged('db-random-bytes', () => writeFileSync(db(), randomBytes(readFileSync(db()).length)));
    // The key file records the database it opens (its salt, the first 16 bytes): these are not
    // that database.
    expect(r).toEqual({ screen: 'unlock-error', words: expect.stringContaining(WORDS.notAPair) });
  });

  it('an empty vault.db', async () => {
    const r = await openDamaged('db-empty', () => writeFileSync(db(), Buffer.alloc(0)));
    expect(r).toEqual({ screen: 'unlock-error', words: expect.stringContaining(WORDS.vaultEmpty) });
  });

  it('vault.keys cut to half its length', async () => {
    const r = await openDamaged('keys-truncated', () => truncateSync(keys(), Math.floor(readFileSync(keys()).length / 2)));
    expect(r).toEqual({ screen: 'unlock-error', words: expect.stringContaining(WORDS.keyFileDamaged) });
  });

  it('garbage in vault.keys', async () => {
    const r = await openDamaged('keys-garbage', () => writeFileSync(keys(), randomBytes(700)));
    expect(r).toEqual({ screen: 'unlock-error', words: expect.stringContaining(WORDS.keyFileDamaged) });
  });

  it('vault.keys of another vault, with this vault’s passphrase', async () => {
    const r = await openDamaged('keys-foreign-own-passphrase', () => writeFileSync(keys(), foreignKeys));
    // The passphrase does not open the other vault's slots, but the words are not those of a
    // mistyped passphrase: the key file records another database.
    expect(r).toEqual({ screen: 'unlock-error', words: expect.stringContaining(WORDS.notAPair) });
  });

  it('vault.keys of another vault, with that vault’s passphrase', async () => {
    const r = await openDamaged('keys-foreign-their-passphrase', () => writeFileSync(keys(), foreignKeys), OTHER_PASSPHRASE);
    // The slot opens, but its key does not read vault.db: not a damaged vault.db either.
    expect(r).toEqual({ screen: 'unlock-error', words: expect.stringContaining(WORDS.notAPair) });
  });

  it('vault.keys missing', async () => {
    const r = await openDamaged('keys-missing', () => rmSync(keys()));
    expect(r).toEqual({ screen: 'missing', words: expect.stringContaining(WORDS.keyFileMissing) });
    expect(existsSync(keys())).toBe(false);
  });

  it('one flipped byte in the write-ahead log a crash left: a copy is kept, what precedes it opens', async () => {
    // A crash while open leaves the latest saves in vault.db-wal: copy the files while unlocked.
    putBackGood();
    await browser.reloadSession();
    await typeInto('unlock-passphrase', PASSPHRASE);
    await click('unlock-submit');
    await (await byTest('home')).waitForDisplayed({ timeout: 30_000 });
    // Only the files matter here, not the clicking: the buttons are pressed from the page.
    const press = (id: string) =>
      browser.execute((t: string) => (document.querySelector(`[data-testid="${t}"]`) as HTMLElement).click(), id);
    await press('nav-journal');
    for (const text of ['Evening call with Dad', 'An early swim']) {
      await (await byTest('new-entry')).waitForExist();
      await press('new-entry');
      await (await byTest('entry-form')).waitForDisplayed();
      await typeInto('entry-text', text);
      await press('entry-save');
      await browser.waitUntil(async () => (await textOf(byTest('timeline'))).includes(text), { timeout: 20_000 });
    }
    const crashed = mkdtempSync(join(tmpdir(), 'ipt-e2e-crashed-'));
    for (const n of ['vault.db', 'vault.db-wal', 'vault.keys']) copyFileSync(join(dataDir(), n), join(crashed, n));
    await quitApp();
    for (const n of vaultFiles()) rmSync(join(dataDir(), n));
    for (const n of readdirSync(crashed)) copyFileSync(join(crashed, n), join(dataDir(), n));
    rmSync(crashed, { recursive: true, force: true });
    const wal = join(dataDir(), 'vault.db-wal');
    const frames = Math.floor((readFileSync(wal).length - 32) / (24 + PAGE));
    expect(frames).toBeGreaterThan(2);
    // In the page of the log's first frame: nothing after it can be replayed.
    flipByte(wal, 32 + 24 + 1000);
    const damagedLog = readFileSync(wal);
    const keysBefore = sha(keys());

    await browser.reloadSession();
    await typeInto('unlock-passphrase', PASSPHRASE);
    await click('unlock-submit');
    const banner = await byTest('damaged-log-banner');
    await banner.waitForDisplayed({ timeout: 30_000 });
    const words = await textOf(banner);
    await shot(SPEC, 'wal-flipped-byte');
    const kept = readdirSync(dataDir()).filter((n) => n.startsWith('vault.db-wal.damaged-'));
    expect(kept.length).toBe(1);
    expect(words).toContain(WORDS.damagedLog);
    expect(words).toContain(kept[0]);
    expect(RAW.test(words) ? words : '').toBe('');
    expect(readFileSync(join(dataDir(), kept[0])).equals(damagedLog)).toBe(true);
    // What came before the damage opens: the two entries of the good copy.
    await click('nav-journal');
    await browser.waitUntil(async () => (await textOf(byTest('timeline'))).includes('estuary'), { timeout: 20_000 });
    const timeline = await textOf(byTest('timeline'));
    expect(timeline).toContain('The walk by the estuary');
    expect(timeline).toContain('Sunday lunch with my sister');
    expect(await offersNewVault()).toBe(false);
    await quitApp();
    expect(sha(keys())).toBe(keysBefore);
    seen.push({ case: 'wal-flipped-byte', screen: 'home-damaged-log-banner', words: words.replace(/\s+/g, ' ').trim(), unchanged: true });
    for (const n of readdirSync(dataDir()).filter((n) => n.startsWith('vault.db-wal.damaged-'))) rmSync(join(dataDir(), n));
  });

  it('control: with no vault files at all the first-run offer is there, so the check above can see it', async () => {
    putBackGood();
    for (const n of vaultFiles()) rmSync(join(dataDir(), n));
    await browser.reloadSession();
    await (await byTest('welcome-start')).waitForDisplayed({ timeout: 30_000 });
    expect(await offersNewVault()).toBe(true);
    await shot(SPEC, 'control-no-files');
    await quitApp();
    putBackGood();
  });

  it('the good vault still opens after all of it', async () => {
    putBackGood();
    await browser.reloadSession();
    await typeInto('unlock-passphrase', PASSPHRASE);
    await click('unlock-submit');
    await (await byTest('home')).waitForDisplayed({ timeout: 30_000 });
    await expect(await byTest('damaged-banner')).not.toBeDisplayed();
    await shot(SPEC, 'good-again');
    rmSync(good, { recursive: true, force: true });
    // Every damaged case left its files byte-identical ("lost" counts any that changed).
    const changed = seen.filter((c) => !c.unchanged).length;
    proofRow('damaged and foreign vault files in the real window (unchanged, no new vault offered)', seen.length, seen.length, changed, 0);
  });
});
