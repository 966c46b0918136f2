import type { Connection } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiKeyStore } from '../apps/api/src/api-keys/api-key-store';
import { SessionLinkStore } from '../apps/api/src/browser-agent/session-link-store';
import { createPrismaClient } from '../libs/db/src/prisma';
import { currentLocalBuild } from '../libs/infra/src/app-build';
import { currentWebBuild } from '../libs/infra/src/web-build';
import { AppProcess, waitForHealth } from '../libs/infra/src/app-process';
import { provideDatabase, type DatabaseHandle } from '../libs/infra/src/database';
import { startLocalTemporal, type LocalTemporal, type LocalTemporalOptions, type TemporalEngine } from '../libs/infra/src/temporal-server';
import { CALLS_TASK_QUEUE } from '../libs/temporal/src/task-queues';
import { ROOFING } from '../prisma/seed/demo-data';
import { seedDemoTenants } from '../prisma/seed/demo-tenants';
import { renderSeededGreetings } from '../prisma/seed/greetings';
import { SpeechSimulator } from '../simulators/openai-rest/speech-simulator';
import { seedReminderSchedules } from '../prisma/seed/reminder-schedules';
import { RealtimeSimulator, type PlanFactory } from '../simulators/realtime';
import { TwilioRestSimulator } from '../simulators/twilio/rest';
import { localPortsFromEnv, type LocalPorts } from './local-ports';
import { SIMULATED_TWILIO } from './simulated-twilio-account';

const REPO_ROOT = path.resolve(__dirname, '..');
const EMBEDDED_POSTGRES_PORT = 54329;
/** How long the apps may take to be ready (minutes on a busy 2-core machine). */
const BOOT_LIMIT_MS = 180_000;

/** Closed Realtime sessions whose records the stack keeps (it serves calls for as long as it runs). */
const KEPT_REALTIME_SESSIONS = 20;
/** Whom the stack's browser-agent link speaks for: no demo caller, so the generic local agent answers. */
const FIELD_CREW_PHONE = '+14045550142';

export interface LocalStackOptions {
  /** The simulated model's plan for each call. */
  plan: PlanFactory;
  /** Default: {@link localPortsFromEnv}. */
  ports?: LocalPorts;
  /** The dev server (default), or the production server on the local PostgreSQL. */
  engine?: TemporalEngine;
  /** The Temporal dev server's SQLite file; default `.data/temporal.sqlite`. */
  temporalDbFile?: string;
  logLevel?: string;
  log?: (line: string) => void;
}

export interface LocalStack {
  ports: LocalPorts;
  apiUrl: string;
  /** An admin key for the REST API (/v1), made for this run. */
  adminApiKey: string;
  /** The browser agent opened with a session link of the roofer's field crew (24 hours). */
  browserAgentUrl: string;
  mediaEdgeUrl: string;
  mediaStreamUrl: string;
  workerMetricsUrl: string;
  temporalAddress: string;
  /** The dev server's Web UI; the production engine has none here (docs/temporal-server.md). */
  temporalUiUrl?: string;
  twilio: { accountSid: string; authToken: string; rest: TwilioRestSimulator };
  realtime: RealtimeSimulator;
  /** The OpenAI speech simulator the worker renders greetings with (`/v1/audio/speech`). */
  speechUrl: string;
  databaseKind: DatabaseHandle['kind'];
  stop(): Promise<void>;
}

