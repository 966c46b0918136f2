import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client, Connection } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppModule } from '../../../apps/api/src/app.module';
import { startMediaEdge } from '../../../apps/media-edge/src/server';
import { createPrismaClient, type PrismaClient } from '../../../libs/db/src/prisma';
import { AppProcess, freeLoopbackPort, waitForHealth } from '../../../libs/infra/src/app-process';
import { createLogger } from '../../../libs/logging/src/logger';
import { OpenAIRealtime } from '../../../libs/realtime/src/openai/openai-realtime';
import { createTwilioClient, TwilioTelephony } from '../../../libs/telephony/src/twilio-telephony';
import { CallsClient } from '../../../libs/temporal/src/calls-client';
import { RealtimeSimulator, type PlanFactory } from '../../../simulators/realtime';
import { PhoneSimulator, TwilioRestSimulator, type PhoneCall } from '../../../simulators/twilio';
import { startTestSwitchboard } from '../../support/switchboard-worker';
import { requiredEnv } from '../../support/test-env';
import { startWorkerProcess } from '../../workflows/support/worker-process';

const TWILIO = { accountSid: `AC${'fa'.repeat(16)}`, authToken: 'fault-test-auth-token' };
/** The key the media-edge checks stream tokens with: the API signs them with the run's secret. */
const streamTokenSecret = () => requiredEnv('STREAM_TOKEN_SECRET');

export interface FaultStackOptions {
  /** The simulated model of every call. */
  plan: PlanFactory;
  /** Where the apps reach PostgreSQL (a proxy that can fail); the file's database by default. */
  databaseUrl?: string;
  /** The worker as a process of its own, to be SIGKILLed; otherwise in this process. */
  workerProcess?: boolean;
  /** The media-edge as a process of its own, to be SIGKILLed; otherwise in this process. */
  mediaEdgeProcess?: boolean;
}

/** A media-edge the test can kill: in this process it is only stopped. */
export interface EdgeHandle {
  url: string;
  /** The process, when it is one. */
  process?: AppProcess;
}

/**
 * Every Switchboard process for one test file of real faults: the NestJS API
 * answering the signed webhooks on the file's task queue, the media-edge and
 * a worker (each in this process or as a process of its own), the Twilio REST
 * and Realtime simulators, and the phone. The apps reach PostgreSQL at
 * `databaseUrl`; `db` is the test's own way in, around any proxy.
 */
export interface FaultStack {
  rest: TwilioRestSimulator;
  realtime: RealtimeSimulator;
  phone: PhoneSimulator;
  /** The test's client of the file's database, not through the apps' address. */
  db: PrismaClient;
  client: Client;
  calls: CallsClient;
  apiUrl: string;
  taskQueue: string;
  edge: EdgeHandle;
  /** The worker, with workerProcess. */
  workerProcess?: AppProcess;
  /** A new worker process on the same queue (after a SIGKILL). */
  restartWorker(): AppProcess;
  /** Dials the tenant through the signed voice webhook and returns the live Media Streams call. */
  dial(caller: { from: string; to: string }): Promise<PhoneCall>;
  stop(): Promise<void>;
}

