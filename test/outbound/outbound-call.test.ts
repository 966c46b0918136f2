import { randomUUID } from 'node:crypto';
import { createOutboundCallActivities } from '../../activities/outbound/outbound-call-activities';
import type { OutboundCallResult } from '../../libs/outbound/src';
import type { SmsFollowUpResult } from '../../libs/sms/src/sms-messages';
import { createTwilioClient, TwilioTelephony } from '../../libs/telephony/src/twilio-telephony';
import { AppointmentIdKey, OutcomeKey } from '../../libs/temporal/src/search-attributes';
import { VoicemailBox } from '../../simulators/twilio';
import { eventually } from '../media-edge/support/eventually';
import { createTestTenant, testPhoneNumber, type TestTenant } from '../../simulators/fixtures/fixture-tenant';
import { startWebhookStack, type WebhookStack } from '../support/webhook-stack';
import { testClock } from '../../simulators/fixtures/fixture-clock';
import { bookedCustomer, moveTenant, startReminder, zoneWhereItIsNow } from '../../simulators/fixtures/outbound-fixtures';

const TWILIO = { accountSid: `AC${'0b'.repeat(16)}`, authToken: 'outbound-call-test-auth-token' };
/** One number per story, so no test sees another's attempts or opt-outs. */
const CUSTOMER = {
  voicemail: testPhoneNumber(),
  noAnswer: testPhoneNumber(),
  badNumber: testPhoneNumber(),
  busyAllDay: testPhoneNumber(),
  optedOut: testPhoneNumber(),
  noConsent: testPhoneNumber(),
  night: testPhoneNumber(),
  idempotent: testPhoneNumber(),
  answerLost: testPhoneNumber(),
  requestLost: testPhoneNumber(),
};
const NOT_ALLOW_LISTED = testPhoneNumber();
/** Redials in milliseconds: there is no time-skipping server. */
const QUICK_REDIAL = { extraAttempts: 2, intervalMs: 200 };

