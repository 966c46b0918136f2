import { WorkflowNotFoundError } from '@temporalio/client';
import fc from 'fast-check';
import { callWorkflowId } from '../../libs/calls/src';
import { callStatusSignal, callStateQuery } from '../../libs/calls/src/call-messages';
import { newCallSid } from '../../libs/calls/src/call-sid';
import { sendSignedWebhook } from '../../simulators/twilio/signed-webhook';
import { createTestTenant, testPhoneNumber, type TestTenant } from '../../simulators/fixtures/fixture-tenant';
import { bookedCustomer, moveTenant, startReminder, zoneWhereItIsNow } from '../../simulators/fixtures/outbound-fixtures';
import { inboundCall } from '../support/call-fixtures';
import { servedRoutes } from '../support/served-routes';
import { startWebhookStack, type WebhookStack } from '../support/webhook-stack';
import { nastyText } from './support/nasty-text';
import { scrapedMetric } from './support/scraped-metric';
import { postForm, signatureFor, twilioForm, type Form } from './support/twilio-forms';

const TWILIO = { accountSid: `AC${'f0'.repeat(16)}`, authToken: 'fuzz-webhooks-auth-token' };
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
/** Every webhook URL names an outbound workflow, as the ones of calls we place do; the others ignore it. */
const QUERY = '?workflowId=fuzz-outbound';
const CALLER = testPhoneNumber();
/** Called by the outbound workflow the replay test leaves waiting for the morning. */
const NIGHT_CUSTOMER = testPhoneNumber();

