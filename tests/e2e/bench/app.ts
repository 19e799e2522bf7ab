// `make bench-app` (scripts/bench-app.sh runs this under Xvfb, in a private D-Bus session with an
// unlocked gnome-keyring): the release app against an empty Tauri 2 app (benches/empty-app),
// launched alternately through tauri-driver, each run in a fresh data folder or on a copy of an
// existing 100 000-entry vault. Prints min / median / max per measure and the ratio of medians.
//
// - launch → first screen: from asking the driver for a session (which starts the app) to the
//   first-screen mark both pages set after their first screen is painted. The driver's own
//   start-up is in both apps' figures alike.
// - PSS: proportional set size of the app and every process it started (WebKit's web and network
//   processes), 10 s after the mark, from /proc/<pid>/smaps_rollup.
// - the app alone: unlock → Home with the passphrase, and opening the journal on that vault,
//   both timed inside the page from the click to the frame that shows the result.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { remote } from 'webdriverio';
import { FIRST_SCREEN_MARK } from '../../../ui/src/lib/firstScreen';

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (scripts/bench-app.sh sets it)`);
  return v;
};
const APP = env('IPT_BENCH_APP');
const EMPTY = env('IPT_BENCH_EMPTY');
const VAULT = env('IPT_BENCH_VAULT'); // a data folder holding a locked passphrase vault
const PASSPHRASE = env('IPT_BENCH_PASSPHRASE');
const KDF_MS = Number(env('IPT_BENCH_KDF_MS'));
const ENTRIES = Number(env('IPT_BENCH_ENTRIES'));
const RUNS = Number(process.env.IPT_BENCH_RUNS ?? 7);
const IDLE_MS = 10_000;
const PORT = 4444;

type Kind = 'fresh' | 'existing';
type Which = 'app' | 'empty';
const samples = new Map<string, number[]>();
const add = (key: string, v: number) => samples.set(key, [...(samples.get(key) ?? []), v]);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForPort(port: number, timeoutMs = 20_000) {
  const start = Date.now();
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => {
        s.end();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() - start > timeoutMs) throw new Error(`nothing listens on ${port}`);
    await sleep(50);
  }
}

/** Every live process as pid → parent pid. */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid …: comm may hold spaces and parentheses, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      out.set(Number(name), ppid);
    } catch {
      // ended while we looked
    }
  }
  return out;
}

/** The app's process and all its descendants. */
function processTree(binary: string): number[] {
  const root = execFileSync('pgrep', ['-x', basename(binary).slice(0, 15)], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map(Number);
  if (root.length !== 1) throw new Error(`expected one ${basename(binary)} process, found ${root.length}`);
  const tree = parents();
  const all = new Set(root);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of tree) {
      if (!all.has(pid) && all.has(ppid)) {
        all.add(pid);
        grew = true;
      }
    }
  }
  return [...all];
}

/** The processes grouped as the app's own and each WebKit helper (by program name). */
function byProgram(pids: number[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const pid of pids) {
    let name = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    if (!name.startsWith('WebKit')) name = 'the app process';
    out.set(name, [...(out.get(name) ?? []), pid]);
  }
  return out;
}

function pssKiB(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const m = /^Pss:\s+(\d+) kB/m.exec(rollup);
    if (!m) throw new Error(`no Pss for ${pid}`);
    total += Number(m[1]);
  }
  return total;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function run(which: Which, kind: Kind) {
  const binary = which === 'app' ? APP : EMPTY;
  const dataDir = mkdtempSync(join(tmpdir(), 'ipt-bench-data-'));
  if (kind === 'existing') cpSync(VAULT, dataDir, { recursive: true });
  const driver: ChildProcess = spawn('tauri-driver', ['--port', String(PORT)], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, IPT_COMPANION_DATA_DIR: dataDir },
  });
  let pids: number[] = [];
  try {
    await waitForPort(PORT);
    const t0 = Date.now();
    const browser = await remote({
      hostname: '127.0.0.1',
      port: PORT,
      logLevel: 'error',
      capabilities: {
        'wdio:enforceWebDriverClassic': true,
        'tauri:options': { application: binary },
      } as WebdriverIO.Capabilities,
    });
    try {
      let markAt: number | null = null;
      while (markAt === null) {
        const seen = await browser.execute((name: string) => {
          const m = performance.getEntriesByName(name)[0];
          return m ? { origin: performance.timeOrigin, mark: m.startTime } : null;
        }, FIRST_SCREEN_MARK);
        if (seen) {
          markAt = seen.origin + seen.mark;
          // Where the time goes: until the page starts loading (the process, the window, the web
          // view), and from there to the first screen painted (the page's own work).
          add(`start ${kind} ${which}`, seen.origin - t0);
          add(`page ${kind} ${which}`, seen.mark);
        } else {
          if (Date.now() - t0 > 60_000) throw new Error(`${which}: no first-screen mark after 60 s`);
          await sleep(20);
        }
      }
      add(`launch ${kind} ${which}`, markAt - t0);
      if (process.env.IPT_BENCH_VERBOSE) {
        // What the page did before its first screen: navigation, each file loaded, every mark.
        const timeline = await browser.execute(() => {
          const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
          const r = (n: number) => Math.round(n);
          return {
            navigation: nav && {
              responseEnd: r(nav.responseEnd),
              domInteractive: r(nav.domInteractive),
              domContentLoaded: r(nav.domContentLoadedEventEnd),
            },
            files: performance
              .getEntriesByType('resource')
              .map((e) => `${e.name.replace(/^.*\//, '')} ${r(e.startTime)}→${r(e.responseEnd)}`),
            marks: performance.getEntriesByType('mark').map((m) => `${m.name} ${r(m.startTime)}`),
          };
        });
        console.error(`${which} ${kind}:`, JSON.stringify(timeline));
      }
      const idleUntil = markAt + IDLE_MS;
      await sleep(Math.max(0, idleUntil - Date.now()));
      pids = processTree(binary);
      add(`pss ${kind} ${which}`, pssKiB(pids) / 1024);
      for (const [part, ids] of byProgram(pids)) add(`pss ${kind} ${which} ${part}`, pssKiB(ids) / 1024);

      if (which === 'app' && kind === 'existing') {
        // In the page: type the passphrase, press Unlock, and time until the frame showing Home.
        const unlockMs = await browser.executeAsync(
          (pass: string, done: (v: number | string) => void) => {
            const painted = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));
            const until = (sel: string) =>
              new Promise<void>((resolve) => {
                if (document.querySelector(sel)) return resolve();
                const o = new MutationObserver(() => {
                  if (document.querySelector(sel)) {
                    o.disconnect();
                    resolve();
                  }
                });
                o.observe(document.body, { childList: true, subtree: true });
              });
            const input = document.querySelector<HTMLInputElement>('[data-testid="unlock-passphrase"]');
            if (!input) return done('no passphrase field');
            input.value = pass;
            input.dispatchEvent(new Event('input', { bubbles: true }));
            void painted().then(async () => {
              const button = document.querySelector<HTMLButtonElement>('[data-testid="unlock-submit"]');
              if (!button || button.disabled) return done('the unlock button is not ready');
              const t = performance.now();
              button.click();
              await until('[data-testid="home"]');
              await painted();
              done(performance.now() - t);
            });
          },
          PASSPHRASE,
        );
        if (typeof unlockMs !== 'number') throw new Error(`unlock: ${unlockMs}`);
        add('unlock app', unlockMs);
        // Let the first seconds after unlocking pass as a patient would (reading Home), then open
        // the journal: the whole-file check may still run in the background, as it would.
        await sleep(1_000);
        const journalMs = await browser.executeAsync((done: (v: number | string) => void) => {
          const painted = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));
          const nav = document.querySelector<HTMLButtonElement>('[data-testid="nav-journal"]');
          if (!nav) return done('no journal button');
          const sel = '[data-testid="timeline-entry"]';
          const t = performance.now();
          const o = new MutationObserver(() => {
            if (document.querySelector(sel)) {
              o.disconnect();
              void painted().then(() => done(performance.now() - t));
            }
          });
          o.observe(document.body, { childList: true, subtree: true });
          nav.click();
        });
        if (typeof journalMs !== 'number') throw new Error(`journal: ${journalMs}`);
        add('journal app', journalMs);
      }
    } finally {
      await browser.deleteSession().catch(() => {});
    }
  } finally {
    driver.kill('SIGTERM');
    const start = Date.now();
    while (pids.some(alive) && Date.now() - start < 15_000) await sleep(100);
    pids.filter(alive).forEach((p) => process.kill(p, 'SIGKILL'));
    await new Promise((r) => (driver.exitCode !== null ? r(null) : driver.once('exit', r)));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => {
  const s = sorted(xs);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const fmt = (xs: number[] | undefined, unit: string) => {
  if (!xs?.length) return '—';
  const s = sorted(xs);
  const d = unit === 'MB' ? 1 : 0;
  return `${s[0]!.toFixed(d)} / ${median(s).toFixed(d)} / ${s[s.length - 1]!.toFixed(d)} ${unit}`;
};

async function main() {
  for (let i = 0; i < RUNS; i++) {
    // Alternate which app goes first, so neither always runs on a warmer machine.
    const order: Which[] = i % 2 === 0 ? ['app', 'empty'] : ['empty', 'app'];
    for (const kind of ['fresh', 'existing'] as Kind[]) {
      for (const which of order) {
        await run(which, kind);
        process.stderr.write('.');
      }
    }
  }
  process.stderr.write('\n');

  const rows: [string, string, string, string, string][] = [];
  const pair = (label: string, key: string, unit: string, target: string, limit: number) => {
    const a = samples.get(`${key} app`)!;
    const b = samples.get(`${key} empty`)!;
    const ratio = median(a) / median(b);
    rows.push([label, fmt(a, unit), fmt(b, unit), ratio.toFixed(2), `${target} ${ratio <= limit ? 'met' : 'MISSED'}`]);
  };
  pair('launch → first screen, fresh folder', 'launch fresh', 'ms', '≤ 1.15×', 1.15);
  pair('launch → first screen, existing vault', 'launch existing', 'ms', '≤ 1.15×', 1.15);
  for (const kind of ['fresh', 'existing']) {
    detail(`  of which launch → page starts (${kind})`, `start ${kind}`, 'ms');
    detail(`  of which page starts → first screen (${kind})`, `page ${kind}`, 'ms');
  }
  pair('PSS after 10 s idle, fresh folder', 'pss fresh', 'MB', '≤ 1.15×', 1.15);
  pair('PSS after 10 s idle, existing vault', 'pss existing', 'MB', '≤ 1.15×', 1.15);
  const parts = new Set([...samples.keys()].filter((k) => k.startsWith('pss fresh app ')).map((k) => k.slice('pss fresh app '.length)));
  for (const part of parts) detail(`  of which ${part} (fresh)`, `pss fresh`, 'MB', ` ${part}`);
  function detail(label: string, key: string, unit: string, suffix = '') {
    const a = samples.get(`${key} app${suffix}`);
    const b = samples.get(`${key} empty${suffix}`);
    rows.push([label, fmt(a, unit), fmt(b, unit), a && b ? (median(a) / median(b)).toFixed(2) : '—', '']);
  }
  const unlock = samples.get('unlock app')!;
  const unlockLimit = KDF_MS + 300;
  rows.push([
    `unlock → Home (KDF alone ${KDF_MS.toFixed(0)} ms)`,
    fmt(unlock, 'ms'),
    '—',
    '—',
    `≤ ${unlockLimit.toFixed(0)} ms ${median(unlock) <= unlockLimit ? 'met' : 'MISSED'}`,
  ]);
  const journal = samples.get('journal app')!;
  rows.push([
    `open the journal, ${ENTRIES.toLocaleString('en-GB')} entries`,
    fmt(journal, 'ms'),
    '—',
    '—',
    `≤ 300 ms ${median(journal) <= 300 ? 'met' : 'MISSED'}`,
  ]);

  const head: [string, string, string, string, string] = [
    'measure',
    'app (min / median / max)',
    'empty app (min / median / max)',
    'ratio',
    'target',
  ];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  console.log(`window benchmark: ${RUNS} runs of each app and case, alternating; ratio = median ÷ median`);
  console.log(line(head));
  rows.forEach((r) => console.log(line(r)));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
