import type { ExecutionContext } from '@nestjs/common';
import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import type { ApiEnv } from '../../../../libs/config/src/env';
import { isRestApiPath } from './rest-api-path';

const isRestApiRequest = (context: ExecutionContext) => isRestApiPath(context.switchToHttp().getRequest<{ path: string }>().path);

/**
 * One budget per caller and window, counted in each API process's memory:
 * under /v1 `API_RATE_LIMIT` per API key (requests without a valid key per
 * IP address), every other route (the Twilio webhooks, health, metrics,
 * docs, the web pages) `PUBLIC_RATE_LIMIT` per source address, so a flood
 * from one address cannot starve the others. RateLimitGuard names the caller.
 */
export function rateLimitOptions(env: ApiEnv): ThrottlerModuleOptions {
  const window = env.API_RATE_LIMIT_WINDOW_SECONDS;
  return {
    throttlers: [{ limit: (context) => (isRestApiRequest(context) ? env.API_RATE_LIMIT : env.PUBLIC_RATE_LIMIT), ttl: window * 1000 }],
    errorMessage: (context) =>
      isRestApiRequest(context)
        ? `Rate limit exceeded: at most ${env.API_RATE_LIMIT} requests per ${window} s per API key`
        : `Rate limit exceeded: at most ${env.PUBLIC_RATE_LIMIT} requests per ${window} s per address`,
  };
}
