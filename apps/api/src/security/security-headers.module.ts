import { Inject, Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import helmet from 'helmet';
import type { ApiEnv } from '../../../../libs/config/src/env';
import { ENV } from '../config/config.module';
import { contentSecurityDirectives } from './content-security-policy';

/**
 * Browser-facing hardening on every response: no framing (the console holds
 * an API key, the browser agent a microphone), no MIME sniffing, no referrer
 * (a session link travels in /client's query), HTTPS remembered once served
 * over it, and a CSP that pins where scripts come from and where the pages
 * may connect.
 */
@Module({})
export class SecurityHeadersModule implements NestModule {
  constructor(@Inject(ENV) private readonly env: ApiEnv) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(
        helmet({
          contentSecurityPolicy: {
            useDefaults: false,
            directives: { defaultSrc: helmet.contentSecurityPolicy.dangerouslyDisableDefaultSrc, ...contentSecurityDirectives(this.env) },
          },
          frameguard: { action: 'deny' },
          referrerPolicy: { policy: 'no-referrer' },
          // Subdomains are the operator's business, not this app's.
          strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: false },
        }),
      )
      .forRoutes('{*path}');
  }
}
