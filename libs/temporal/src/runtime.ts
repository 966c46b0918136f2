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
 * The SDK's trace lines carry whole activations and activity tasks: their
 * payloads (base64 JSON of workflow and activity arguments: phone numbers,
 * transcripts) are replaced by a placeholder, the rest is kept.
 */
function withoutPayloads(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPayloads);
  if (typeof value !== 'object' || value === null || value instanceof Error || ArrayBuffer.isView(value)) return value;
  if ('metadata' in value && 'data' in value) return '[payload]';
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, withoutPayloads(field)]));
}

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
      log[method](meta ? withoutPayloads(meta) : {}, message);
    }),
  });
  installed = true;
}
