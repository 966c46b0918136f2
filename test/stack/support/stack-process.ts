import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { settlesWithin } from '../../../libs/infra/src/app-process';
import { LIFELINE_PRELOAD, withLifeline } from '../../../libs/infra/src/parent-lifeline';
import { freeLocalPorts, type LocalPorts } from '../../../scripts/local-ports';

const REPO_ROOT = path.resolve(__dirname, '../../..');
/** What the stack prints once it is up, with the admin key of its REST API. */
const READY = /Switchboard is up[^]*REST API admin key +(\S+) /;
const BOOT_LIMIT_MS = 300_000;
const STOP_GRACE_MS = 60_000;

/** `npm run stack` as a process of its own, on free ports, on the test run's database. */
export interface StackProcess {
  pid: number;
  ports: LocalPorts;
  apiUrl: string;
  /** For `Authorization: Bearer …` on the REST API (/v1). */
  adminApiKey: string;
  /** The Temporal dev server's Web UI. */
  temporalUiUrl: string;
  /** Everything the stack printed, for a failing test to show. */
  logFile: string;
  /** Resolves when the stack process has exited. */
  exited: Promise<void>;
  readonly running: boolean;
  /** SIGTERM (the stack stops every process it started), and waits for the exit. */
  stop(): Promise<void>;
}

export async function startStackProcess(name: string): Promise<StackProcess> {
  const ports = await freeLocalPorts();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'stack-test-'));
  const logDir = path.join(REPO_ROOT, '.cache', 'test');
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${name}-${process.pid}.log`);
  // Only what the stack reads: nothing of the test run's own Temporal server or worker leaks in.
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TEMPORAL_CLI_PATH: process.env.TEMPORAL_CLI_PATH,
    DATABASE_URL: process.env.DATABASE_URL,
    PORT: String(ports.api),
    MEDIA_EDGE_PORT: String(ports.mediaEdge),
    WORKER_METRICS_PORT: String(ports.workerMetrics),
    TWILIO_SIMULATOR_PORT: String(ports.twilioRest),
    REALTIME_SIMULATOR_PORT: String(ports.realtime),
    TEMPORAL_UI_PORT: String(ports.temporalUi),
    TEMPORAL_DB_FILE: path.join(dataDir, 'temporal.sqlite'),
  };
  // A lifeline to the test worker too: if it dies, the stack stops with it.
  const child = spawn(process.execPath, ['-r', '@swc-node/register', '-r', LIFELINE_PRELOAD, 'scripts/stack.ts'], {
    cwd: REPO_ROOT,
    ...withLifeline(env, ['ignore', 'pipe', 'pipe']),
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => rmSync(dataDir, { recursive: true, force: true }));
  let bootOutput: string | undefined = '';
  const ready = new Promise<string>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      appendFileSync(logFile, chunk);
      if (bootOutput === undefined) return;
      bootOutput += chunk.toString();
      const adminApiKey = bootOutput.match(READY)?.[1];
      if (!adminApiKey) return;
      // Up: the rest only goes to the log file.
      bootOutput = undefined;
      resolve(adminApiKey);
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    void exited.then(() => reject(new Error(`the stack exited before it was up; its output is in ${logFile}`)));
  });
  if (!(await settlesWithin(ready, BOOT_LIMIT_MS))) {
    child.kill('SIGTERM');
    throw new Error(`the stack was not up within ${BOOT_LIMIT_MS / 1000} s; its output is in ${logFile}`);
  }
  const adminApiKey = await ready;
  return {
    pid: child.pid!,
    ports,
    apiUrl: `http://127.0.0.1:${ports.api}`,
    adminApiKey,
    temporalUiUrl: `http://127.0.0.1:${ports.temporalUi}`,
    logFile,
    exited,
    get running() {
      return child.exitCode === null && child.signalCode === null;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      if (!(await settlesWithin(exited, STOP_GRACE_MS))) child.kill('SIGKILL');
      await exited;
    },
  };
}
