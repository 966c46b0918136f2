import 'reflect-metadata';
import { NativeConnection } from '@temporalio/worker';
import { collectDefaultMetrics } from 'prom-client';
import { clockFor } from '../../../libs/clock/src/clock';
import { loadEnv, WorkerEnvSchema } from '../../../libs/config/src/env';
import { connectAppDatabase } from '../../../libs/db/src/prisma';
import { createLogger } from '../../../libs/logging/src/logger';
import { installTemporalRuntime } from '../../../libs/temporal/src/runtime';
import { speechSynthesisFrom } from '../../../libs/speech/src/speech-synthesis-from-env';
import { telephonyFrom } from '../../../libs/telephony/src/telephony-from-env';
import { TenantProfileCache } from '../../../activities/tools/tenant-profile-cache';
import { startMetricsServer } from './metrics-server';
import { createSwitchboardWorker } from './worker';
import { WorkerMetrics } from './worker-metrics';

async function main(): Promise<void> {
  const env = loadEnv(process.env, WorkerEnvSchema);
  const log = createLogger('worker', env.LOG_LEVEL);
  installTemporalRuntime(log);
  // Both open before the worker polls: its first task waits for neither.
  const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS });
  const db = await connectAppDatabase(env.DATABASE_URL);
  const tenantProfiles = new TenantProfileCache(db, env.DATABASE_URL, log);
  await tenantProfiles.start();
  const telephony = telephonyFrom(env);
  if (!telephony) log.warn('TWILIO_ACCOUNT_SID/TWILIO_AUTH_TOKEN unset: transfers are recorded but not dialed');
  const speech = speechSynthesisFrom(env);
  if (!speech) log.warn('OPENAI_SPEECH_API_KEY/OPENAI_API_KEY unset: greetings are not cached, the model speaks each one');
  if (!env.DATA_ENCRYPTION_KEY) log.warn('DATA_ENCRYPTION_KEY unset: sealed CRM webhook secrets do not open, and their deliveries fail');
  const metrics = new WorkerMetrics();
  collectDefaultMetrics({ register: metrics.registry });
  const metricsServer = await startMetricsServer(metrics.registry, { port: env.WORKER_METRICS_PORT, token: env.METRICS_TOKEN });
  const worker = await createSwitchboardWorker({
    env,
    connection,
    db,
    tenantProfiles,
    telephony,
    speech,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    workflowBundlePath: env.WORKFLOW_BUNDLE_PATH,
    clock: clockFor(env.SWITCHBOARD_TODAY),
    metrics,
    log,
  });
  log.info(
    { temporal: env.TEMPORAL_ADDRESS, taskQueue: worker.taskQueue, dialTaskQueue: worker.dialTaskQueue, callsPerSecond: env.TWILIO_CALLS_PER_SECOND, today: env.SWITCHBOARD_TODAY, metricsPort: env.WORKER_METRICS_PORT },
    'worker started',
  );
  // SIGINT/SIGTERM make the SDK drain in-flight tasks before run() resolves.
  await worker.run();
  await connection.close();
  await tenantProfiles.close();
  await new Promise((resolve) => metricsServer.close(resolve));
  await db.$disconnect();
  log.info('worker stopped');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
