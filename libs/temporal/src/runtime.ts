import { DefaultLogger, Runtime } from '@temporalio/worker';

let installed = false;

/**
 * The SDK logs every worker state change at INFO; the demo, benchmarks and
 * tests want warnings only. Must run before the first worker or connection.
 */
export function installQuietTemporalRuntime(): void {
  if (installed) return;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  installed = true;
}
