import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { RealtimeCounts } from './realtime-side';
import type { LatencySummary } from './latency-samples';
import { settlesWithin } from '../../libs/infra/src/app-process';

export type ParentMessage = { type: 'counts' } | { type: 'measure' } | { type: 'measurement' };

/** What the Realtime side measured while measuring. */
export interface RealtimeSideMeasurement {
  /** Caller frame sent → append received. */
  toRealtime: LatencySummary;
  /** Its own event loop's lag, p99: a frame that arrived waited up to this long before it was read. */
  loopLagP99Ms: number;
}

export type ChildMessage =
  | { type: 'ready'; url: string; apiKey: string }
  | { type: 'counts'; counts: Array<[string, RealtimeCounts]> }
  | ({ type: 'measurement' } & RealtimeSideMeasurement);

/**
 * {@link RealtimeSide} in a child process (bench/media-edge/realtime-side-child.ts), asked for its counts over IPC.
 * Set BENCH_REALTIME_CPU_PROF_DIR to have it write a V8 CPU profile there when it stops.
 */
export class RealtimeSideProcess {
  /** Rejects if the child exits before `stop()`. */
  readonly crashed: Promise<never>;
  private stopping = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly apiKey: string,
  ) {
    this.crashed = new Promise((_, reject) =>
      child.once('exit', (code, signal) => {
        if (!this.stopping) reject(new Error(`the Realtime side exited with ${code ?? signal} during the bench`));
      }),
    );
    this.crashed.catch(() => undefined);
  }

  static async start(): Promise<RealtimeSideProcess> {
    const profileDir = process.env.BENCH_REALTIME_CPU_PROF_DIR;
    const execArgv = ['-r', '@swc-node/register', ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [])];
    const child = fork(path.join(__dirname, 'realtime-side-child.ts'), [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const ready = await new Promise<Extract<ChildMessage, { type: 'ready' }>>((resolve, reject) => {
      child.once('exit', (code, signal) => reject(new Error(`the Realtime side exited with ${code ?? signal} before it was ready`)));
      child.once('message', (message: ChildMessage) => (message.type === 'ready' ? resolve(message) : reject(new Error(`unexpected ${message.type}`))));
    });
    child.removeAllListeners('exit');
    return new RealtimeSideProcess(child, ready.url, ready.apiKey);
  }

  get pid(): number {
    return this.child.pid!;
  }

  async countsByCaller(): Promise<Map<string, RealtimeCounts>> {
    return new Map((await this.ask('counts')).counts);
  }

  /** From now on the Realtime side keeps the end-to-end latency of each caller frame it receives, and its event-loop lag. */
  startMeasuring(): void {
    this.child.send({ type: 'measure' } satisfies ParentMessage);
  }

  /** What it measured since {@link startMeasuring}; stops measuring. */
  async measurement(): Promise<RealtimeSideMeasurement> {
    const { toRealtime, loopLagP99Ms } = await this.ask('measurement');
    return { toRealtime, loopLagP99Ms };
  }

  private ask<T extends ParentMessage['type'] & ChildMessage['type']>(type: T): Promise<Extract<ChildMessage, { type: T }>> {
    const answer = new Promise<Extract<ChildMessage, { type: T }>>((resolve) => {
      const receive = (message: ChildMessage) => {
        if (message.type !== type) return;
        this.child.off('message', receive);
        resolve(message as Extract<ChildMessage, { type: T }>);
      };
      this.child.on('message', receive);
      this.child.send({ type } as ParentMessage);
    });
    return Promise.race([answer, this.crashed]);
  }

  /** Disconnecting tells the child to close its server and exit. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.disconnect();
    if (await settlesWithin(exited, 5_000)) return;
    this.child.kill('SIGKILL');
    await exited;
  }
}
