import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from 'pino';

let installed = false;

const SDK_LEVELS: Record<string, LogLevel> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'ERROR',
  silent: 'ERROR',
};

/**
 * Routes the Temporal SDK's own logs (worker state, activity failures) into
 * pino at its level, instead of the SDK's console output. Must run before the
 * first worker or native connection; later calls are no-ops.
 */
export function installTemporalRuntime(log: Logger): void {
  if (installed) return;
  Runtime.install({
    logger: new DefaultLogger(SDK_LEVELS[log.level] ?? 'INFO', ({ level, message, meta }) => {
      const method = level === 'TRACE' ? 'trace' : level === 'DEBUG' ? 'debug' : level === 'INFO' ? 'info' : level === 'WARN' ? 'warn' : 'error';
      log[method](meta ?? {}, message);
    }),
  });
  installed = true;
}
