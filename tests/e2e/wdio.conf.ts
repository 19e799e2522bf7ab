// End-to-end tests: the real app window, driven through tauri-driver + WebKitWebDriver.
// Run by scripts/e2e.sh, which puts everything under Xvfb inside dbus-run-session with an
// unlocked gnome-keyring, and gives each run a throw-away HOME.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appPath, appPids, artifacts, waitForExit } from './support/process';

const application = appPath();
mkdirSync(artifacts, { recursive: true });

let driver: ChildProcess | undefined;

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
  waitforTimeout: 20_000,
  connectionRetryTimeout: 120_000,
  connectionRetryCount: 2,

  // Each spec file gets its own empty data folder: a fresh first run.
  beforeSession() {
    const dataDir = mkdtempSync(join(tmpdir(), 'ipt-e2e-data-'));
    process.env.IPT_COMPANION_DATA_DIR = dataDir;
    driver = spawn('tauri-driver', [], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, IPT_COMPANION_DATA_DIR: dataDir },
    });
  },
  // No app process may outlive its spec: the next spec's first run needs the single-instance
  // name on the session bus to be free.
  async afterSession() {
    driver?.kill();
    await waitForExit(appPids());
  },
};
