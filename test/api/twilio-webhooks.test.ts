import { randomInt } from 'node:crypto';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { Logger, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import twilio from 'twilio';
import { AppModule } from '../../apps/api/src/app.module';
import { createApiApp, useBodyParsers } from '../../apps/api/src/api-app';
import { agentlessCalls } from '../../apps/api/src/twilio/agentless-calls.metric';
import { lostStreams } from '../../apps/api/src/twilio/lost-streams.metric';
import { CALL_START_TIMEOUT_MS } from '../../apps/api/src/twilio/voice.service';
import { createSwitchboardWorker, type SwitchboardWorker } from '../../apps/worker/src/worker';
import { callWorkflowId, STREAM_LOST_NOTE, type CallWorkflow } from '../../libs/calls/src';
import { callStateQuery, callStatusSignal, transcriptTurnSignal } from '../../libs/calls/src/call-messages';
import { newCallSid } from '../../libs/calls/src/call-sid';
import { verifyStreamToken } from '../../libs/stream-token/src/stream-token';
import { CallsClient } from '../../libs/temporal/src/calls-client';
import { CALLS_TASK_QUEUE } from '../../libs/temporal/src/task-queues';
import { AUTO_SHOP, HOTEL, KNOWN } from '../../prisma/seed/demo-data';
import { tenantIdOf, turn } from '../support/call-fixtures';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard-worker';
import { issueKey } from './support/api-keys';
import { restClient } from './support/rest-client';

const AUTH_TOKEN = 'twilio-webhooks-test-auth-token';
/** What Twilio calls: a proxy in front of the API, not the address the API listens on. */
const PUBLIC_URL = 'https://switchboard.example.test';
const MEDIA_STREAM_URL = 'wss://media.switchboard.example.test/media';
const CALLER = KNOWN.autoShop.customer.phone;
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

type Form = Record<string, string>;

/** A voice webhook as Twilio sends it, extra fields included (they are signed too). */
function voiceWebhook(overrides: Form = {}): Form {
  return {
    AccountSid: `AC${'1'.repeat(32)}`,
    ApiVersion: '2010-04-01',
    CallSid: newCallSid(),
    From: CALLER,
    Caller: CALLER,
    FromCity: 'AUSTIN',
    To: AUTO_SHOP.phoneNumber,
    Called: AUTO_SHOP.phoneNumber,
    CallStatus: 'ringing',
    Direction: 'inbound',
    ...overrides,
  };
}

const signatureFor = (url: string, form: Form) => twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, form);

function postForm(url: string, form: Form, signature?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (signature !== undefined) headers['x-twilio-signature'] = signature;
  return fetch(url, { method: 'POST', headers, body: new URLSearchParams(form) });
}

/** Posts to the API at `apiUrl`, signed the way Twilio signs it: over PUBLIC_URL + path. */
const postSigned = (apiUrl: string, path: string, form: Form) => postForm(apiUrl + path, form, signatureFor(PUBLIC_URL + path, form));

function streamParameter(twiml: string, name: string): string {
  const match = new RegExp(`<Parameter name="${name}" value="([^"]*)"/>`).exec(twiml);
  if (!match?.[1]) throw new Error(`no <Parameter name="${name}"> in ${twiml}`);
  return match[1];
}

async function agentlessCount(answer: 'dial' | 'voicemail'): Promise<number> {
  return (await agentlessCalls.get()).values.find((value) => value.labels.answer === answer)?.value ?? 0;
}

async function lostStreamCount(answer: 'dial' | 'voicemail'): Promise<number> {
  return (await lostStreams.get()).values.find((value) => value.labels.answer === answer)?.value ?? 0;
}

async function listen(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  return app.getUrl();
}

