import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Pinned: the newest Temporal CLI tag that `go install` accepts (see shared RECIPES). */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const REPO_ROOT = path.resolve(__dirname, '../../..');
export const TEMPORAL_CLI_CACHE_DIR = path.join(REPO_ROOT, '.cache', 'bin');

/**
 * Finds the `temporal` binary, in order: $TEMPORAL_CLI_PATH, `temporal` on
 * PATH, the repo cache, a fresh `go install` into the cache when Go is present.
 * Returns undefined when none works: the SDK then downloads the CLI itself
 * (a laptop with internet).
 */
export function resolveTemporalCli(log: (line: string) => void = () => undefined): string | undefined {
  const fromEnv = process.env.TEMPORAL_CLI_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`TEMPORAL_CLI_PATH points to a missing file: ${fromEnv}`);
    return fromEnv;
  }
  const onPath = spawnSync('sh', ['-c', 'command -v temporal'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return onPath;
  const cached = path.join(TEMPORAL_CLI_CACHE_DIR, 'temporal');
  if (existsSync(cached)) return cached;
  if (hasGo()) {
    log(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} with go install (first run only, takes minutes)…`);
    goInstall([`github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`]);
    return cached;
  }
  return undefined;
}

export function hasGo(): boolean {
  return spawnSync('go', ['version']).status === 0;
}

/** `go install` of pinned packages (`path@version`) into the repo cache. */
export function goInstall(packages: string[]): void {
  execFileSync('go', ['install', ...packages], {
    env: { ...process.env, GOBIN: TEMPORAL_CLI_CACHE_DIR },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}
