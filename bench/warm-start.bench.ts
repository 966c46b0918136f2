/**
 * `npm run bench:startup [-- --rounds N --calls N]`: how warm the apps start.
 *
 * 1. Start to ready for each app, run from its TypeScript source under
 *    swc-register (the worker bundling workflows/ at start) and from the
 *    compiled build (the worker loading the prebuilt bundle), with the RSS at
 *    ready. Ready: the API and the media-edge answer /healthz, the worker polls
 *    its task queue.
 * 2. The local stack (`npm run stack`, built apps): time from the signed voice
 *    webhook to the caller's first agent audio, for the first call after the
 *    stack is up and the ones after it.
 *
 * The apps start as in production (NODE_ENV=production: JSON logs). Runs on a database of its own on the local PostgreSQL server (dropped at
 * the end) and its own Temporal dev servers, on free ports.
 */
import { temporal as proto } from '@temporalio/proto';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createPrismaClient } from '../libs/db/src/prisma';
import { currentLocalBuild, type AppBuild } from '../libs/infra/src/app-build';
import { AppProcess, freeLoopbackPort, waitForHealth } from '../libs/infra/src/app-process';
import { dropDatabase, ensureDatabase, LOCAL_POSTGRES_URL, migrateDatabase } from '../libs/infra/src/database';
import { startLocalTemporal, type LocalTemporal } from '../libs/infra/src/temporal-server';
import { installTemporalRuntime } from '../libs/temporal/src/runtime';
import { createLogger } from '../libs/logging/src/logger';
import { DEMO_TENANTS } from '../prisma/seed/demo-data';
import { seedDemoTenants } from '../prisma/seed/demo-tenants';
import { freeLocalPorts } from '../scripts/local-ports';
import { startLocalStack } from '../scripts/local-stack';
import { SIMULATED_TWILIO } from '../scripts/simulated-twilio-account';
import { demoPlan } from '../simulators/scripts/demo-plan';
import { PhoneSimulator } from '../simulators/twilio';
import { percentile, round } from './stats';

type AppName = 'worker' | 'api' | 'media-edge';
const APPS: AppName[] = ['worker', 'api', 'media-edge'];
const READY_LIMIT_MS = 180_000;
const POLL_MS = 10;

interface StartSample {
  readyMs: number;
  rssMb: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, calls: { type: 'string', default: '6' } } });
  const rounds = Number(values.rounds);
  const calls = Number(values.calls);
  installTemporalRuntime(createLogger('temporal-sdk', 'warn'));
  const log = (line: string) => process.stderr.write(`${line}\n`);

  const serverUrl = process.env.DATABASE_URL ?? LOCAL_POSTGRES_URL;
  const databaseName = `switchboard_bench_startup_${Date.now()}`;
  const databaseUrl = await ensureDatabase(serverUrl, databaseName);
  try {
    await migrateDatabase(databaseUrl);
    const db = createPrismaClient(databaseUrl, 1);
    await seedDemoTenants(db);
    await db.$disconnect();
    const build = await currentLocalBuild(log);

    const starts = await measureStarts(databaseUrl, build, rounds);
    console.log('\nStart to ready (median of %d) and RSS at ready:', rounds);
    console.log('app          source (swc-register)    built (compiled)');
    const result: Record<string, number> = {};
    for (const app of APPS) {
      const source = summarize(starts.source[app]);
      const built = summarize(starts.built[app]);
      console.log(`${app.padEnd(12)} ${`${source.readyMs} ms, ${source.rssMb} MB`.padEnd(24)} ${built.readyMs} ms, ${built.rssMb} MB`);
      const key = app.replace('-', '_');
      Object.assign(result, {
        [`${key}_source_ready_ms`]: source.readyMs,
        [`${key}_built_ready_ms`]: built.readyMs,
        [`${key}_source_rss_mb`]: source.rssMb,
        [`${key}_built_rss_mb`]: built.rssMb,
      });
    }
    const [first, ...later] = await measureStackCalls(databaseUrl, calls, log);
    console.log('\nLocal stack, signed webhook → first agent audio at the caller:');
    console.log(`first call after start ${round(first, 0)} ms; the next ${later.length}: ${later.map((ms) => round(ms, 0)).join(', ')} ms (p50 ${percentile(later, 50)})`);
    console.log(`RESULT ${JSON.stringify({ ...result, first_call_ms: round(first, 0), later_calls_p50_ms: percentile(later, 50) })}`);
  } finally {
    await dropDatabase(serverUrl, databaseName);
  }
}

