import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { isRestApiPath } from './rest-api-path';

/**
 * The rate limits of rate-limits.ts: /v1 per API key, across all its routes
 * (requests without a valid key share their IP address's budget), every
 * other route per source address. Over a limit: 429 with `Retry-After`
 * (seconds). Runs before the API-key guard and the Twilio signature check,
 * so unauthenticated and forged floods are limited too.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    @Inject(ApiKeyAuthenticator) private readonly authenticator: ApiKeyAuthenticator,
  ) {
    super(options, storage, reflector);
  }

  protected override async getTracker(request: { headers: IncomingHttpHeaders; path: string }): Promise<string> {
    if (!isRestApiPath(request.path)) return `address:${await super.getTracker(request)}`;
    const authentication = await this.authenticator.authenticate(request);
    return authentication.ok ? `key:${authentication.principal.keyId}` : `ip:${await super.getTracker(request)}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }
}
