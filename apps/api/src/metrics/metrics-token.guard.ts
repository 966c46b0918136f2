import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiEnv } from '../../../../libs/config/src/env';
import { mayScrapeMetrics, METRICS_REFUSAL } from '../../../../libs/metrics/src/metrics-access';
import { ENV } from '../config/config.module';

/** `/metrics` with `METRICS_TOKEN` set: only a scrape that shows it (401 otherwise). */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  constructor(@Inject(ENV) private readonly env: ApiEnv) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    if (mayScrapeMetrics(http.getRequest<{ headers: IncomingHttpHeaders }>().headers.authorization, this.env.METRICS_TOKEN)) return true;
    http.getResponse<{ setHeader(name: string, value: string): void }>().setHeader('WWW-Authenticate', METRICS_REFUSAL.challenge);
    throw new UnauthorizedException(METRICS_REFUSAL.message);
  }
}
