import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createApiApp } from '../../apps/api/src/api-app';
import type { FollowUpEnv } from '../../libs/config/src/follow-up-env';
import { freeLoopbackPort } from '../../libs/infra/src/app-process';
import type { SpeechSynthesis } from '../../libs/speech/src/speech-synthesis';
import { createTwilioClient, TwilioTelephony } from '../../libs/telephony/src/twilio-telephony';
import { TwilioRestSimulator } from '../../simulators/twilio';
import { startTestSwitchboard, type TestSwitchboard } from './switchboard-worker';

export interface WebhookStack {
  rest: TwilioRestSimulator;
  sb: TestSwitchboard;
  /** The API's address, which is also its PUBLIC_URL: Twilio's callbacks reach it there. */
  apiUrl: string;
  stop(): Promise<void>;
}

/**
 * The Twilio REST simulator, a worker whose telephony is the real adapter
 * pointed at it, and the real API answering Twilio's signed webhooks on a
 * task queue of the file's own.
 */
export async function startWebhookStack(
  twilio: { accountSid: string; authToken: string },
  options: { allowList: string[]; followUps?: Partial<FollowUpEnv>; speech?: SpeechSynthesis },
): Promise<WebhookStack> {
  const rest = await TwilioRestSimulator.start(twilio);
  const apiUrl = `http://127.0.0.1:${await freeLoopbackPort()}`;
  const taskQueue = `webhooks-${randomUUID()}`;
  const sb = await startTestSwitchboard({
    telephony: new TwilioTelephony(createTwilioClient({ ...twilio, apiBaseUrl: rest.baseUrl })),
    taskQueue,
    speech: options.speech,
    // Texts go out at once: nothing waits on the follow-up delay.
    followUps: { PUBLIC_URL: apiUrl, OUTBOUND_ALLOW_LIST: options.allowList.join(','), SMS_FOLLOW_UP_DELAY_SECONDS: 0, ...options.followUps },
  });
  // The API reads its settings once, at boot: Twilio signs for PUBLIC_URL, workflows start on our queue.
  Object.assign(process.env, { TWILIO_AUTH_TOKEN: twilio.authToken, PUBLIC_URL: apiUrl, TEMPORAL_TASK_QUEUE: taskQueue });
  const app: INestApplication = await createApiApp({ logger: false });
  await app.listen(new URL(apiUrl).port, '127.0.0.1');
  return {
    rest,
    sb,
    apiUrl,
    async stop() {
      await app.close();
      await sb.shutdown();
      await rest.close();
    },
  };
}