describe('Twilio webhooks over real HTTP', () => {
  let sb: TestSwitchboard;
  let nativeConnection: NativeConnection;
  let apiQueueWorker: SwitchboardWorker;
  let apiQueueWorkerRun: Promise<void>;
  let app: INestApplication;
  let apiUrl: string;
  let autoShopId: string;

  beforeAll(async () => {
    process.env.TWILIO_AUTH_TOKEN = AUTH_TOKEN;
    process.env.PUBLIC_URL = PUBLIC_URL;
    process.env.MEDIA_STREAM_URL = MEDIA_STREAM_URL;
    sb = await startTestSwitchboard();
    // The API's CallsClient starts calls on the default task queue: a worker must poll it.
    nativeConnection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS });
    apiQueueWorker = await createSwitchboardWorker({
      env: { TEMPORAL_NAMESPACE: 'default', SUMMARY_MODEL: 'local', REALTIME_MODEL: 'gpt-realtime' },
      connection: nativeConnection,
      db: sb.db,
      tenantProfiles: sb.tenantProfiles,
      workflowBundlePath: process.env.WORKFLOW_BUNDLE_PATH,
      taskQueue: CALLS_TASK_QUEUE,
    });
    apiQueueWorkerRun = apiQueueWorker.run();
    app = await createApiApp({ logger: false });
    apiUrl = await listen(app);
    autoShopId = await tenantIdOf(sb.db, AUTO_SHOP);
  });
  afterAll(async () => {
    await app.close();
    apiQueueWorker.shutdown();
    await apiQueueWorkerRun;
    await nativeConnection.close();
    await sb.shutdown();
  });

  describe('voice webhook', () => {
    it('starts the call workflow and connects the call to the media-edge with a stream token for that call', async () => {
      const form = voiceWebhook();
      const response = await postSigned(apiUrl, '/twilio/voice', form);

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
      const twiml = await response.text();
      const token = streamParameter(twiml, 'token');
      expect(twiml).toBe(
        `${XML_DECLARATION}<Response><Connect action="${PUBLIC_URL}/twilio/stream-ended" method="POST"><Stream url="${MEDIA_STREAM_URL}" name="switchboard">` +
          `<Parameter name="token" value="${token}"/><Parameter name="tenantId" value="${autoShopId}"/>` +
          `<Parameter name="callerNumber" value="${CALLER}"/></Stream></Connect></Response>`,
      );
      const secret = process.env.STREAM_TOKEN_SECRET ?? '';
      expect(verifyStreamToken(token, secret, form.CallSid)).toMatchObject({
        ok: true,
        claims: { callSid: form.CallSid, tenantId: autoShopId, callerNumber: CALLER },
      });
      expect(verifyStreamToken(token, secret, newCallSid())).toEqual({ ok: false, reason: 'wrong_call' });

      const description = await sb.client.workflow.getHandle(callWorkflowId(form.CallSid)).describe();
      expect(description.status.name).toBe('RUNNING');
      expect(description.taskQueue).toBe(CALLS_TASK_QUEUE);
    });

    it('answers a retried webhook the same way and attaches to the same workflow run', async () => {
      const form = voiceWebhook();
      const first = await (await postSigned(apiUrl, '/twilio/voice', form)).text();
      const handle = sb.client.workflow.getHandle(callWorkflowId(form.CallSid));
      const { runId } = await handle.describe();

      const retry = await postSigned(apiUrl, '/twilio/voice', form);

      expect(retry.status).toBe(200);
      const second = await retry.text();
      const withoutToken = (twiml: string) => twiml.replace(streamParameter(twiml, 'token'), '<token>');
      expect(withoutToken(second)).toBe(withoutToken(first));
      expect(verifyStreamToken(streamParameter(second, 'token'), process.env.STREAM_TOKEN_SECRET ?? '', form.CallSid).ok).toBe(true);
      const afterRetry = await handle.describe();
      expect(afterRetry.runId).toBe(runId);
      expect(afterRetry.status.name).toBe('RUNNING');
    });

    it("dials the business's own number, with no agent and no workflow, once the tenant switches its AI off by REST", async () => {
      const hotel = restClient(apiUrl, await issueKey(sb.db, HOTEL));
      expect((await hotel.patch('/v1/agent-config', { aiEnabled: false })).status).toBe(200);
      const form = voiceWebhook({ To: HOTEL.phoneNumber, Called: HOTEL.phoneNumber });

      const response = await postSigned(apiUrl, '/twilio/voice', form);

      expect(response.status).toBe(200);
      expect(await response.text()).toBe(`${XML_DECLARATION}<Response><Dial answerOnBridge="true">${HOTEL.transferNumbers.primary}</Dial></Response>`);
      await expect(sb.client.workflow.getHandle(callWorkflowId(form.CallSid)).describe()).rejects.toThrow(WorkflowNotFoundError);
    });

    it('politely hangs up on a call to a number that is not in service', async () => {
      const response = await postSigned(apiUrl, '/twilio/voice', voiceWebhook({ To: '+15005559999' }));

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
      expect(await response.text()).toMatch(
        new RegExp(`^${escapeRegExp(XML_DECLARATION)}<Response><Say>Sorry, this number is not in service[^<]*</Say><Hangup/></Response>$`),
      );
    });

    it('rejects a malformed body with the reasons', async () => {
      const form = voiceWebhook({ CallSid: 'CA123', Direction: 'outbound-api' });
      delete form.From;

      const response = await postSigned(apiUrl, '/twilio/voice', form);

      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      const reasons = (await response.text()).split('\n');
      expect(reasons).toEqual([
        'CallSid: expected a CallSid: CA followed by 32 hex digits',
        expect.stringMatching(/^From: /),
        'Direction: this endpoint answers inbound calls only',
      ]);
    });
  });

  describe('signature check', () => {
    it('refuses a wrong signature with 403 and a plain-text reason', async () => {
      const form = voiceWebhook();
      const response = await postForm(`${apiUrl}/twilio/voice`, form, signatureFor(`${PUBLIC_URL}/twilio/voice`, { ...form, To: '+15005550002' }));

      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await response.text()).toBe('Invalid X-Twilio-Signature');
    });

    it('refuses a request without a signature', async () => {
      const response = await postForm(`${apiUrl}/twilio/voice`, voiceWebhook());

      expect(response.status).toBe(403);
      expect(await response.text()).toBe('Missing X-Twilio-Signature header');
    });

    it('checks the signature over PUBLIC_URL, not the address the API listens on', async () => {
      const form = voiceWebhook();
      const response = await postForm(`${apiUrl}/twilio/voice`, form, signatureFor(`${apiUrl}/twilio/voice`, form));

      expect(response.status).toBe(403);
    });

    it('guards the status, stream-ended and voicemail webhooks too', async () => {
      const status = await postForm(`${apiUrl}/twilio/status`, { CallSid: newCallSid(), CallStatus: 'completed' });
      const streamEnded = await postForm(`${apiUrl}/twilio/stream-ended`, voiceWebhook({ CallStatus: 'in-progress' }));
      const voicemail = await postForm(`${apiUrl}/twilio/voicemail`, { CallSid: newCallSid(), RecordingUrl: 'https://api.twilio.com/r', RecordingDuration: '3' });

      expect([status.status, streamEnded.status, voicemail.status]).toEqual([403, 403, 403]);
    });

    it('refuses every webhook with 500 when TWILIO_AUTH_TOKEN is not set', async () => {
      delete process.env.TWILIO_AUTH_TOKEN;
      const unconfigured = await createApiApp({ logger: false }).finally(() => {
        process.env.TWILIO_AUTH_TOKEN = AUTH_TOKEN;
      });
      try {
        const response = await postSigned(await listen(unconfigured), '/twilio/voice', voiceWebhook());

        expect(response.status).toBe(500);
        expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
        expect(await response.text()).toBe('Twilio auth token not configured');
      } finally {
        await unconfigured.close();
      }
    });
  });

  describe('status callback', () => {
    it('ends the call on `completed`; a late retry of the voice webhook then hangs up', async () => {
      const form = voiceWebhook();
      await postSigned(apiUrl, '/twilio/voice', form);
      const handle = sb.client.workflow.getHandle(callWorkflowId(form.CallSid));

      const status = await postSigned(apiUrl, '/twilio/status?leg=main', {
        ...form,
        CallStatus: 'completed',
        CallDuration: '42',
        Timestamp: new Date().toUTCString(),
        SequenceNumber: '3',
        CallbackSource: 'call-progress-events',
      });

      expect(status.status).toBe(204);
      expect(await status.text()).toBe('');
      expect(await handle.result()).toMatchObject({ callSid: form.CallSid });
      const lateRetry = await postSigned(apiUrl, '/twilio/voice', form);
      expect(lateRetry.status).toBe(200);
      expect(await lateRetry.text()).toBe(`${XML_DECLARATION}<Response><Hangup/></Response>`);
      const lateStatus = await postSigned(apiUrl, '/twilio/status', { CallSid: form.CallSid, CallStatus: 'completed' });
      expect(lateStatus.status).toBe(204);
    });

    it('answers 204 for a call it has never seen', async () => {
      const response = await postSigned(apiUrl, '/twilio/status', { CallSid: newCallSid(), CallStatus: 'completed', CallDuration: '5' });

      expect(response.status).toBe(204);
    });

    it('rejects a malformed status callback with the reasons', async () => {
      const response = await postSigned(apiUrl, '/twilio/status', { CallSid: newCallSid(), CallStatus: 'exploded', Timestamp: 'soon' });

      expect(response.status).toBe(400);
      expect((await response.text()).split('\n')).toEqual([expect.stringMatching(/^CallStatus: /), 'Timestamp: expected a date']);
    });
  });

  describe('stream-ended webhook (<Connect action>)', () => {
    const startCall = async () => {
      const form = voiceWebhook();
      await postSigned(apiUrl, '/twilio/voice', form);
      return { form, handle: sb.client.workflow.getHandle<CallWorkflow>(callWorkflowId(form.CallSid)) };
    };
    const streamEnded = (form: Form) => postSigned(apiUrl, '/twilio/stream-ended', { ...form, CallStatus: 'in-progress' });

    it('hangs up after the agent ended the call, and leaves the rest to the media-edge', async () => {
      const { form, handle } = await startCall();
      const calls = new CallsClient(sb.client, CALLS_TASK_QUEUE);
      expect(await calls.runTool(form.CallSid, `call_end_${form.CallSid}`, 'end_call', { reason: 'caller is done' })).toMatchObject({ ok: true });

      const response = await streamEnded(form);

      expect(response.status).toBe(200);
      expect(await response.text()).toBe(`${XML_DECLARATION}<Response><Hangup/></Response>`);
      expect(await handle.query(callStateQuery)).toMatchObject({ phase: 'in_progress', recentTurns: [] });
      await handle.signal(callStatusSignal, { status: 'completed', at: new Date().toISOString() });
      await handle.result();
    });

    it("records a lost stream in the transcript, wraps the call up and dials the tenant's primary number, counted; a retry changes nothing", async () => {
      const { form, handle } = await startCall();
      await handle.signal(transcriptTurnSignal, turn('caller', 'My brakes squeak.'));
      const countBefore = await lostStreamCount('dial');

      const response = await streamEnded(form);

      expect(response.status).toBe(200);
      const fallback = await response.text();
      expect(fallback).toMatch(
        new RegExp(`^${escapeRegExp(XML_DECLARATION)}<Response><Say>Sorry[^<]+</Say><Dial answerOnBridge="true">${escapeRegExp(AUTO_SHOP.transferNumbers.primary)}</Dial></Response>$`),
      );
      expect(await lostStreamCount('dial')).toBe(countBefore + 1);
      expect((await handle.result()).summary).toBeDefined();
      const turns = await sb.db.callTurn.findMany({ where: { callSid: form.CallSid }, orderBy: { seq: 'asc' } });
      expect(turns.map((row) => [row.role, row.text])).toEqual([
        ['CALLER', 'My brakes squeak.'],
        ['SYSTEM', STREAM_LOST_NOTE],
      ]);
      expect(await (await streamEnded(form)).text()).toBe(fallback);
    });
  });

  it('thanks the caller for a voicemail and hangs up', async () => {
    const response = await postSigned(apiUrl, '/twilio/voicemail', {
      CallSid: newCallSid(),
      From: CALLER,
      To: AUTO_SHOP.phoneNumber,
      RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/AC${'1'.repeat(32)}/Recordings/RE${'2'.repeat(32)}`,
      RecordingDuration: '17',
      RecordingSid: `RE${'2'.repeat(32)}`,
    });

    expect(response.status).toBe(200);
    expect(await response.text()).toBe(`${XML_DECLARATION}<Response><Say>Thank you, goodbye.</Say><Hangup/></Response>`);
  });

  describe('when Temporal does not answer', () => {
    let silentTemporal: SilentServer;
    let degradedApp: INestApplication;
    let degradedUrl: string;
    let noPrimaryNumber: string;

    beforeAll(async () => {
      silentTemporal = await startSilentServer();
      const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
        .overrideProvider(Client)
        .useValue(new Client({ connection: Connection.lazy({ address: silentTemporal.address }) }))
        .overrideProvider(CALL_START_TIMEOUT_MS)
        .useValue(300)
        .compile();
      degradedApp = moduleRef.createNestApplication({ logger: false });
      useBodyParsers(degradedApp);
      degradedUrl = await listen(degradedApp);

      noPrimaryNumber = `+1555${randomInt(1_000_000, 9_999_999)}`;
      await sb.db.tenant.create({
        data: {
          slug: `no-primary-${noPrimaryNumber.slice(1)}`,
          name: 'Nobody Home Plumbing',
          vertical: 'ROOFING',
          address: '1 Main St, Austin, TX 78701',
          phoneNumbers: { create: { e164: noPrimaryNumber } },
          agentConfig: {
            create: {
              agentName: 'Ava',
              brand: 'Nobody Home Plumbing',
              greetingTemplate: 'Thanks for calling {brand}.',
              instructions: 'Take messages.',
              timeZone: 'America/Chicago',
              businessHours: {},
              transferNumbers: {},
              toolPacks: ['core'],
            },
          },
        },
      });
    });
    afterAll(async () => {
      await degradedApp.close();
      await silentTemporal.close();
      await sb.db.tenant.deleteMany({ where: { phoneNumbers: { some: { e164: noPrimaryNumber } } } });
    });

    it("apologizes and dials the tenant's primary number, logged and counted", async () => {
      const errorLog = jest.spyOn(Logger.prototype, 'error');
      const countBefore = await agentlessCount('dial');
      const form = voiceWebhook();
      try {
        const response = await postSigned(degradedUrl, '/twilio/voice', form);

        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
        expect(await response.text()).toMatch(
          new RegExp(
            `^${escapeRegExp(XML_DECLARATION)}<Response><Say>Sorry[^<]+</Say>` +
              `<Dial answerOnBridge="true">${escapeRegExp(AUTO_SHOP.transferNumbers.primary)}</Dial></Response>$`,
          ),
        );
        expect(errorLog).toHaveBeenCalledWith(expect.objectContaining({ callSid: form.CallSid, tenantId: autoShopId }));
        expect(await agentlessCount('dial')).toBe(countBefore + 1);
      } finally {
        errorLog.mockRestore();
      }
    });

    it('hands a caller whose stream ended to a person when the call workflow cannot say how it ended', async () => {
      const response = await postSigned(degradedUrl, '/twilio/stream-ended', voiceWebhook({ CallStatus: 'in-progress' }));

      expect(response.status).toBe(200);
      expect(await response.text()).toMatch(new RegExp(`<Dial answerOnBridge="true">${escapeRegExp(AUTO_SHOP.transferNumbers.primary)}</Dial></Response>$`));
    });

    it('takes a voicemail when the tenant has no primary number', async () => {
      const countBefore = await agentlessCount('voicemail');

      const response = await postSigned(degradedUrl, '/twilio/voice', voiceWebhook({ To: noPrimaryNumber }));

      expect(response.status).toBe(200);
      expect(await response.text()).toMatch(
        new RegExp(
          `^${escapeRegExp(XML_DECLARATION)}<Response><Say>Sorry[^<]+</Say>` +
            `<Record maxLength="120" action="${escapeRegExp(PUBLIC_URL)}/twilio/voicemail" method="POST" playBeep="true"/></Response>$`,
        ),
      );
      expect(await agentlessCount('voicemail')).toBe(countBefore + 1);
    });
  });
});

interface SilentServer {
  address: string;
  close(): Promise<void>;
}

/** Accepts TCP connections and never says a word: a Temporal frontend that hangs. */
async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