describe('Twilio webhooks under forged, replayed and fuzzed requests', () => {
  let stack: WebhookStack;
  let tenant: TestTenant;
  /** Every route under /twilio, as the API serves them: a new webhook is covered without touching this file. */
  let webhookPaths: string[];

  beforeAll(async () => {
    stack = await startWebhookStack(TWILIO, { allowList: [NIGHT_CUSTOMER] });
    tenant = await createTestTenant(stack.sb.db);
    webhookPaths = (await servedRoutes('/twilio')).map((route) => {
      expect(route.method).toBe('POST');
      return route.path;
    });
  });
  afterAll(() => stack.stop());

  const url = (path: string) => `${stack.apiUrl}${path}`;
  const signed = (path: string, form: Form) => postForm(url(path), form, signatureFor(TWILIO.authToken, url(path), form));
  const rejected = (reason: string) => scrapedMetric(url('/metrics'), 'switchboard_webhook_rejected_total', { reason });
  const callHandle = (callSid: string) => stack.sb.client.workflow.getHandle(callWorkflowId(callSid));
  const voiceForm = (overrides: Form = {}): Form => ({
    AccountSid: TWILIO.accountSid,
    CallSid: newCallSid(),
    From: CALLER,
    To: tenant.phoneNumber,
    CallStatus: 'ringing',
    Direction: 'inbound',
    ...overrides,
  });
  const workflowExists = (callSid: string) =>
    callHandle(callSid)
      .describe()
      .then(
        () => true,
        (error: unknown) => {
          if (error instanceof WorkflowNotFoundError) return false;
          throw error;
        },
      );

  describe('signatures', () => {
    /** What a forger can send: no signature, garbage, a signature for another token, URL or body. */
    const forgery = (path: string, form: Form) => {
      const target = url(path + QUERY);
      const honest = signatureFor(TWILIO.authToken, target, form);
      return fc.oneof(
        fc.constant({ signature: undefined, form, reason: 'missing_signature' }),
        fc.constant({ signature: '', form, reason: 'missing_signature' }),
        fc.base64String({ minLength: 4, maxLength: 44 }).map((signature) => ({ signature, form, reason: 'invalid_signature' })),
        nastyText()
          .filter((token) => token !== TWILIO.authToken)
          .map((token) => ({ signature: signatureFor(token, target, form), form, reason: 'invalid_signature' })),
        fc
          .oneof(
            fc.constantFrom(...webhookPaths.filter((other) => other !== path)).map((other) => url(other + QUERY)),
            fc.constant(url(path)),
            fc.constant(url(path + QUERY).replace('127.0.0.1', 'localhost')),
            fc.string({ minLength: 1, maxLength: 8 }).map((suffix) => `${target}${encodeURIComponent(suffix)}`),
          )
          .map((otherUrl) => ({ signature: signatureFor(TWILIO.authToken, otherUrl, form), form, reason: 'invalid_signature' })),
        // Signed, then changed: a field added or altered, or one taken away.
        fc
          .tuple(fc.stringMatching(/^[A-Z][A-Za-z]{0,10}$/), nastyText())
          .map(([name, value]) => ({ signature: honest, form: { ...form, [name]: `${form[name] ?? ''}${value}x` }, reason: 'invalid_signature' })),
        ...Object.keys(form).map((name) => {
          const { [name]: _dropped, ...rest } = form;
          return fc.constant({ signature: honest, form: rest, reason: 'invalid_signature' });
        }),
      );
    };

    it('refuses every forged or unsigned request to every webhook with 403, counts it by reason, and acts on none', async () => {
      const cases = fc
        .tuple(fc.constantFrom(...webhookPaths), twilioForm(tenant.phoneNumber))
        .chain(([path, form]) => forgery(path, form).map((forged) => ({ path, ...forged })));
      await fc.assert(
        fc.asyncProperty(cases, async ({ path, signature, form, reason }) => {
          const before = await rejected(reason);

          const response = await postForm(url(path + QUERY), form, signature);

          expect(response.status).toBe(403);
          expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
          expect(await response.text()).toBe(reason === 'missing_signature' ? 'Missing X-Twilio-Signature header' : 'Invalid X-Twilio-Signature');
          expect(await rejected(reason)).toBe(before + 1);
          if (path === '/twilio/voice' && /^CA[0-9a-f]{32}$/.test(form.CallSid ?? '')) expect(await workflowExists(form.CallSid)).toBe(false);
        }),
        { numRuns: 150 },
      );
    });
  });

  describe('fuzzed bodies, signed correctly', () => {
    it('answers any body with TwiML, 204 or a 400 that names each bad field; never a 5xx; a neighbour call is untouched', async () => {
      const neighbour = voiceForm();
      expect((await signed('/twilio/voice', neighbour)).status).toBe(200);
      const neighbourBefore = await callHandle(neighbour.CallSid).query(callStateQuery);
      const refusedBefore = await rejected('invalid_signature');

      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...webhookPaths), twilioForm(tenant.phoneNumber), async (path, form) => {
          const response = await sendSignedWebhook({ url: url(path + QUERY), params: form, authToken: TWILIO.authToken });

          expect([200, 204, 400]).toContain(response.status);
          if (response.status === 200) {
            expect(response.contentType).toMatch(/^text\/xml/);
            expect(response.body.startsWith(`${XML_DECLARATION}<Response`)).toBe(true);
          }
          if (response.status === 400) {
            expect(response.contentType).toMatch(/^text\/plain/);
            for (const line of response.body.split('\n')) expect(line).toMatch(/^[A-Za-z][\w.]*: \S/);
          }
        }),
        { numRuns: 200 },
      );

      expect(await rejected('invalid_signature')).toBe(refusedBefore);
      const neighbourAfter = await callHandle(neighbour.CallSid).query(callStateQuery);
      expect(neighbourAfter).toEqual(neighbourBefore);
      expect((await callHandle(neighbour.CallSid).describe()).status.name).toBe('RUNNING');
    });
  });

  /**
   * Twilio signs URL and parameters but no time, so a captured request
   * verifies forever. We do not try to tell a replay from Twilio's own retry
   * (same bytes, same I-Twilio-Idempotency-Token): every webhook is handled
   * idempotently, so a byte-identical replay changes nothing.
   */
  describe('byte-identical replays', () => {
    /** A request exactly as Twilio sent it, to send again later. */
    const capture = (path: string, form: Form) => {
      const headers = { 'i-twilio-idempotency-token': `${Date.now()}-${Math.random()}`, 'user-agent': 'TwilioProxy/1.1' };
      const signature = signatureFor(TWILIO.authToken, url(path), form);
      return () => postForm(url(path), form, signature, headers);
    };
    const withoutToken = (twiml: string) => twiml.replace(/<Parameter name="token" value="[^"]*"\/>/, '');

    it('voice: a replay during the call attaches to the same run and changes nothing; after the call it hangs up and starts nothing', async () => {
      const form = voiceForm();
      const voice = capture('/twilio/voice', form);
      const first = await (await voice()).text();
      const handle = callHandle(form.CallSid);
      const { runId } = await handle.describe();
      const state = await handle.query(callStateQuery);

      const replay = await voice();

      expect(replay.status).toBe(200);
      expect(withoutToken(await replay.text())).toBe(withoutToken(first));
      expect(await handle.describe()).toMatchObject({ runId, status: { name: 'RUNNING' } });
      expect(await handle.query(callStateQuery)).toEqual(state);
      const { events } = await handle.fetchHistory();
      expect(events?.filter((event) => event.workflowExecutionSignaledEventAttributes)).toEqual([]);

      expect((await signed('/twilio/status', { CallSid: form.CallSid, CallStatus: 'completed' })).status).toBe(204);
      await handle.result();
      const late = await voice();
      expect(await late.text()).toBe(`${XML_DECLARATION}<Response><Hangup/></Response>`);
      expect(await handle.describe()).toMatchObject({ runId, status: { name: 'COMPLETED' } });
    });

    it('status: a replayed callback leaves the call as it was, before and after the call ended', async () => {
      const form = voiceForm();
      await signed('/twilio/voice', form);
      const handle = callHandle(form.CallSid);
      const answered = capture('/twilio/status', { CallSid: form.CallSid, CallStatus: 'in-progress', SequenceNumber: '1' });
      expect((await answered()).status).toBe(204);
      const state = await handle.query(callStateQuery);

      expect((await answered()).status).toBe(204);
      expect(await handle.query(callStateQuery)).toEqual(state);

      const completed = capture('/twilio/status', { CallSid: form.CallSid, CallStatus: 'completed', CallDuration: '12', SequenceNumber: '2' });
      expect((await completed()).status).toBe(204);
      await handle.result();
      const ending = { select: { endedAt: true, status: true } };
      const ended = await stack.sb.db.call.findUniqueOrThrow({ where: { callSid: form.CallSid }, ...ending });
      expect([(await answered()).status, (await completed()).status]).toEqual([204, 204]);
      expect(await stack.sb.db.call.findUniqueOrThrow({ where: { callSid: form.CallSid }, ...ending })).toEqual(ended);
      expect(await handle.describe()).toMatchObject({ status: { name: 'COMPLETED' } });
    });

    it('sms: a replayed STOP after a later START does not opt the customer out again, and stores nothing twice', async () => {
      const phone = testPhoneNumber();
      const text = (body: string) => ({ MessageSid: `SM${newCallSid().slice(2)}`, AccountSid: TWILIO.accountSid, From: phone, To: tenant.phoneNumber, Body: body });
      const stopForm = text('STOP');
      const stop = capture('/twilio/sms', stopForm);
      expect((await stop()).status).toBe(200);
      expect(await stack.sb.db.optOut.count({ where: { tenantId: tenant.id, phone } })).toBeGreaterThan(0);
      expect((await signed('/twilio/sms', text('START'))).status).toBe(200);
      const optOutsAfterStart = await stack.sb.db.optOut.findMany({ where: { tenantId: tenant.id, phone } });

      const replay = await stop();

      expect(replay.status).toBe(200);
      expect(await replay.text()).toBe(`${XML_DECLARATION}<Response/>`);
      expect(await stack.sb.db.optOut.findMany({ where: { tenantId: tenant.id, phone } })).toEqual(optOutsAfterStart);
      expect(await stack.sb.db.smsMessage.count({ where: { providerSid: stopForm.MessageSid } })).toBe(1);
    });

    it('voicemail: a replay is thanked the same way and stores nothing', async () => {
      const voicemail = capture('/twilio/voicemail', {
        CallSid: newCallSid(),
        From: CALLER,
        To: tenant.phoneNumber,
        RecordingUrl: `https://api.twilio.com/2010-04-01/Accounts/${TWILIO.accountSid}/Recordings/RE${'3'.repeat(32)}`,
        RecordingDuration: '9',
      });
      const first = await (await voicemail()).text();

      expect(await (await voicemail()).text()).toBe(first);
    });

    it('outbound answer: a replay after the call ended hangs up (it was a 500) and starts nothing', async () => {
      // An outbound workflow that stays running: it is night where the business is, so it waits to dial.
      const nightOwl = await moveTenant(stack.sb.db, await createTestTenant(stack.sb.db), zoneWhereItIsNow(2));
      const customer = await bookedCustomer(stack.sb.db, nightOwl, NIGHT_CUSTOMER);
      const outbound = await startReminder(stack.sb.client, stack.sb.taskQueue, nightOwl, customer);
      const ended = inboundCall(nightOwl.id, nightOwl, customer.phone);
      const call = await stack.sb.calls.startOrAttach(ended);
      await call.signal(callStatusSignal, { status: 'completed', at: new Date().toISOString() });
      await call.result();
      const { runId } = await call.describe();
      const path = `/twilio/outbound/answer?workflowId=${outbound.workflowId}`;

      const replay = await signed(path, { CallSid: ended.callSid, From: nightOwl.phoneNumber, To: customer.phone, Direction: 'outbound-api' });

      expect(replay.status).toBe(200);
      expect(await replay.text()).toBe(`${XML_DECLARATION}<Response><Hangup/></Response>`);
      expect(await call.describe()).toMatchObject({ runId, status: { name: 'COMPLETED' } });
      await outbound.terminate('test over');
    });
  });
});
