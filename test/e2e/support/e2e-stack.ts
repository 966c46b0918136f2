import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createApiApp } from '../../../apps/api/src/api-app';
import { startMediaEdge, type MediaEdge } from '../../../apps/media-edge/src/server';
import { freeLoopbackPort } from '../../../libs/infra/src/app-process';
import { createLogger } from '../../../libs/logging/src/logger';
import { OpenAIRealtime } from '../../../libs/realtime/src/openai/openai-realtime';
import { createTwilioClient, TwilioTelephony } from '../../../libs/telephony/src/twilio-telephony';
import { playScript, RealtimeSimulator, type ConversationScript, type PlanFactory, type SpeechTiming } from '../../../simulators/realtime';
import { PhoneSimulator, TwilioRestSimulator, type PhoneCall } from '../../../simulators/twilio';
import type { DemoConversation } from '../../../simulators/scripts/demo-conversations';
import { startTestSwitchboard, type TestSwitchboard } from '../../support/switchboard-worker';

const TWILIO = { accountSid: `AC${'e2'.repeat(16)}`, authToken: 'e2e-auth-token' };
/** What the API believes its public URL is (as behind a proxy); webhooks are signed over it. */
const PUBLIC_URL = 'https://switchboard.example.com';

type Caller = Pick<DemoConversation, 'callerNumber' | 'tenant'>;
type DialOptions = Parameters<PhoneSimulator['dial']>[0];

/**
 * Every Switchboard process for one test file, in-process but over real
 * sockets: the NestJS API, the media-edge, a worker whose telephony is the
 * real Twilio adapter pointed at the REST simulator, and the Realtime
 * simulator playing a script. Callers are PhoneSimulator calls.
 */
export interface E2EStack {
  sb: TestSwitchboard;
  rest: TwilioRestSimulator;
  realtime: RealtimeSimulator;
  mediaEdge: MediaEdge;
  apiUrl: string;
  /** Dials through the signed voice webhook and returns the live Media Streams call. */
  dial(conversation: Caller): Promise<PhoneCall>;
  /** What `dial` sends, for tests that change a part of it. */
  dialOptions(conversation: Caller): DialOptions;
  phone: PhoneSimulator;
  stop(): Promise<void>;
}

export interface E2EStackOptions {
  /**
   * Calls we place go to these numbers (the non-production allow-list). The
   * API's own address is then its public URL, so the REST simulator reaches
   * it with the outbound call's TwiML request, statuses and AMD verdicts.
   */
  outboundAllowList?: string[];
  /** The simulated model of every call instead of the script, e.g. `genericAgent` for whatever a browser's microphone says. */
  plan?: PlanFactory;
}

export async function startE2EStack(script: ConversationScript, realtimeTiming?: Partial<SpeechTiming>, options: E2EStackOptions = {}): Promise<E2EStack> {
  const taskQueue = `e2e-${randomUUID()}`;
  const rest = await TwilioRestSimulator.start(TWILIO);
  const telephony = new TwilioTelephony(createTwilioClient({ ...TWILIO, apiBaseUrl: rest.baseUrl }));
  const apiPort = await freeLoopbackPort();
  const publicUrl = options.outboundAllowList ? `http://127.0.0.1:${apiPort}` : PUBLIC_URL;
  const followUps = options.outboundAllowList && { PUBLIC_URL: publicUrl, OUTBOUND_ALLOW_LIST: options.outboundAllowList.join(','), SMS_FOLLOW_UP_DELAY_SECONDS: 0 };
  const sb = await startTestSwitchboard({ telephony, taskQueue, followUps });
  const realtime = await RealtimeSimulator.start({ plan: options.plan ?? playScript(script), timing: realtimeTiming });
  const mediaEdge = await startMediaEdge({
    port: 0,
    host: '127.0.0.1',
    calls: sb.calls,
    db: sb.db,
    realtime: new OpenAIRealtime({ url: realtime.url, apiKey: realtime.apiKey, model: 'gpt-realtime' }),
    streamTokenSecret: process.env.STREAM_TOKEN_SECRET!,
    recordingsDir: '.cache/test/recordings',
    logger: createLogger('media-edge', 'silent'),
  });

  // The API reads its settings from the environment once, at boot.
  Object.assign(process.env, {
    TWILIO_ACCOUNT_SID: TWILIO.accountSid,
    TWILIO_AUTH_TOKEN: TWILIO.authToken,
    TEMPORAL_TASK_QUEUE: taskQueue,
    MEDIA_STREAM_URL: `${mediaEdge.url}/media`,
    BROWSER_STREAM_URL: `${mediaEdge.url}/browser`,
    PUBLIC_URL: publicUrl,
  });
  const api: INestApplication = await createApiApp({ logger: false });
  await api.listen(apiPort, '127.0.0.1');
  const apiUrl = await api.getUrl();
  const phone = new PhoneSimulator();
  const dialOptions = (conversation: Caller): DialOptions => ({
    apiBaseUrl: apiUrl,
    publicUrl,
    accountSid: TWILIO.accountSid,
    authToken: TWILIO.authToken,
    from: conversation.callerNumber,
    to: conversation.tenant.phoneNumber,
    rest,
  });

  return {
    sb,
    rest,
    realtime,
    mediaEdge,
    apiUrl,
    phone,
    dialOptions,
    dial: (conversation) => phone.dialIntoStream(dialOptions(conversation)),
    async stop() {
      await phone.hangUpAll();
      await api.close();
      await mediaEdge.close();
      await realtime.close();
      await sb.shutdown();
      await rest.close();
    },
  };
}

/** Resolves once the simulated model generated a whole response that starts with `prefix`, and the caller heard all of it. */
export async function untilSpoken(stack: E2EStack, call: PhoneCall, prefix: string): Promise<void> {
  await call.waitUntil(() =>
    stack.realtime.sessions.some((s) => s.responses.some((r) => r.speechText?.startsWith(prefix) && r.status === 'completed')),
  );
  await call.waitForAgentSilence();
}

