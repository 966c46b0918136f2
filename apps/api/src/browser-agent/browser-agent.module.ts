import { Module } from '@nestjs/common';
import OpenAI from 'openai';
import type { ApiEnv } from '../../../../libs/config/src/env';
import { ENV } from '../config/config.module';
import { BrowserAgentController } from './browser-agent.controller';
import { BrowserSessionService, REALTIME_CLIENT_SECRETS } from './browser-session.service';
import { RealtimeClientSecrets } from './realtime-client-secrets';

/** `/v1/session` and `/v1/session-links`; the link store lives in the (global) AuthModule, which checks links. */
@Module({
  controllers: [BrowserAgentController],
  providers: [
    BrowserSessionService,
    {
      provide: REALTIME_CLIENT_SECRETS,
      inject: [ENV],
      useFactory: (env: ApiEnv) =>
        env.OPENAI_API_KEY ? new RealtimeClientSecrets(new OpenAI({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL }), env.REALTIME_MODEL) : null,
    },
  ],
})
export class BrowserAgentModule {}
