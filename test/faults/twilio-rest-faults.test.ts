import type { OutboundCallResult } from '../../libs/outbound/src';
import { smsFollowUpWorkflowId, type SmsFollowUpResult } from '../../libs/sms/src/sms-messages';
import type { CreateRequestRecord, FaultyCollection } from '../../simulators/twilio';
import { createTestTenant, testPhoneNumber, type TestTenant } from '../../simulators/fixtures/fixture-tenant';
import { bookedCustomer, moveTenant, startReminder, zoneWhereItIsNow } from '../../simulators/fixtures/outbound-fixtures';
import { bookOilChange, placeCall } from '../sms/support/test-calls';
import { startWebhookStack, type WebhookStack } from '../support/webhook-stack';
import { activityAttempts } from '../support/workflow-history';

const TWILIO = { accountSid: `AC${'3'.repeat(32)}`, authToken: 'twilio-rest-faults-test-auth-token' };
/** One number per story: each meets its own faults. */
const CUSTOMER = { dialThrottled: testPhoneNumber(), dialAnswerLost: testPhoneNumber(), textThrottled: testPhoneNumber(), textAnswerLost: testPhoneNumber() };
/** The retry policies' first intervals (workflows/outbound-call.workflow.ts DIAL_OPTIONS, sms-follow-up.workflow.ts SEND_OPTIONS), doubling. */
const DIAL_RETRY_MS = 2_000;
const SEND_RETRY_MS = 5_000;
/** Timer slack: a retry fires at its interval, give or take the server's timer granularity. */
const SLACK_MS = 100;
/** Busy, and no redial: one dial attempt, whatever Twilio's REST API does. */
const ONE_BUSY_DIAL = { redial: { extraAttempts: 0, intervalMs: 0 } };

describe('Twilio REST answers 5xx, 429 or loses its answer for dials and texts (real Temporal, PostgreSQL, API, Twilio REST simulator)', () => {
  let stack: WebhookStack;
  let tenant: TestTenant;
  beforeAll(async () => {
    stack = await startWebhookStack(TWILIO, { allowList: Object.values(CUSTOMER) });
    // Midday where the tenant is: inside its contact hours.
    tenant = await moveTenant(stack.sb.db, await createTestTenant(stack.sb.db), zoneWhereItIsNow(13));
  });
  afterAll(() => stack.stop());

  const createsTo = (collection: FaultyCollection, to: string): CreateRequestRecord[] =>
    stack.rest.createRequests.filter((request) => request.collection === collection && request.to === to);
  const gapsMs = (requests: CreateRequestRecord[]) => requests.slice(1).map((request, index) => request.receivedAt.getTime() - requests[index].receivedAt.getTime());

  it('retries a dial after a 503 and a 429 with backoff, and adopts the call Twilio placed when its answer was lost: one call each', async () => {
    const reminderTo = async (phone: string) => {
      stack.rest.setCallee(phone, { outcome: 'busy' });
      const customer = await bookedCustomer(stack.sb.db, tenant, phone);
      const handle = await startReminder(stack.sb.client, stack.sb.taskQueue, tenant, customer, ONE_BUSY_DIAL);
      return { customer, handle, result: (await handle.result()) as OutboundCallResult };
    };
    stack.rest.failCreates('Calls', [{ status: 503 }, { status: 429, retryAfterSeconds: 1 }], { to: CUSTOMER.dialThrottled });
    stack.rest.failCreates('Calls', ['lost-answer'], { to: CUSTOMER.dialAnswerLost });

    const [throttled, answerLost] = await Promise.all([reminderTo(CUSTOMER.dialThrottled), reminderTo(CUSTOMER.dialAnswerLost)]);

    for (const { customer, result } of [throttled, answerLost]) {
      const dials = stack.rest.calls.filter((call) => call.to === customer.phone);
      expect(dials).toHaveLength(1);
      const [dialed] = dials;
      expect(result).toMatchObject({ outcome: 'busy', attempts: 1, callSids: [dialed.sid] });
      expect(await stack.sb.db.reminderAttempt.findMany({ where: { appointmentId: customer.appointmentId } })).toEqual([
        expect.objectContaining({ status: 'busy', callSid: dialed.sid }),
      ]);
    }
    const throttledTries = createsTo('Calls', CUSTOMER.dialThrottled);
    expect(throttledTries.map((request) => request.answer)).toEqual([503, 429, 201]);
    const [afterUnavailable, afterThrottled] = gapsMs(throttledTries);
    expect(afterUnavailable).toBeGreaterThanOrEqual(DIAL_RETRY_MS - SLACK_MS);
    expect(afterThrottled).toBeGreaterThanOrEqual(2 * DIAL_RETRY_MS - SLACK_MS);
    expect(activityAttempts(await throttled.handle.fetchHistory(), 'dialOutboundCall')).toEqual([3]);
    // Twilio placed the call and its answer was lost: the retry found it in the call list and asked for no other.
    expect(createsTo('Calls', CUSTOMER.dialAnswerLost).map((request) => request.answer)).toEqual(['lost-answer']);
    expect(activityAttempts(await answerLost.handle.fetchHistory(), 'dialOutboundCall')).toEqual([2]);
  });

  it('retries a text after a 429 and a 503 with backoff, and adopts the message Twilio took when its answer was lost: one text each', async () => {
    stack.rest.failCreates('Messages', [{ status: 429 }, { status: 503 }], { to: CUSTOMER.textThrottled });
    stack.rest.failCreates('Messages', ['lost-answer'], { to: CUSTOMER.textAnswerLost });
    const textAfterBooking = async (phone: string) => {
      const { callSid } = await placeCall(stack.sb, tenant, phone, [bookOilChange(tenant)]);
      return (await stack.sb.client.workflow.getHandle(smsFollowUpWorkflowId(callSid)).result()) as SmsFollowUpResult;
    };

    const followUps = await Promise.all([textAfterBooking(CUSTOMER.textThrottled), textAfterBooking(CUSTOMER.textAnswerLost)]);

    for (const [index, phone] of [CUSTOMER.textThrottled, CUSTOMER.textAnswerLost].entries()) {
      const sent = stack.rest.messages.filter((message) => message.init.to === phone);
      expect(sent).toHaveLength(1);
      expect(followUps[index].messages).toEqual([{ messageId: expect.any(String), outcome: 'delivered' }]);
      expect(await stack.sb.db.smsMessage.findUniqueOrThrow({ where: { id: followUps[index].messages[0].messageId } })).toMatchObject({
        status: 'DELIVERED',
        providerSid: sent[0].sid,
      });
    }
    const throttledTries = createsTo('Messages', CUSTOMER.textThrottled);
    expect(throttledTries.map((request) => request.answer)).toEqual([429, 503, 201]);
    const [afterThrottled, afterUnavailable] = gapsMs(throttledTries);
    expect(afterThrottled).toBeGreaterThanOrEqual(SEND_RETRY_MS - SLACK_MS);
    expect(afterUnavailable).toBeGreaterThanOrEqual(2 * SEND_RETRY_MS - SLACK_MS);
    expect(createsTo('Messages', CUSTOMER.textAnswerLost).map((request) => request.answer)).toEqual(['lost-answer']);
  });
});