export async function startFaultStack(options: FaultStackOptions): Promise<FaultStack> {
  const taskQueue = `faults-${randomUUID()}`;
  const databaseUrl = options.databaseUrl ?? requiredEnv('DATABASE_URL');
  const rest = await TwilioRestSimulator.start(TWILIO);
  const realtime = await RealtimeSimulator.start({ plan: options.plan });
  const apiUrl = `http://127.0.0.1:${await freeLoopbackPort()}`;
  const twilioEnv = { TWILIO_ACCOUNT_SID: TWILIO.accountSid, TWILIO_AUTH_TOKEN: TWILIO.authToken, TWILIO_API_BASE_URL: rest.baseUrl, PUBLIC_URL: apiUrl };
  const connection = await Connection.connect({ address: requiredEnv('TEMPORAL_ADDRESS') });
  const client = new Client({ connection });
  const calls = new CallsClient(client, taskQueue);
  const db = createPrismaClient(requiredEnv('DATABASE_URL'), 3);
  const workers: AppProcess[] = [];
  const startWorker = () => {
    const worker = startWorkerProcess(taskQueue, { ...twilioEnv, DATABASE_URL: databaseUrl });
    workers.push(worker);
    return worker;
  };

  const inProcess = options.workerProcess
    ? undefined
    : await startTestSwitchboard({
        telephony: new TwilioTelephony(createTwilioClient({ ...TWILIO, apiBaseUrl: rest.baseUrl })),
        taskQueue,
        databaseUrl,
        followUps: { PUBLIC_URL: apiUrl },
      });
  const edge = options.mediaEdgeProcess ? await startEdgeProcess(databaseUrl, realtime) : await startEdgeHere(calls, databaseUrl, realtime);

  // The API reads its settings once, at boot.
  const savedDatabaseUrl = process.env.DATABASE_URL;
  Object.assign(process.env, { ...twilioEnv, DATABASE_URL: databaseUrl, TEMPORAL_TASK_QUEUE: taskQueue, MEDIA_STREAM_URL: `${edge.url}/media` });
  let api: INestApplication;
  try {
    api = await NestFactory.create(AppModule, { logger: false });
  } finally {
    process.env.DATABASE_URL = savedDatabaseUrl;
  }
  await api.listen(new URL(apiUrl).port, '127.0.0.1');
  const phone = new PhoneSimulator();

  return {
    rest,
    realtime,
    phone,
    db,
    client,
    calls,
    apiUrl,
    taskQueue,
    edge,
    workerProcess: options.workerProcess ? startWorker() : undefined,
    restartWorker: startWorker,
    dial: ({ from, to }) =>
      phone.dialIntoStream({ apiBaseUrl: apiUrl, publicUrl: apiUrl, accountSid: TWILIO.accountSid, authToken: TWILIO.authToken, from, to, rest }),
    async stop() {
      await phone.hangUpAll();
      await api.close();
      await edge.stop();
      await Promise.all(workers.map((worker) => worker.stop()));
      await inProcess?.shutdown();
      await realtime.close();
      await rest.close();
      await connection.close();
      await db.$disconnect();
    },
  };
}

type EdgeRunning = EdgeHandle & { stop(): Promise<void> };

async function startEdgeHere(calls: CallsClient, databaseUrl: string, realtime: RealtimeSimulator): Promise<EdgeRunning> {
  const db = createPrismaClient(databaseUrl, 3);
  const edge = await startMediaEdge({
    port: 0,
    host: '127.0.0.1',
    calls,
    db,
    realtime: new OpenAIRealtime({ url: realtime.url, apiKey: realtime.apiKey, model: 'gpt-realtime' }),
    streamTokenSecret: streamTokenSecret(),
    recordingsDir: mkdtempSync(path.join(tmpdir(), 'fault-recordings-')),
    logger: createLogger('media-edge', process.env.TEST_LOG_LEVEL ?? 'silent'),
  });
  return {
    url: edge.url,
    async stop() {
      await edge.close();
      await db.$disconnect();
    },
  };
}

/** `node apps/media-edge/src/main.ts` on a free port, with the environment production gives it. */
async function startEdgeProcess(databaseUrl: string, realtime: RealtimeSimulator): Promise<EdgeRunning> {
  const port = await freeLoopbackPort();
  const edge = AppProcess.start('media-edge', 'apps/media-edge/src/main.ts', {
    ...process.env,
    DATABASE_URL: databaseUrl,
    MEDIA_EDGE_PORT: String(port),
    OPENAI_REALTIME_URL: realtime.url,
    OPENAI_API_KEY: realtime.apiKey,
    STREAM_TOKEN_SECRET: streamTokenSecret(),
    RECORDINGS_DIR: mkdtempSync(path.join(tmpdir(), 'fault-recordings-')),
    LOG_LEVEL: 'warn',
  });
  // From source on a loaded machine: a minute or more.
  await Promise.race([waitForHealth(`http://127.0.0.1:${port}/healthz`, 150_000), edge.crashed]);
  return { url: `ws://127.0.0.1:${port}`, process: edge, stop: () => edge.stop() };
}
