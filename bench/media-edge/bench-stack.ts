import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { createPrismaClient } from '../../libs/db/src/prisma';
import { dropDatabase, ensureDatabase, LOCAL_POSTGRES_URL, migrateDatabase } from '../../libs/infra/src/database';
import { startLocalTemporal, type TemporalEngine } from '../../libs/infra/src/temporal-server';
import { CallsClient } from '../../libs/temporal/src/calls-client';
import { seedDemoTenants } from '../../prisma/seed/demo-tenants';
import { AppProcess, freeLoopbackPort, waitForHealth } from '../../libs/infra/src/app-process';
import { temporalServerPid } from './cpu-placement';
import { RealtimeSideProcess } from './realtime-side-process';

/** Everything the bench runs the media-edge against, on this machine's loopback interface. */
export interface BenchStack {
  /** Tenant id by demo tenant slug. */
  tenantIds: Record<string, string>;
  temporalClient: Client;
  calls: CallsClient;
  temporalPid: number;
  worker: AppProcess;
  realtime: RealtimeSideProcess;
  mediaEdge: AppProcess;
  /** http://127.0.0.1:<port>; the Twilio route is ws://…/media. */
  mediaEdgeUrl: string;
  streamTokenSecret: string;
  /** Stops what was started, in reverse order, and drops the database. */
  stop(): Promise<void>;
}

/**
 * A fresh PostgreSQL database (migrated and seeded with the demo tenants) on
 * the local server, a local Temporal server (the dev server, or the
 * production one on PostgreSQL), the Realtime side, then the
 * worker and ONE media-edge as child processes, wired by environment
 * variables as in `scripts/local-stack.ts`. Set BENCH_MEDIA_EDGE_CPU_PROF_DIR
 * to have the media-edge write a V8 CPU profile there when it stops.
 */
export async function startBenchStack(engine: TemporalEngine, log: (line: string) => void): Promise<BenchStack> {
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch((error: unknown) => log(`teardown: ${(error as Error).message}`));
  };
  try {
    const serverUrl = process.env.DATABASE_URL ?? LOCAL_POSTGRES_URL;
    const databaseName = `switchboard_bench_media_${Date.now()}`;
    const databaseUrl = await ensureDatabase(serverUrl, databaseName);
    stops.push(() => dropDatabase(serverUrl, databaseName));
    await migrateDatabase(databaseUrl);
    const db = createPrismaClient(databaseUrl, 2);
    const { tenants } = await seedDemoTenants(db);
    await db.$disconnect();

    const temporal = await startLocalTemporal({ engine });
    stops.push(() => temporal.stop());
    const temporalPid = temporalServerPid(engine);
    const realtime = await RealtimeSideProcess.start();
    stops.push(() => realtime.stop());

    const streamTokenSecret = randomBytes(24).toString('hex');
    const recordingsDir = mkdtempSync(path.join(tmpdir(), 'media-edge-bench-'));
    stops.push(async () => rmSync(recordingsDir, { recursive: true, force: true }));
    const appEnv = { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporal.address, TWILIO_ACCOUNT_SID: '', TWILIO_AUTH_TOKEN: '' };
    // Summaries stay local: no OpenAI key for the worker.
    const worker = AppProcess.start('worker', 'apps/worker/src/main.ts', { ...appEnv, OPENAI_API_KEY: '', WORKER_METRICS_PORT: String(await freeLoopbackPort()) });
    stops.push(() => worker.stop());
    const port = await freeLoopbackPort();
    const profileDir = process.env.BENCH_MEDIA_EDGE_CPU_PROF_DIR;
    const mediaEdgeEnv = {
      ...appEnv,
      MEDIA_EDGE_PORT: String(port),
      STREAM_TOKEN_SECRET: streamTokenSecret,
      OPENAI_REALTIME_URL: realtime.url,
      OPENAI_API_KEY: realtime.apiKey,
      RECORDINGS_DIR: recordingsDir,
    };
    const mediaEdge = AppProcess.start('media-edge', 'apps/media-edge/src/main.ts', mediaEdgeEnv, {
      nodeArgs: profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
    });
    stops.push(() => mediaEdge.stop());
    const mediaEdgeUrl = `http://127.0.0.1:${port}`;
    await Promise.race([waitForHealth(`${mediaEdgeUrl}/healthz`), mediaEdge.crashed]);

    return {
      tenantIds: tenants,
      temporalClient: temporal.env.client,
      calls: new CallsClient(temporal.env.client),
      temporalPid,
      worker,
      realtime,
      mediaEdge,
      mediaEdgeUrl,
      streamTokenSecret,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