/** Each app started `rounds` times each way, one at a time, on one Temporal dev server. */
async function measureStarts(databaseUrl: string, build: AppBuild, rounds: number): Promise<Record<'source' | 'built', Record<AppName, StartSample[]>>> {
  const temporal = await startLocalTemporal();
  try {
    const samples = { source: emptySamples(), built: emptySamples() };
    for (let round = 0; round < rounds; round++) {
      for (const app of APPS) {
        samples.source[app].push(await measureStart(app, temporal, databaseUrl, undefined));
        samples.built[app].push(await measureStart(app, temporal, databaseUrl, build));
      }
    }
    return samples;
  } finally {
    await temporal.stop();
  }
}

async function measureStart(app: AppName, temporal: LocalTemporal, databaseUrl: string, build: AppBuild | undefined): Promise<StartSample> {
  const port = await freeLoopbackPort();
  // A task queue per start: a poller of an earlier worker cannot be taken for this one's.
  const taskQueue = `bench-startup-${randomBytes(4).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    PORT: String(port),
    MEDIA_EDGE_PORT: String(port),
    MEDIA_STREAM_URL: 'wss://media-edge.bench.invalid/media',
    STREAM_TOKEN_SECRET: randomBytes(24).toString('hex'),
    // Production refuses to start without its keys: recordings' (api, media-edge), the database's secrets' (worker), and the metrics token (all).
    RECORDING_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    METRICS_TOKEN: randomBytes(16).toString('hex'),
    OPENAI_API_KEY: app === 'media-edge' ? 'sk-bench-unused' : '',
    WORKFLOW_BUNDLE_PATH: build?.workflowBundlePath ?? '',
  };
  delete env.SWITCHBOARD_TODAY;
  const startedAt = performance.now();
  const child = AppProcess.start(app, `apps/${app}/src/main.ts`, env, { build, log: (line) => process.stderr.write(`${line}\n`) });
  try {
    const ready = app === 'worker' ? waitForPoller(temporal, taskQueue) : waitForHealth(`http://127.0.0.1:${port}/healthz`, READY_LIMIT_MS);
    await Promise.race([ready, child.crashed]);
    return { readyMs: performance.now() - startedAt, rssMb: rssMb(child.pid) };
  } finally {
    await child.stop();
  }
}

async function waitForPoller(temporal: LocalTemporal, taskQueue: string): Promise<void> {
  const deadline = Date.now() + READY_LIMIT_MS;
  for (;;) {
    const { pollers } = await temporal.env.connection.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: taskQueue },
      taskQueueType: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    if (pollers?.length) return;
    if (Date.now() > deadline) throw new Error(`no worker polled ${taskQueue} within ${READY_LIMIT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** `calls` sequential calls into a freshly started local stack, each hung up once the agent is heard. */
async function measureStackCalls(databaseUrl: string, calls: number, log: (line: string) => void): Promise<number[]> {
  const ports = await freeLocalPorts();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-startup-'));
  process.env.DATABASE_URL = databaseUrl;
  const stack = await startLocalStack({ plan: demoPlan(), ports, temporalDbFile: path.join(dataDir, 'temporal.sqlite'), logLevel: 'warn', log });
  try {
    const phone = new PhoneSimulator();
    const samples: number[] = [];
    for (let n = 0; n < calls; n++) {
      const startedAt = performance.now();
      const call = await phone.dialIntoStream({
        apiBaseUrl: stack.apiUrl,
        publicUrl: stack.apiUrl,
        ...SIMULATED_TWILIO,
        from: `+1415555${String(9000 + n)}`,
        to: DEMO_TENANTS[n % DEMO_TENANTS.length].phoneNumber,
      });
      await call.waitForAgentAudio();
      samples.push(performance.now() - startedAt);
      await call.hangUp();
    }
    return samples;
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function emptySamples(): Record<AppName, StartSample[]> {
  return { worker: [], api: [], 'media-edge': [] };
}

function summarize(samples: StartSample[]): StartSample {
  return { readyMs: percentile(samples.map((s) => s.readyMs), 50), rssMb: percentile(samples.map((s) => s.rssMb), 50) };
}

function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return round(kb / 1024, 1);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