/**
 * Everything Switchboard runs on, locally: PostgreSQL (or embedded PGlite),
 * the Temporal dev server with its UI (or the production Temporal server on
 * that PostgreSQL, `engine: 'postgres'`), the Twilio REST and OpenAI Realtime
 * simulators, and one process each of worker, api and media-edge, wired
 * together by environment variables exactly as in production.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const log = options.log ?? (() => undefined);
  const ports = options.ports ?? localPortsFromEnv();
  // The apps run compiled, as in production; compiling overlaps with the database's start.
  const building = currentLocalBuild(log);
  building.catch(() => undefined);
  const buildingWeb = currentWebBuild(log);
  buildingWeb.catch(() => undefined);
  const database = await provideDatabase('switchboard', EMBEDDED_POSTGRES_PORT);
  const db = createPrismaClient(database.url, 1);
  const { tenants } = await seedDemoTenants(db);
  const admin = await new ApiKeyStore(db).create({ role: 'admin' }, 'local stack');
  const adminApiKey = admin.key;
  const crewLink = await new SessionLinkStore(db).create({
    tenantId: tenants[ROOFING.slug],
    label: 'field crew (local stack)',
    phone: FIELD_CREW_PHONE,
    expiresAt: new Date(Date.now() + 24 * 60 * 60 * 1000),
    createdByKeyId: admin.info.id,
  });
  log(`PostgreSQL: ${database.kind === 'embedded' ? 'embedded PGlite' : 'local server'}, migrated and seeded`);

  const temporal: LocalTemporal = await startLocalTemporal(
    options.engine === 'postgres'
      ? productionEngine(database, log)
      : { uiPort: ports.temporalUi, dbFilename: options.temporalDbFile ?? path.join(REPO_ROOT, '.data', 'temporal.sqlite'), log },
  );
  await seedReminderSchedules({ db, url: database.url }, temporal.env.client, process.env.TEMPORAL_TASK_QUEUE || CALLS_TASK_QUEUE, tenants);
  await db.$disconnect();
  log('Temporal: a reminder schedule per demo tenant (reminders-<slug>, 17:00 the day before)');
  const rest = await TwilioRestSimulator.start({ ...SIMULATED_TWILIO, port: ports.twilioRest });
  const realtime = await RealtimeSimulator.start({ plan: options.plan, port: ports.realtime, log, keepClosedSessions: KEPT_REALTIME_SESSIONS });
  const speech = await SpeechSimulator.start();
  const build = await building;
  const webDistDir = await buildingWeb;

  const apiUrl = `http://127.0.0.1:${ports.api}`;
  const mediaEdgeUrl = `http://127.0.0.1:${ports.mediaEdge}`;
  const mediaStreamUrl = `ws://127.0.0.1:${ports.mediaEdge}/media`;
  const browserStreamUrl = `ws://127.0.0.1:${ports.mediaEdge}/browser`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LOG_LEVEL: options.logLevel ?? 'info',
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_UI_URL: temporal.uiUrl,
    PORT: String(ports.api),
    WEB_DIST_DIR: webDistDir,
    PUBLIC_URL: apiUrl,
    MEDIA_EDGE_PORT: String(ports.mediaEdge),
    WORKER_METRICS_PORT: String(ports.workerMetrics),
    MEDIA_STREAM_URL: mediaStreamUrl,
    BROWSER_STREAM_URL: browserStreamUrl,
    STREAM_TOKEN_SECRET: randomBytes(24).toString('hex'),
    OPENAI_REALTIME_URL: realtime.url,
    OPENAI_API_KEY: realtime.apiKey,
    OPENAI_BASE_URL: realtime.restBaseUrl,
    OPENAI_SPEECH_BASE_URL: speech.baseUrl,
    OPENAI_SPEECH_API_KEY: speech.apiKey,
    TWILIO_ACCOUNT_SID: SIMULATED_TWILIO.accountSid,
    TWILIO_AUTH_TOKEN: SIMULATED_TWILIO.authToken,
    TWILIO_API_BASE_URL: rest.baseUrl,
  };
  const children = [
    // Summaries stay local: the Realtime simulator does not serve Chat Completions.
    AppProcess.start('worker', 'apps/worker/src/main.ts', { ...env, OPENAI_API_KEY: '', WORKFLOW_BUNDLE_PATH: build.workflowBundlePath }, { build, log }),
    // The browser agent talks through the media-edge: the Realtime simulator speaks WebSocket, not WebRTC.
    AppProcess.start('api', 'apps/api/src/main.ts', { ...env, OPENAI_API_KEY: '' }, { build, log }),
    AppProcess.start('media-edge', 'apps/media-edge/src/main.ts', env, { build, log }),
  ];
  // Up means a call can be served: the API and media-edge answer, and the worker polls. A crashed app fails the start at once.
  const ready = Promise.all([
    waitForHealth(`${apiUrl}/readyz`, BOOT_LIMIT_MS),
    waitForHealth(`${mediaEdgeUrl}/healthz`, BOOT_LIMIT_MS),
    waitForWorker(temporal.env.connection, env.TEMPORAL_TASK_QUEUE || CALLS_TASK_QUEUE, BOOT_LIMIT_MS),
  ]);
  await Promise.race([ready, ...children.map((child) => child.crashed)]);
  // As after a seed anywhere: the greetings are rendered, so the first call plays its greeting from the cache.
  await renderSeededGreetings(temporal.env.client, Object.values(tenants), env.TEMPORAL_TASK_QUEUE || CALLS_TASK_QUEUE);
  log('greetings rendered and cached');

  return {
    ports,
    apiUrl,
    adminApiKey,
    browserAgentUrl: `${apiUrl}/client?link=${crewLink.token}`,
    mediaEdgeUrl,
    mediaStreamUrl,
    workerMetricsUrl: `http://127.0.0.1:${ports.workerMetrics}/metrics`,
    temporalAddress: temporal.address,
    temporalUiUrl: temporal.uiUrl,
    twilio: { ...SIMULATED_TWILIO, rest },
    realtime,
    speechUrl: speech.baseUrl,
    databaseKind: database.kind,
    async stop() {
      await Promise.all(children.map((child) => child.stop()));
      await Promise.all([rest.close(), realtime.close(), speech.close()]);
      await temporal.stop();
      await database.stop();
    },
  };
}

/**
 * The production server on the PostgreSQL server the app's database is on, in
 * databases of the stack's own that outlive it (as the dev server's SQLite file does).
 */
function productionEngine(database: DatabaseHandle, log: (line: string) => void): LocalTemporalOptions {
  if (database.kind === 'embedded') throw new Error('--engine postgres needs a PostgreSQL server (DATABASE_URL, or one on 127.0.0.1:5432); the embedded PGlite cannot hold Temporal.');
  return { engine: 'postgres', serverUrl: database.url, database: 'switchboard_temporal', keepDatabases: true, log };
}

/** Resolves once a worker polls `taskQueue` for workflow tasks: before that, a call's workflow starts but nothing runs it. */
async function waitForWorker(connection: Connection, taskQueue: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { pollers } = await connection.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: taskQueue },
      taskQueueType: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    if (pollers?.length) return;
    if (Date.now() > deadline) throw new Error(`no worker polled ${taskQueue} within ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}
