import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isFinishedBuild, publishBuild } from './build-dir';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const WEB_ROOT = path.join(REPO_ROOT, 'apps', 'web');

/** The admin console and browser agent built by Vite into `outDir` (the API's WEB_DIST_DIR). */
export async function buildWeb(outDir: string): Promise<void> {
  // The CLI is not among the package's exports; its path is fixed within the package.
  const vite = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--config', path.join(WEB_ROOT, 'vite.config.mts'), '--outDir', outDir, '--logLevel', 'warn'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build exited with ${code}`))));
  });
}

/**
 * The web build of the current sources for the local stack and the tests:
 * reused from .cache/web when apps/web did not change, else built (about a
 * second) into a staging directory and renamed into place.
 */
export async function currentWebBuild(log: (line: string) => void = () => undefined): Promise<string> {
  const hash = await webFingerprint();
  const dir = path.join(REPO_ROOT, '.cache', 'web', hash.slice(0, 16));
  if (isFinishedBuild(dir)) return dir;
  const startedAt = Date.now();
  const staging = `${dir}.staging-${randomBytes(4).toString('hex')}`;
  await buildWeb(staging);
  await publishBuild(staging, dir, hash);
  log(`web pages built to ${path.relative(REPO_ROOT, dir)} in ${Date.now() - startedAt} ms`);
  return dir;
}

async function webFingerprint(): Promise<string> {
  const files: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(file);
      else if (entry.isFile()) files.push(file);
    }
  };
  await walk(WEB_ROOT);
  const hash = createHash('sha256');
  for (const file of [path.join(REPO_ROOT, 'package-lock.json'), ...files.sort()]) {
    hash.update(`${path.relative(REPO_ROOT, file)}\0`);
    hash.update(await readFile(file));
  }
  return hash.digest('hex');
}
