// Process and path helpers shared by the WebdriverIO config and the specs (no wdio imports, so
// the launcher can load it too).
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const artifacts = join(here, '..', 'artifacts');

/** The debug app binary that `make test` builds (IPT_E2E_APP overrides it). */
export function appPath(): string {
  const targetDir = process.env.CARGO_TARGET_DIR ?? join(here, '..', '..', '..', 'target');
  return process.env.IPT_E2E_APP ?? join(targetDir, 'debug', 'ipt-companion');
}

export function appPids(): number[] {
  try {
    return execFileSync('pgrep', ['-x', 'ipt-companion'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

/** Waits for the given processes to end; after `graceMs` they are sent SIGTERM. */
export async function waitForExit(pids: number[], graceMs = 10_000) {
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  const start = Date.now();
  let termed = false;
  while (pids.some(alive)) {
    if (!termed && Date.now() - start > graceMs) {
      pids.filter(alive).forEach((p) => process.kill(p, 'SIGTERM'));
      termed = true;
    }
    if (Date.now() - start > graceMs * 3) throw new Error(`app processes ${pids} did not exit`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
