import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { RealtimeCounts } from './realtime-side';
import type { LatencySummary } from './latency-samples';
import { settlesWithin } from '../../libs/infra/src/app-process';

export type ParentMessage = { type: 'counts' } | { type: 'measure' } | { type: 'latency' };
export type ChildMessage =
  | { type: 'ready'; url: string; apiKey: string }
  | { type: 'counts'; counts: Array<[string, RealtimeCounts]> }
  | { type: 'latency'; latency: LatencySummary };

/** {@link RealtimeSide} in a child process (bench/media-edge/realtime-side-child.ts), asked for its counts over IPC. */
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
    const child = fork(path.join(__dirname, 'realtime-side-child.ts'), [], { execArgv: ['-r', '@swc-node/register'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
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

  /** From now on the Realtime side keeps the end-to-end latency of each caller frame it receives. */
  startMeasuring(): void {
    this.child.send({ type: 'measure' } satisfies ParentMessage);
  }

  /** Caller frame sent → append received, since {@link startMeasuring}; stops measuring. */
  async toRealtimeLatency(): Promise<LatencySummary> {
    return (await this.ask('latency')).latency;
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
