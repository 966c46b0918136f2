import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Logger } from 'pino';
import { TenantProfileCache } from '../../activities/tools/tenant-profile-cache';
import { createSwitchboardWorker, type SwitchboardWorker } from '../../apps/worker/src/worker';
import type { WorkerMetrics } from '../../apps/worker/src/worker-metrics';
import type { DataKeysEnv } from '../../libs/config/src/env';
import type { FollowUpEnv } from '../../libs/config/src/follow-up-env';
import { createPrismaClient, type PrismaClient } from '../../libs/db/src/prisma';
import type { SpeechSynthesis } from '../../libs/speech/src/speech-synthesis';
import type { Telephony } from '../../libs/telephony/src/telephony';
import { CallsClient } from '../../libs/temporal/src/calls-client';
import { installTemporalRuntime } from '../../libs/temporal/src/runtime';
import { createLogger } from '../../libs/logging/src/logger';
import { testClock } from '../../simulators/fixtures/fixture-clock';
import { requiredEnv } from './test-env';

export interface TestSwitchboard {
  /** The worker's own client: the way it reaches PostgreSQL. */
  db: PrismaClient;
  /** The worker's tenant profile cache, listening on the file's database. */
  tenantProfiles: TenantProfileCache;
  client: Client;
  calls: CallsClient;
  worker: SwitchboardWorker;
  taskQueue: string;
  shutdown(): Promise<void>;
}

/**
 * A real worker against the suite's Temporal server and the file's database,
 * its tools on the test clock, on a task queue of its own so test files
 * running in parallel never take each other's tasks (or on a given one, e.g.
 * the API's default queue).
 */
export async function startTestSwitchboard(
  options: {
    telephony?: Telephony;
    speech?: SpeechSynthesis;
    taskQueue?: string;
    followUps?: Partial<FollowUpEnv>;
    /** DATA_ENCRYPTION_KEY and DATA_PREVIOUS_KEYS: without them no sealed CRM webhook secret opens. */
    dataKeys?: Partial<Pick<DataKeysEnv, 'DATA_ENCRYPTION_KEY' | 'DATA_PREVIOUS_KEYS'>>;
    /** Where the activities warn; the worker's own logger when omitted (silent under Jest unless LOG_LEVEL says otherwise). */
    log?: Pick<Logger, 'warn'>;
    metrics?: WorkerMetrics;
    /** Where the worker reaches PostgreSQL (e.g. through a proxy that fails); the file's database by default. */
    databaseUrl?: string;
  } = {},
): Promise<TestSwitchboard> {
  installTemporalRuntime(createLogger('temporal-sdk', 'warn'));
  const address = requiredEnv('TEMPORAL_ADDRESS');
  const databaseUrl = options.databaseUrl ?? requiredEnv('DATABASE_URL');
  const db = createPrismaClient(databaseUrl, 5);
  const tenantProfiles = new TenantProfileCache(db, databaseUrl, createLogger('tenant-profiles', 'warn'));
  await tenantProfiles.start();
  const taskQueue = options.taskQueue ?? `test-${randomUUID()}`;
  const nativeConnection = await NativeConnection.connect({ address });
  const worker = await createSwitchboardWorker({
    env: { TEMPORAL_NAMESPACE: 'default', SUMMARY_MODEL: 'local', REALTIME_MODEL: 'gpt-realtime', ...options.followUps, ...options.dataKeys },
    connection: nativeConnection,
    db,
    tenantProfiles,
    telephony: options.telephony,
    speech: options.speech,
    workflowBundlePath: requiredEnv('WORKFLOW_BUNDLE_PATH'),
    taskQueue,
    clock: testClock,
    metrics: options.metrics,
    log: options.log,
  });
  const running = worker.run();
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  return {
    db,
    tenantProfiles,
    client,
    calls: new CallsClient(client, taskQueue),
    worker,
    taskQueue,
    async shutdown() {
      worker.shutdown();
      await running;
      await connection.close();
      await nativeConnection.close();
      await tenantProfiles.close();
      await db.$disconnect();
    },
  };
}

