// End-to-end tests: the real app window, driven through tauri-driver + WebKitWebDriver.
// Run by scripts/e2e.sh, which puts everything under Xvfb inside dbus-run-session with an
// unlocked gnome-keyring, and gives each run a throw-away HOME.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { appPath, appPids, artifacts, waitForExit } from './support/process';

const here = dirname(fileURLToPath(import.meta.url));

const application = appPath();
mkdirSync(artifacts, { recursive: true });

let driver: ChildProcess | undefined;
let notifications: ChildProcess | undefined;

/** Starts the stand-in notification service on the suite's session bus; resolves once it owns its name. */
function startNotificationServer(log: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const server = spawn('/usr/bin/python3', [join(here, 'support', 'notification-server.py'), log], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const timer = setTimeout(() => reject(new Error('the notification server did not start')), 10_000);
    server.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) {
        clearTimeout(timer);
        resolve(server);
      }
    });
    server.on('exit', (code) => reject(new Error(`the notification server exited (${code})`)));
  });
}

export const config: WebdriverIO.Config = {
  runner: 'local',
  specs: ['./specs/**/*.e2e.ts'],
  maxInstances: 1,
  hostname: '127.0.0.1',
  port: 4444,
  capabilities: [
    {
      // WebdriverIO 9 talks WebDriver BiDi by default; WebKitWebDriver needs classic.
      'wdio:enforceWebDriverClassic': true,
      'tauri:options': { application },
    } as WebdriverIO.Capabilities,
  ],
  logLevel: 'warn',
  framework: 'mocha',
  reporters: ['spec'],
  mochaOpts: { ui: 'bdd', timeout: 180_000 },
  // A spec file that fails runs once more, whole, with a fresh app and data folder. Each retry is
  // listed at the end of the run (scripts/e2e.sh prints tests/e2e/artifacts/retries.txt), so a
  // spec that needs one is seen, never hidden; a spec that fails twice fails the suite.
  specFileRetries: 1,
  waitforTimeout: 20_000,
  connectionRetryTimeout: 120_000,
  connectionRetryCount: 2,

  // Each spec file gets its own empty data folder: a fresh first run.
  // Notifications the app sends land in a file the spec can read.
  // The leaks spec (and every spec with IPT_E2E_STRACE=1) launches the app through
  // support/traced-app.sh, which records each connect() and keeps the app's output in
  // IPT_E2E_TRACE_DIR; otherwise the app is launched directly.
  async beforeSession(_config, capabilities, specs) {
    const dataDir = mkdtempSync(join(tmpdir(), 'ipt-e2e-data-'));
    process.env.IPT_COMPANION_DATA_DIR = dataDir;
    if (process.env.IPT_E2E_STRACE === '1' || specs.some((s) => s.endsWith('leaks.e2e.ts'))) {
      process.env.IPT_E2E_TRACE_DIR = mkdtempSync(join(tmpdir(), 'ipt-e2e-trace-'));
      process.env.IPT_E2E_REAL_APP = application;
      const caps = capabilities as Record<string, { application?: string }>;
      caps['tauri:options'] = { ...caps['tauri:options'], application: join(here, 'support', 'traced-app.sh') };
    }
    const log = join(mkdtempSync(join(tmpdir(), 'ipt-e2e-notify-')), 'notifications.jsonl');
    process.env.IPT_E2E_NOTIFICATIONS = log;
    notifications = await startNotificationServer(log);
    driver = spawn('tauri-driver', [], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, IPT_COMPANION_DATA_DIR: dataDir },
    });
  },
  // A click WebKit refuses because something lies over the element for a moment (a note fading
  // in, the page still scrolling after scrollIntoView) is tried again for up to 3 s, as a patient
  // would click again; anything covering it longer still fails the test.
  before() {
    browser.overwriteCommand(
      'click',
      async function (this: WebdriverIO.Element, original, options) {
        for (let attempt = 0; ; attempt++) {
          try {
            return await original(options);
          } catch (e) {
            if (attempt >= 12 || !String(e).includes('element click intercepted')) throw e;
            await browser.pause(250);
          }
        }
      },
      true,
    );
  },
  onWorkerEnd(_cid, exitCode, specs, retries) {
    if (exitCode !== 0 && retries > 0) {
      appendFileSync(join(artifacts, 'retries.txt'), `${specs.map((s) => s.replace(/^.*\/specs\//, 'specs/')).join(' ')} failed; running it again\n`);
    }
  },
  // No app process may outlive its spec: the next spec's first run needs the single-instance
  // name on the session bus to be free.
  async afterSession() {
    driver?.kill();
    await waitForExit(appPids());
    if (notifications?.pid) {
      const pid = notifications.pid;
      notifications.kill();
      await waitForExit([pid]);
    }
  },
};
