import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { createLogger } from '../../../../libs/logging/src/logger';
import { ENV } from '../config/config.module';

/** Polled by orchestrators and scrapers: a line per poll would drown the rest. */
const UNLOGGED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

const pathOf = (url: string | undefined) => (url ?? '').split('?')[0];

/**
 * The API logs through the same pino logger as the worker and the media-edge
 * (libs/logging): NestJS's own messages, the services' `Logger`s and one line
 * per request (method, path without the query, status, time taken; no headers
 * or bodies, which carry signatures and phone numbers).
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      // ENV first: LOG_LEVEL is validated before the logger reads it.
      inject: [ENV],
      useFactory: () => ({
        pinoHttp: {
          logger: createLogger('api'),
          autoLogging: { ignore: (request) => UNLOGGED_PATHS.has(pathOf(request.url)) },
          serializers: {
            req: (request: { method: string; url: string }) => ({ method: request.method, path: pathOf(request.url) }),
            res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
          },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
