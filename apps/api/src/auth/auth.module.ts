import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { realClock } from '../../../../libs/clock/src/clock';
import type { ApiEnv } from '../../../../libs/config/src/env';
import { ApiKeyStore } from '../api-keys/api-key-store';
import { SessionLinkStore } from '../browser-agent/session-link-store';
import { ENV } from '../config/config.module';
import { PrismaService } from '../database/prisma.service';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { AUTH_CLOCK } from './auth-clock';
import { ApiKeyGuard } from './api-key.guard';
import { RateLimitGuard } from './rate-limit.guard';
import { rateLimitOptions } from './rate-limits';
import { TenantAccess } from './tenant-access';

/**
 * API keys (and the browser agent's session links) for everything under /v1, and the rate limits: they run first,
 * on every route (rate-limits.ts); then the key check, which lets anything outside /v1 through.
 */
@Global()
@Module({
  imports: [
    // In memory: each API process counts on its own.
    ThrottlerModule.forRootAsync({
      inject: [ENV],
      useFactory: (env: ApiEnv) => rateLimitOptions(env),
    }),
  ],
  providers: [
    { provide: ApiKeyStore, inject: [PrismaService], useFactory: (db: PrismaService) => new ApiKeyStore(db) },
    { provide: SessionLinkStore, inject: [PrismaService], useFactory: (db: PrismaService) => new SessionLinkStore(db) },
    { provide: AUTH_CLOCK, useValue: realClock },
    ApiKeyAuthenticator,
    TenantAccess,
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_GUARD, useClass: ApiKeyGuard },
  ],
  exports: [ApiKeyStore, SessionLinkStore, TenantAccess, AUTH_CLOCK],
})
export class AuthModule {}
