import { Connection } from '@temporalio/client';
import { grpc } from '@temporalio/proto';
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { settlesWithin } from './app-process';

/** How long a start may take to serve: schema checks, membership and 8 shards on a busy 2-core machine. */
const READY_LIMIT_MS = 120_000;
/** SIGTERM lets the services leave the membership ring; past this, SIGKILL. */
const STOP_GRACE_MS = 30_000;
/** The server's last lines, for the error when it does not come up. */
const KEPT_LINES = 40;
const WORKFLOW_SERVICE = 'temporal.api.workflowservice.v1.WorkflowService';
const { SERVING } = grpc.health.v1.HealthCheckResponse.ServingStatus;

export interface ServerLaunch {
  /** The (guarded) `temporal-server` executable and its arguments. */
  executable: string;
  args: string[];
  /** Its whole environment: the settings its config template reads. */
  env: NodeJS.ProcessEnv;
  /** The frontend (host:port), polled for readiness. */
  address: string;
  log: (line: string) => void;
}

/**
 * One run of `temporal-server … start` as a child process: `start()`
 * resolves once the frontend reports SERVING, `stop()` ends it. Start it
 * again after a stop for a restart on the same databases and ports.
 */
export class TemporalServerProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<unknown> | undefined;
  private readonly lastLines: string[] = [];

  constructor(private readonly launch: ServerLaunch) {}

  async start(): Promise<void> {
    if (this.child) throw new Error('the Temporal server is already running');
    const { executable, args, env, address } = this.launch;
    const child = spawn(executable, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let exit: string | undefined;
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve((exit = `exited with ${code ?? signal}`))));
    const relay = (chunk: Buffer) => {
      for (const line of chunk.toString().trimEnd().split('\n')) this.keep(line);
    };
    child.stdout!.on('data', relay);
    child.stderr!.on('data', relay);
    child.once('error', (error) => this.keep(`could not start ${executable}: ${error.message}`));
    const deadline = Date.now() + READY_LIMIT_MS;
    while (!(await serving(address))) {
      if (exit === undefined && Date.now() > deadline) {
        await this.stop('SIGKILL');
        exit = `did not serve within ${READY_LIMIT_MS / 1000} s`;
      }
      if (exit !== undefined) {
        this.child = undefined;
        throw new Error(`the Temporal server ${exit} on ${address}; its last lines:\n${this.lastLines.join('\n')}`);
      }
      await sleep(250);
    }
  }

  /** SIGTERM (or `signal`), SIGKILL after the grace period; resolves once it has exited. */
  async stop(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    if (await settlesWithin(this.exited!, STOP_GRACE_MS)) return;
    child.kill('SIGKILL');
    await this.exited;
  }

  private keep(line: string): void {
    this.lastLines.push(line);
    if (this.lastLines.length > KEPT_LINES) this.lastLines.shift();
    this.launch.log(line);
  }
}

async function serving(address: string): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 1_000 });
    const { status } = await connection.healthService.check({ service: WORKFLOW_SERVICE });
    return status === SERVING;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}
