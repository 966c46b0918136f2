import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ApiEnv } from '../../../libs/config/src/env';
import { AppModule } from './app.module';
import { ENV } from './config/config.module';

/**
 * The largest request body the API reads, JSON (REST) or form (Twilio's
 * webhooks): room for the largest valid one (an agent config whose 20,000
 * characters of instructions are all sent as \uXXXX escapes, 120 KB). A
 * larger body is refused with 413 before any route sees it.
 */
export const MAX_REQUEST_BODY_BYTES = 256 * 1024;

/** The API app as it runs: AppModule with its body parsers, behind the proxies it trusts. */
export async function createApiApp(options: NestApplicationOptions = {}): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule, options);
  useBodyParsers(app);
  const { TRUST_PROXY } = app.get<ApiEnv>(ENV);
  // request.ip, which the per-address rate limits count, then names the client the proxy saw.
  if (TRUST_PROXY !== undefined) (app as NestExpressApplication).set('trust proxy', TRUST_PROXY);
  return app;
}

/** Before `init` or `listen`: Nest then registers none of its default parsers (100 KB). */
export function useBodyParsers(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.useBodyParser('json', { limit: MAX_REQUEST_BODY_BYTES });
  express.useBodyParser('urlencoded', { limit: MAX_REQUEST_BODY_BYTES, extended: true });
}
