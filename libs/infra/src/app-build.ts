import { transformFile, type Options } from '@swc/core';
import { bundleWorkflowCode } from '@temporalio/worker';
import { createHash, randomBytes } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isFinishedBuild, publishBuild } from './build-dir';
import { buildWeb } from './web-build';

const REPO_ROOT = path.resolve(__dirname, '../../..');
/** What the three apps are made of; scripts, simulators, tests and benches stay TypeScript run by swc-register. */
const SOURCE_DIRS = ['apps', 'activities', 'libs', 'workflows', 'prisma'];
/** Browser code, built by Vite (web-build.ts), not by swc. */
const WEB_DIR = path.join('apps', 'web');
/** Besides the sources, what changes the output: the compiler and library versions, and this recipe. */
const RECIPE_FILES = ['package.json', 'package-lock.json', path.relative(REPO_ROOT, __filename)];
const WORKFLOW_BUNDLE_FILE = 'workflow-bundle.js';
/** Builds the local stack keeps under .cache/build; an older stack may still be running from one of them. */
const KEPT_LOCAL_BUILDS = 3;

/** The same transform the tests use (jest.config.js), plus source maps for stack traces in TypeScript lines. */
const SWC_OPTIONS: Options = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: true,
  swcrc: false,
  configFile: false,
};

/** Compiled JavaScript of the apps and the worker's workflow bundle, under one directory. */
export class AppBuild {
  constructor(readonly dir: string) {}

  /** The compiled file of a repository source file (relative to the repository root, or absolute): `apps/api/src/main.ts` → `<dir>/apps/api/src/main.js`. */
  file(source: string): string {
    const relative = path.isAbsolute(source) ? path.relative(REPO_ROOT, source) : source;
    return path.join(this.dir, relative.replace(/\.ts$/, '.js'));
  }

  /** For the worker's `WORKFLOW_BUNDLE_PATH`. */
  get workflowBundlePath(): string {
    return path.join(this.dir, WORKFLOW_BUNDLE_FILE);
  }
}

/** `npm run build`: compiles into dist/ (what the Docker image runs), the web pages into dist/web. */
export async function buildInto(dir = path.join(REPO_ROOT, 'dist')): Promise<AppBuild> {
  const sources = await sourceFiles();
  const staging = `${dir}.staging-${randomBytes(4).toString('hex')}`;
  await Promise.all([compileInto(staging, sources), buildWeb(path.join(staging, 'web'))]);
  await rm(dir, { recursive: true, force: true });
  await publishBuild(staging, dir, await fingerprint(sources));
  return new AppBuild(dir);
}

/**
 * The build of the current sources for the local stack and the demo: reused
 * from .cache/build when nothing changed since, else compiled (a few seconds).
 * Each build lives in a directory named after its sources' hash, written
 * whole and then renamed into place, so stacks starting side by side never
 * see a half-written one.
 */
export async function currentLocalBuild(log: (line: string) => void = () => undefined): Promise<AppBuild> {
  const sources = await sourceFiles();
  const hash = await fingerprint(sources);
  const root = path.join(REPO_ROOT, '.cache', 'build');
  const dir = path.join(root, hash.slice(0, 16));
  if (isFinishedBuild(dir)) {
    // Recently used: pruning keeps it.
    const now = new Date();
    await utimes(dir, now, now);
    return new AppBuild(dir);
  }

  const startedAt = Date.now();
  const staging = `${dir}.staging-${randomBytes(4).toString('hex')}`;
  await compileInto(staging, sources);
  await publishBuild(staging, dir, hash);
  log(`apps compiled to ${path.relative(REPO_ROOT, dir)} in ${Date.now() - startedAt} ms`);
  await pruneLocalBuilds(root);
  return new AppBuild(dir);
}

async function compileInto(dir: string, sources: string[]): Promise<void> {
  const typescript = sources.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));
  await mkdir(dir, { recursive: true });
  await Promise.all([
    ...typescript.map(async (source) => {
      const target = path.join(dir, source.replace(/\.ts$/, '.js'));
      const sourceFileName = path.relative(path.dirname(target), path.join(REPO_ROOT, source));
      const { code, map } = await transformFile(path.join(REPO_ROOT, source), { ...SWC_OPTIONS, sourceFileName });
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, `${code}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
      if (map) await writeFile(`${target}.map`, map);
    }),
    writeWorkflowBundle(path.join(dir, WORKFLOW_BUNDLE_FILE)),
    // Compiled code imports it as the sources do (the API's OpenAPI version).
    copyFile(path.join(REPO_ROOT, 'package.json'), path.join(dir, 'package.json')),
  ]);
}

/** The worker's workflows/ bundled once (webpack, a few seconds), for `workflowBundle: { codePath }`. */
export async function writeWorkflowBundle(file: string): Promise<void> {
  const bundle = await bundleWorkflowCode({
    workflowsPath: path.join(REPO_ROOT, 'workflows'),
    logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} } as never,
  });
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, bundle.code);
}

/** Every file under the source directories, relative to the repository root, sorted. */
async function sourceFiles(): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(path.join(REPO_ROOT, dir), { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (file !== WEB_DIR) await walk(file);
      } else if (entry.isFile()) files.push(file);
    }
  };
  for (const dir of SOURCE_DIRS) await walk(dir);
  return files.sort();
}

async function fingerprint(sources: string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of [...RECIPE_FILES, ...sources]) {
    hash.update(`${file}\0`);
    hash.update(await readFile(path.join(REPO_ROOT, file)));
  }
  return hash.digest('hex');
}

async function pruneLocalBuilds(root: string): Promise<void> {
  // Another stack's build in progress is not a build yet.
  const finished = (await readdir(root)).filter((name) => !name.includes('.staging-'));
  const builds = await Promise.all(finished.map(async (name) => ({ dir: path.join(root, name), mtimeMs: (await stat(path.join(root, name))).mtimeMs })));
  const stale = builds.sort((a, b) => b.mtimeMs - a.mtimeMs).slice(KEPT_LOCAL_BUILDS);
  await Promise.all(stale.map(({ dir }) => rm(dir, { recursive: true, force: true })));
}
