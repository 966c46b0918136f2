import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import helmet from 'helmet';

/**
 * Browser-facing hardening on every response: no framing (the console holds
 * an API key, the browser agent a microphone), no MIME sniffing, no referrer
 * (a session link travels in /client's query), HTTPS remembered once served
 * over it. The CSP restricts what cannot break the pages; which scripts and
 * connections they may use is not pinned (see docs/operations.md).
 */
@Module({})
export class SecurityHeadersModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(
        helmet({
          contentSecurityPolicy: {
            useDefaults: false,
            directives: {
              // Scripts and connections stay unpinned: the media-edge and OpenAI are other origins, set per deployment.
              defaultSrc: helmet.contentSecurityPolicy.dangerouslyDisableDefaultSrc,
              baseUri: ["'self'"],
              objectSrc: ["'none'"],
              frameAncestors: ["'none'"],
              formAction: ["'self'"],
            },
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