describe('outbound reminder calls (real Temporal, PostgreSQL, API, Twilio REST simulator)', () => {
  let stack: WebhookStack;
  let tenant: TestTenant;
  beforeAll(async () => {
    stack = await startWebhookStack(TWILIO, { allowList: Object.values(CUSTOMER), followUps: { CONTACT_ATTEMPTS_PER_DAY: 3 } });
    // Midday where the tenant is: inside its contact hours for the next seven hours.
    tenant = await moveTenant(stack.sb.db, await createTestTenant(stack.sb.db), zoneWhereItIsNow(13));
  });
  afterAll(() => stack.stop());

  const dialsTo = (phone: string) => stack.rest.calls.filter((call) => call.to === phone);
  const reminderOf = async (phone: string, input = {}) => {
    const customer = await bookedCustomer(stack.sb.db, tenant, phone);
    return { customer, handle: await startReminder(stack.sb.client, stack.sb.taskQueue, tenant, customer, input) };
  };

  it('leaves a voicemail after the beep, records the outcome and texts a follow-up', async () => {
    const box = new VoicemailBox({ greetingMs: 500 });
    stack.rest.setCallee(CUSTOMER.voicemail, box.callee());
    const { customer, handle } = await reminderOf(CUSTOMER.voicemail);

    const result: OutboundCallResult = await handle.result();

    expect(result).toMatchObject({ outcome: 'voicemail', attempts: 1, answeredBy: 'machine_end_beep' });
    const [dial] = dialsTo(CUSTOMER.voicemail);
    expect(dial.createParams).toMatchObject({ MachineDetection: 'DetectMessageEnd', AsyncAmd: 'true', Timeout: '25' });
    expect(dial.createParams.StatusCallbackEvent).toEqual(['initiated', 'ringing', 'answered', 'completed']);
    // The message came after the greeting, named the business, the appointment and a number to call, and hung up.
    expect(box.recordings).toEqual([{ callSid: dial.sid, message: expect.stringContaining(tenant.name), hungUp: true }]);
    expect(box.recordings[0].message).toMatch(/Oil change appointment on \w+day, \w+ \d+ at 10:00 AM/);
    expect(box.recordings[0].message).toContain(tenant.phoneNumber.slice(-4).split('').join(' '));
    const attempt = await stack.sb.db.reminderAttempt.findFirstOrThrow({ where: { appointmentId: customer.appointmentId } });
    expect(attempt).toMatchObject({ status: 'voicemail', answeredBy: 'machine_end_beep', callSid: dial.sid, phone: CUSTOMER.voicemail });
    expect(await stack.sb.db.appointment.findUniqueOrThrow({ where: { id: customer.appointmentId } })).toMatchObject({ reminderOutcome: 'voicemail' });
    const description = await handle.describe();
    expect(description.typedSearchAttributes.get(OutcomeKey)).toBe('voicemail');
    expect(description.typedSearchAttributes.get(AppointmentIdKey)).toBe(customer.appointmentId);

    const texts: SmsFollowUpResult = await stack.sb.client.workflow.getHandle(`sms-${handle.workflowId}`).result();
    expect(texts.messages).toEqual([expect.objectContaining({ outcome: 'delivered' })]);
    const [sms] = stack.rest.messages.filter((message) => message.init.to === CUSTOMER.voicemail);
    expect(sms.init.body).toContain('we left you a voicemail');
  });

  it('dials a no-answer again, then gives up after the last attempt', async () => {
    stack.rest.setCallee(CUSTOMER.noAnswer, { outcome: 'no-answer' });
    const { customer, handle } = await reminderOf(CUSTOMER.noAnswer, { redial: QUICK_REDIAL });

    const result: OutboundCallResult = await handle.result();

    expect(result).toMatchObject({ outcome: 'no_answer', attempts: 3 });
    expect(result.callSids).toEqual(dialsTo(CUSTOMER.noAnswer).map((call) => call.sid));
    const attempts = await stack.sb.db.reminderAttempt.findMany({ where: { appointmentId: customer.appointmentId }, orderBy: { attempt: 'asc' } });
    expect(attempts.map((row) => [row.attempt, row.status])).toEqual([[1, 'no_answer'], [2, 'no_answer'], [3, 'no_answer']]);
    expect(await stack.sb.db.appointment.findUniqueOrThrow({ where: { id: customer.appointmentId } })).toMatchObject({ reminderOutcome: 'no_answer' });
  });

  it('does not dial a bad number again', async () => {
    stack.rest.setCallee(CUSTOMER.badNumber, { outcome: 'failed' });
    const { handle } = await reminderOf(CUSTOMER.badNumber, { redial: QUICK_REDIAL });

    expect(await handle.result()).toMatchObject({ outcome: 'failed', attempts: 1 });
    expect(dialsTo(CUSTOMER.badNumber)).toHaveLength(1);
  });

  it('refuses the fourth dial to a number in 24 hours', async () => {
    stack.rest.setCallee(CUSTOMER.busyAllDay, { outcome: 'busy' });
    const { handle } = await reminderOf(CUSTOMER.busyAllDay, { redial: { extraAttempts: 5, intervalMs: 100 } });

    expect(await handle.result()).toMatchObject({ outcome: 'skipped', reason: 'attempt_cap', attempts: 3 });
    expect(dialsTo(CUSTOMER.busyAllDay)).toHaveLength(3);
  });

  it('skips an opted-out number without dialing', async () => {
    await stack.sb.db.optOut.create({ data: { tenantId: tenant.id, phone: CUSTOMER.optedOut, channel: 'voice', source: 'sms_keyword' } });
    const { customer, handle } = await reminderOf(CUSTOMER.optedOut);

    expect(await handle.result()).toMatchObject({ outcome: 'skipped', reason: 'opted_out', attempts: 0 });
    expect(dialsTo(CUSTOMER.optedOut)).toHaveLength(0);
    expect(await stack.sb.db.appointment.findUniqueOrThrow({ where: { id: customer.appointmentId } })).toMatchObject({ reminderOutcome: 'skipped:opted_out' });
  });

  it('skips a number without consent', async () => {
    const customer = await bookedCustomer(stack.sb.db, tenant, CUSTOMER.noConsent, { consent: false });
    const handle = await startReminder(stack.sb.client, stack.sb.taskQueue, tenant, customer);

    expect(await handle.result()).toMatchObject({ outcome: 'skipped', reason: 'no_consent' });
    expect(dialsTo(CUSTOMER.noConsent)).toHaveLength(0);
  });

  it('skips a number that is not allow-listed outside production', async () => {
    const { handle } = await reminderOf(NOT_ALLOW_LISTED);

    expect(await handle.result()).toMatchObject({ outcome: 'skipped', reason: 'not_allow_listed' });
    expect(dialsTo(NOT_ALLOW_LISTED)).toHaveLength(0);
  });

  it('outside contact hours waits on a durable timer for 09:00 and does not dial', async () => {
    const nightOwl = await moveTenant(stack.sb.db, await createTestTenant(stack.sb.db), zoneWhereItIsNow(3));
    const customer = await bookedCustomer(stack.sb.db, nightOwl, CUSTOMER.night);
    const handle = await startReminder(stack.sb.client, stack.sb.taskQueue, nightOwl, customer);

    const timer = await eventually('the contact-hours timer', async () => {
      for await (const event of (await handle.fetchHistory()).events ?? []) {
        if (event.timerStartedEventAttributes) return event;
      }
      return undefined;
    });
    const waitMs = Number(timer.timerStartedEventAttributes!.startToFireTimeout!.seconds);
    // 03:xx local now, so 09:00 local is between five and six hours away.
    expect(waitMs).toBeGreaterThan(5 * 3600 - 60);
    expect(waitMs).toBeLessThanOrEqual(6 * 3600);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    expect(dialsTo(CUSTOMER.night)).toHaveLength(0);
    await handle.terminate('test over');
  });

  const telephony = () => new TwilioTelephony(createTwilioClient({ ...TWILIO, apiBaseUrl: stack.rest.baseUrl }));
  const dialActivities = () => createOutboundCallActivities({ db: stack.sb.db, telephony: telephony(), settings: { publicUrl: stack.apiUrl, smsDelayMs: 0 }, clock: testClock });
  const dialRequest = (to: string) => ({
    attemptKey: `dial-${randomUUID()}:1`,
    workflowId: `dial-${randomUUID()}`,
    tenantId: tenant.id,
    purpose: 'reminder' as const,
    to,
    from: tenant.phoneNumber,
    attempt: 1,
    ringTimeoutSeconds: 25,
  });

  it('dials once per attempt key, however often the dial activity runs', async () => {
    const activities = dialActivities();
    const request = dialRequest(CUSTOMER.idempotent);
    stack.rest.setCallee(CUSTOMER.idempotent, { outcome: 'busy' });

    const first = await activities.dialOutboundCall(request);
    const again = await activities.dialOutboundCall(request);

    expect(first).toEqual({ outcome: 'dialed', callSid: expect.stringMatching(/^CA/) });
    expect(again).toEqual(first);
    expect(dialsTo(CUSTOMER.idempotent)).toHaveLength(1);
  });

  it('a dial retried after its try died mid-request adopts the call Twilio placed, and dials when Twilio has none', async () => {
    const activities = dialActivities();
    /** What a try leaves when it dies while asking Twilio: its attempt row, `dialing`, with no CallSid. */
    const diedWhileDialing = async (request: ReturnType<typeof dialRequest>) => {
      stack.rest.setCallee(request.to, { outcome: 'busy' });
      await stack.sb.db.reminderAttempt.create({
        data: { attemptKey: request.attemptKey, tenantId: tenant.id, purpose: 'reminder', phone: request.to, attempt: 1, status: 'dialing', dialedAt: testClock() },
      });
    };

    const answerLost = dialRequest(CUSTOMER.answerLost);
    await diedWhileDialing(answerLost);
    // Twilio took that try's request; its answer went down with the worker.
    const { sid } = await telephony().placeCall({ to: answerLost.to, from: answerLost.from, url: 'http://127.0.0.1:9/answer' });
    expect(await activities.dialOutboundCall(answerLost)).toEqual({ outcome: 'dialed', callSid: sid });
    expect(dialsTo(CUSTOMER.answerLost)).toHaveLength(1);
    expect(await stack.sb.db.reminderAttempt.findUniqueOrThrow({ where: { attemptKey: answerLost.attemptKey } })).toMatchObject({ status: 'dialed', callSid: sid });

    const requestLost = dialRequest(CUSTOMER.requestLost);
    await diedWhileDialing(requestLost);
    const dialed = await activities.dialOutboundCall(requestLost);
    expect(dialed).toEqual({ outcome: 'dialed', callSid: expect.stringMatching(/^CA/) });
    expect(dialsTo(CUSTOMER.requestLost).map((call) => call.sid)).toEqual([(dialed as { callSid: string }).callSid]);
  });
});
