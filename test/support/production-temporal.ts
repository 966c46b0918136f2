import { randomBytes } from 'node:crypto';
import { startLocalTemporal } from '../../libs/infra/src/temporal-server';
import type { PostgresTemporal } from '../../libs/infra/src/temporal-postgres';
import { createLogger } from '../../libs/logging/src/logger';
import { installTemporalRuntime } from '../../libs/temporal/src/runtime';
import { publishedRun } from '../setup/run-databases';

/**
 * The production Temporal engine for one test file (start it once, in
 * beforeAll), with TEMPORAL_ADDRESS pointed at it for every worker, client and
 * API the file starts afterwards. Its databases carry the test run's prefix:
 * `stop()` drops them, and so does the run's teardown if the file never gets
 * that far.
 */
export async function startFileProductionTemporal(): Promise<PostgresTemporal> {
  // Before the engine's client connection, which would start the SDK's runtime with its defaults.
  installTemporalRuntime(createLogger('temporal-sdk', 'warn'));
  const run = publishedRun();
  const temporal = await startLocalTemporal({ engine: 'postgres', serverUrl: run.serverUrl, database: `${run.prefix}temporal${randomBytes(3).toString('hex')}`, keepDatabases: false });
  process.env.TEMPORAL_ADDRESS = temporal.address;
  return temporal;
}
