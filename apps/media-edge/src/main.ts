import { Client, Connection } from '@temporalio/client';
import { collectDefaultMetrics } from 'prom-client';
import { ConfigError, loadEnv, MediaEdgeEnvSchema } from '../../../libs/config/src/env';
import { connectAppDatabase } from '../../../libs/db/src/prisma';
import { createLogger } from '../../../libs/logging/src/logger';
import { recordingKeyRingFrom } from '../../../libs/recordings/src/recording-keys';
import { OpenAIRealtime } from '../../../libs/realtime/src/openai/openai-realtime';
import { CallsClient } from '../../../libs/temporal/src/calls-client';
import { EVENT_LOOP_MONITORING_PRECISION_MS } from './metrics';
import { startMediaEdge } from './server';

async function main(): Promise<void> {
  const env = loadEnv(process.env, MediaEdgeEnvSchema);
  if (!env.OPENAI_API_KEY) throw new ConfigError('Invalid configuration:\n  OPENAI_API_KEY: the media-edge needs it for the Realtime API');
  const log = createLogger('media-edge', env.LOG_LEVEL);
  const recordingKeys = recordingKeyRingFrom(env);
  // Production refuses to start without the key (libs/config): plain files are for local runs.
  if (!recordingKeys) log.warn('RECORDING_ENCRYPTION_KEY unset: call recordings are written as plain WAV files');
  // Both open before the media-edge listens: the first call waits for neither. One after the
  // other: the database's warm-up (a WebAssembly compile) would eat into the connect's deadline.
  const connection = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  const db = await connectAppDatabase(env.DATABASE_URL);
  const calls = new CallsClient(new Client({ connection, namespace: env.TEMPORAL_NAMESPACE }));

  const edge = await startMediaEdge({
    port: env.MEDIA_EDGE_PORT,
    calls,
    db,
    realtime: new OpenAIRealtime({ url: env.OPENAI_REALTIME_URL, apiKey: env.OPENAI_API_KEY, model: env.REALTIME_MODEL }),
    streamTokenSecret: env.STREAM_TOKEN_SECRET,
    recordingsDir: env.RECORDINGS_DIR,
    recordingKey: recordingKeys?.current,
    signalsInFlight: env.MEDIA_EDGE_SIGNALS_IN_FLIGHT,
    metricsToken: env.METRICS_TOKEN,
    logger: log,
  });
  // The process's own metrics (event-loop lag, GC, heap, CPU) next to the media-edge's.
  collectDefaultMetrics({ register: edge.registry, eventLoopMonitoringPrecision: EVENT_LOOP_MONITORING_PRECISION_MS });
  log.info({ port: edge.port, realtime: env.OPENAI_REALTIME_URL, model: env.REALTIME_MODEL }, 'media-edge listening');

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'media-edge stopping: ending live calls');
    try {
      await edge.close();
      await connection.close();
      await db.$disconnect();
      log.info('media-edge stopped');
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'media-edge did not stop cleanly');
      process.exit(1);
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, (received) => void stop(received));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
