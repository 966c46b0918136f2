import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { AppModule } from '../../apps/api/src/app.module';
import type { FollowUpEnv } from '../../libs/config/src/follow-up-env';
import { freeLoopbackPort } from '../../libs/infra/src/app-process';
import { createTwilioClient, TwilioTelephony } from '../../libs/telephony/src/twilio-telephony';
import { TwilioRestSimulator } from '../../simulators/twilio';
import { startTestSwitchboard, type TestSwitchboard } from './switchboard-worker';

export interface SwitchboardWithApi {
  rest: TwilioRestSimulator;
  sb: TestSwitchboard;
  apiUrl: string;
  close(): Promise<void>;
}

/**
 * The Twilio REST simulator, a worker whose texts go through it, and the
 * real API app that Twilio's status callbacks reach (PUBLIC_URL) and that
 * starts workflows on the worker's task queue.
 */
export async function startSwitchboardWithApi(options: { twilio: { accountSid: string; authToken: string }; followUps?: Partial<FollowUpEnv> }): Promise<SwitchboardWithApi> {
  const rest = await TwilioRestSimulator.start(options.twilio);
  const apiUrl = `http://127.0.0.1:${await freeLoopbackPort()}`;
  const taskQueue = `api-${randomUUID()}`;
  const sb = await startTestSwitchboard({
    telephony: new TwilioTelephony(createTwilioClient({ ...options.twilio, apiBaseUrl: rest.baseUrl })),
    taskQueue,
    followUps: { PUBLIC_URL: apiUrl, SMS_FOLLOW_UP_DELAY_SECONDS: 0, ...options.followUps },
  });
  // The API reads its settings once, at boot.
  Object.assign(process.env, { TWILIO_AUTH_TOKEN: options.twilio.authToken, PUBLIC_URL: apiUrl, TEMPORAL_TASK_QUEUE: taskQueue });
  const app: INestApplication = await NestFactory.create(AppModule, { logger: false });
  await app.listen(new URL(apiUrl).port, '127.0.0.1');
  return {
    rest,
    sb,
    apiUrl,
    async close() {
      await app.close();
      await sb.shutdown();
      await rest.close();
    },
  };
}
