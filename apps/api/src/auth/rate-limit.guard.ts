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
 * Rate limits /v1 per API key, across all its routes; requests without a
 * valid key share their IP address's budget. Over the limit: 429 with
 * `Retry-After` (seconds). Runs before the API-key guard, so unauthenticated
 * floods are limited too.
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

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return !isRestApiPath(context.switchToHttp().getRequest<{ path: string }>().path);
  }

  protected override async getTracker(request: { headers: IncomingHttpHeaders }): Promise<string> {
    const authentication = await this.authenticator.authenticate(request);
    return authentication.ok ? `key:${authentication.principal.keyId}` : `ip:${await super.getTracker(request)}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }
}
