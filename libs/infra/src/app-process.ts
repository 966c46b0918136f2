import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AppBuild } from './app-build';
import { LIFELINE_PRELOAD, withLifeline } from './parent-lifeline';

const REPO_ROOT = path.resolve(__dirname, '../../..');

/**
 * One of the repo's apps (worker, api, media-edge) as a child process: the
 * local stack and the benchmarks run them so. Each has a lifeline to this
 * process: it stops when this process ends, even by SIGKILL.
 */
export class AppProcess {
  /** Rejects if the app exits before `stop()` asks it to. */
  readonly crashed: Promise<never>;
  private stopping = false;

  private constructor(
    name: string,
    private readonly child: ChildProcess,
    log: (line: string) => void,
  ) {
    const relay = (chunk: Buffer) => {
      for (const line of chunk.toString().trimEnd().split('\n')) log(`[${name}] ${line}`);
    };
    child.stdout?.on('data', relay);
    child.stderr?.on('data', relay);
    this.crashed = new Promise((_, reject) =>
      child.once('exit', (code, signal) => {
        if (!this.stopping) reject(new Error(`${name} exited with ${code ?? signal}`));
      }),
    );
    this.crashed.catch(() => undefined);
  }

  /**
   * `node [nodeArgs] <entry>`: with a `build`, its compiled JavaScript (as in
   * production), else the TypeScript source under `-r @swc-node/register`. Its
   * output is relayed line by line with a `[name]` prefix (to stderr by default).
   */
  static start(
    name: string,
    entry: string,
    env: NodeJS.ProcessEnv,
    options: { nodeArgs?: readonly string[]; build?: AppBuild; log?: (line: string) => void } = {},
  ): AppProcess {
    const { build } = options;
    const program = build
      ? ['--enable-source-maps', '-r', build.file(LIFELINE_PRELOAD), build.file(entry)]
      : ['-r', '@swc-node/register', '-r', LIFELINE_PRELOAD, entry];
    const args = [...(options.nodeArgs ?? []), ...program];
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, ...withLifeline(env, ['ignore', 'pipe', 'pipe']) });
    // Never written to; read only to see the child's end close.
    (child.stdio[3] as Socket | null)?.on('error', () => undefined).resume();
    return new AppProcess(name, child, options.log ?? ((line) => process.stderr.write(`${line}\n`)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** SIGTERM (the apps end their work and exit), SIGKILL if it takes longer than `graceMs`. */
  async stop(graceMs = 30_000): Promise<void> {
    this.stopping = true;
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    if (await settlesWithin(exited, graceMs)) return;
    this.child.kill('SIGKILL');
    await exited;
  }
}

/** Polls `url` until it answers 2xx. */
export async function waitForHealth(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not become healthy within ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}

/**
 * A TCP port nobody listens on right now, on the loopback interface: any the
 * kernel picks, or one from `range` (inclusive) when a program cannot take
 * the kernel's high ports.
 */
export async function freeLoopbackPort(range?: { min: number; max: number }): Promise<number> {
  if (!range) return (await listenOnce(0))!;
  for (;;) {
    const port = await listenOnce(range.min + randomInt(range.max - range.min + 1));
    if (port !== undefined) return port;
  }
}

/** Listens on `port` (0: any) and closes again; the port, or undefined when it is taken. */
async function listenOnce(port: number): Promise<number | undefined> {
  const server = createServer();
  const listening = await new Promise<boolean>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' ? resolve(false) : reject(error)));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (!listening) return undefined;
  const address = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address.port;
}

/** True if `promise` resolves within `timeoutMs`, false if not (its rejection is rethrown). */
export async function settlesWithin(promise: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  const timeout = new AbortController();
  try {
    return await Promise.race([promise.then(() => true), sleep(timeoutMs, false, { signal: timeout.signal })]);
  } finally {
    timeout.abort();
  }
}
