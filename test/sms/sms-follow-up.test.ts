import { randomUUID } from 'node:crypto';
import { createSmsFollowUpActivities } from '../../activities/sms/sms-follow-up-activities';
import { postCallWorkflowId } from '../../libs/calls/src';
import { inboundSmsWorkflowId, smsFollowUpWorkflowId, type SmsFollowUpResult } from '../../libs/sms/src/sms-messages';
import { CallSidKey } from '../../libs/temporal/src/search-attributes';
import { createTwilioClient, TwilioTelephony } from '../../libs/telephony/src/twilio-telephony';
import type { TwilioRestSimulator } from '../../simulators/twilio';
import { testClock } from '../../simulators/fixtures/fixture-clock';
import type { TestSwitchboard } from '../support/switchboard-worker';
import { startWebhookStack, type WebhookStack } from '../support/webhook-stack';
import { replayFailures } from './support/replay';
import { bookOilChange, placeCall } from './support/test-calls';
import { createContactCheckActivities } from '../../activities/consent/contact-check-activities';
import { toolsInPacks } from '../../libs/tools/src';
import { DEMO_TENANTS } from '../../prisma/seed/demo-data';
import { createTestTenant, nextSlot, stayDates, testPhoneNumber, type TestTenant } from '../../simulators/fixtures/fixture-tenant';
import { bookedCustomer, moveTenant, startReminder, zoneWhereItIsNow } from '../../simulators/fixtures/outbound-fixtures';

const TWILIO = { accountSid: `AC${'5'.repeat(32)}`, authToken: 'sms-follow-up-test-auth-token' };
/** One number per story, so no test sees another's opt-outs or attempts. */
const CUSTOMER = {
  stopsThenStarts: testPhoneNumber(),
  saysStopCallingBeforeReminder: testPhoneNumber(),
  stopsBeforeReminder: testPhoneNumber(),
  blockedAtTwilio: testPhoneNumber(),
  busy: testPhoneNumber(),
  texter: testPhoneNumber(),
  advanced: testPhoneNumber(),
  noConsent: testPhoneNumber(),
  capped: testPhoneNumber(),
  replayed: testPhoneNumber(),
  saysStopTexting: testPhoneNumber(),
  saysStopCalling: testPhoneNumber(),
  guest: testPhoneNumber(),
  textAnswerLost: testPhoneNumber(),
  textRequestLost: testPhoneNumber(),
};
const NOT_ALLOW_LISTED = testPhoneNumber();

describe('SMS follow-ups and keywords (real Temporal, PostgreSQL, API, Twilio REST simulator)', () => {
  let stack: WebhookStack;
  let rest: TwilioRestSimulator;
  let sb: TestSwitchboard;
  let apiUrl: string;
  let tenant: TestTenant;

  beforeAll(async () => {
    stack = await startWebhookStack(TWILIO, { allowList: Object.values(CUSTOMER), followUps: { CONTACT_ATTEMPTS_PER_DAY: 3 } });
    ({ rest, sb, apiUrl } = stack);
    tenant = await createTestTenant(sb.db);
  });
  afterAll(() => stack.stop());

  const text = (from: string, body: string, options: { advancedOptOut?: boolean } = {}) =>
    rest.receiveText({ url: `${apiUrl}/twilio/sms`, from, to: tenant.phoneNumber, body, ...options });
  const followUpOf = (callSid: string): Promise<SmsFollowUpResult> => sb.client.workflow.getHandle(smsFollowUpWorkflowId(callSid)).result();
  const sentTo = (phone: string) => rest.messages.filter((message) => message.init.to === phone);
  const refusedTo = (phone: string) => rest.refusedMessages.filter((message) => message.to === phone);
  const optOutsOf = (phone: string) => sb.db.optOut.findMany({ where: { tenantId: tenant.id, phone }, orderBy: { channel: 'asc' } });

  it('sends a booking confirmation after the call and follows it to delivered', async () => {
    const phone = CUSTOMER.busy;
    const { callSid } = await placeCall(sb, tenant, phone, [bookOilChange(tenant)]);

    const followUp = await followUpOf(callSid);

    expect(followUp.messages).toEqual([{ messageId: expect.any(String), outcome: 'delivered' }]);
    const [sent] = sentTo(phone);
    expect(sent.init.from).toBe(tenant.phoneNumber);
    expect(sent.init.body).toMatch(new RegExp(`^${tenant.name}: your Oil change is booked for \\w{3}, \\w{3} \\d+ at \\d+:00 [AP]M at 1 Test Way`));
    expect(sent.init.body).toContain('Reply STOP to opt out.');
    const row = await sb.db.smsMessage.findUniqueOrThrow({ where: { id: followUp.messages[0].messageId } });
    expect(row).toMatchObject({ callSid, status: 'DELIVERED', providerStatus: 'delivered', providerSid: sent.sid, toNumber: phone });
    // Admins find the texts of a call by its CallSid in the Temporal UI.
    const description = await sb.client.workflow.getHandle(smsFollowUpWorkflowId(callSid)).describe();
    expect(description.typedSearchAttributes.get(CallSidKey)).toBe(callSid);
  });

  it('after STOP, a follow-up to that number is skipped and nothing is sent; after START, texts flow again', async () => {
    const phone = CUSTOMER.stopsThenStarts;
    const stop = await text(phone, ' Stop ');
    expect(stop.response?.status).toBe(200);
    expect(stop.replies).toEqual([`${tenant.name}: you are unsubscribed and will get no more texts or reminder calls from us. Reply START to get texts again.`]);
    expect(await optOutsOf(phone)).toMatchObject([{ channel: 'all', source: 'sms_keyword' }]);

    const skipped = await placeCall(sb, tenant, phone, [bookOilChange(tenant)]);
    expect((await followUpOf(skipped.callSid)).messages).toEqual([{ messageId: expect.any(String), outcome: 'skipped', reason: 'opted_out' }]);
    expect(sentTo(phone)).toEqual([]);
    expect(refusedTo(phone)).toEqual([]); // never even asked Twilio
    expect(await sb.db.smsMessage.findFirst({ where: { callSid: skipped.callSid } })).toMatchObject({ status: 'SKIPPED', skipReason: 'opted_out', sentAt: null });

    const start = await text(phone, 'START');
    expect(start.replies).toEqual([`${tenant.name}: you will get appointment texts from us again. Reply STOP to opt out.`]);
    expect(await optOutsOf(phone)).toEqual([]);

    const flowing = await placeCall(sb, tenant, phone, [bookOilChange(tenant)]);
    expect((await followUpOf(flowing.callSid)).messages).toEqual([{ messageId: expect.any(String), outcome: 'delivered' }]);
    expect(sentTo(phone)).toHaveLength(1);
  });

  it('after STOP by text, a reminder to that number is skipped and nothing is dialled or sent; after START it calls again, unless the customer asked on a call not to be called', async () => {
    // A garage inside its contact hours now: a reminder that may call, calls at once.
    const garage = await moveTenant(sb.db, await createTestTenant(sb.db), zoneWhereItIsNow(13));
    const textGarage = (from: string, body: string) => rest.receiveText({ url: `${apiUrl}/twilio/sms`, from, to: garage.phoneNumber, body });
    const dialsTo = (phone: string) => rest.calls.filter((call) => call.to === phone);
    // Each reminder is for an appointment of its own.
    const reminderFor = async (phone: string) =>
      startReminder(sb.client, sb.taskQueue, garage, await bookedCustomer(sb.db, garage, phone), { redial: { extraAttempts: 0, intervalMs: 0 } });

    const stopped = CUSTOMER.stopsBeforeReminder;
    rest.setCallee(stopped, { outcome: 'no-answer' });
    expect((await textGarage(stopped, 'STOP')).response?.status).toBe(200);
    const skipped = await reminderFor(stopped);
    expect(await skipped.result()).toMatchObject({ outcome: 'skipped', reason: 'opted_out', attempts: 0 });
    expect(await sb.db.appointment.findFirstOrThrow({ where: { tenantId: garage.id, contactPhone: stopped } })).toMatchObject({ reminderOutcome: 'skipped:opted_out' });
    expect(dialsTo(stopped)).toEqual([]);
    expect(sentTo(stopped)).toEqual([]);

    expect((await textGarage(stopped, 'START')).response?.status).toBe(200);
    const called = await reminderFor(stopped);
    expect(await called.result()).toMatchObject({ outcome: 'no_answer', attempts: 1 });
    expect(dialsTo(stopped)).toHaveLength(1);
    // The text that follows an unanswered reminder flows again too.
    expect((await followUpOf(called.workflowId)).messages).toMatchObject([{ outcome: 'delivered' }]);

    // "Please stop calling me", said on a call, is not undone by a START text.
    const spoken = CUSTOMER.saysStopCallingBeforeReminder;
    await sb.db.optOut.create({ data: { tenantId: garage.id, phone: spoken, channel: 'voice', source: 'call' } });
    expect((await textGarage(spoken, 'STOP')).response?.status).toBe(200);
    expect((await textGarage(spoken, 'START')).response?.status).toBe(200);
    expect(await sb.db.optOut.findMany({ where: { tenantId: garage.id, phone: spoken }, select: { channel: true, source: true } })).toEqual([{ channel: 'voice', source: 'call' }]);
    expect(await (await reminderFor(spoken)).result()).toMatchObject({ outcome: 'skipped', reason: 'opted_out', attempts: 0 });
    expect(dialsTo(spoken)).toEqual([]);
  });

  it('confirms an opt-out once: a repeated STOP, or one Twilio answered itself (OptOutType), gets no second text', async () => {
    const repeated = CUSTOMER.texter;
    expect((await text(repeated, 'STOP')).replies).toHaveLength(1);
    expect((await text(repeated, 'unsubscribe')).replies).toEqual([]);

    const advanced = CUSTOMER.advanced;
    const viaService = await text(advanced, 'STOP', { advancedOptOut: true });
    expect(viaService.optOutType).toBe('STOP');
    expect(viaService.replies).toEqual([]);
    expect(await optOutsOf(advanced)).toMatchObject([{ channel: 'all', source: 'sms_keyword' }]);
    expect((await text(advanced, 'START', { advancedOptOut: true })).replies).toEqual([]);
    expect(await optOutsOf(advanced)).toEqual([]);
  });

  it('answers HELP with the business name and how to opt out, and stores any other text', async () => {
    const phone = testPhoneNumber();
    const help = await text(phone, 'help');
    expect(help.replies).toHaveLength(1);
    expect(help.replies[0]).toContain(tenant.name);
    expect(help.replies[0]).toContain('Reply STOP to opt out.');

    const question = await text(phone, 'Stop by at 5 instead?');
    expect(question.replies).toEqual([]);
    expect(await optOutsOf(phone)).toEqual([]); // a sentence is not a keyword
    const stored = await sb.db.smsMessage.findMany({ where: { tenantId: tenant.id, fromNumber: phone }, orderBy: { createdAt: 'asc' } });
    expect(stored.map((row) => [row.direction, row.status, row.body, row.providerSid])).toEqual([
      ['INBOUND', 'RECEIVED', 'help', help.messageSid],
      ['INBOUND', 'RECEIVED', 'Stop by at 5 instead?', question.messageSid],
    ]);
  });

  it('handles Twilio 21610 (the number replied STOP to Twilio): the number is opted out and the text is not retried', async () => {
    const phone = CUSTOMER.blockedAtTwilio;
    rest.blockRecipient(phone, tenant.phoneNumber);

    const { callSid } = await placeCall(sb, tenant, phone, [bookOilChange(tenant)]);

    expect((await followUpOf(callSid)).messages).toEqual([{ messageId: expect.any(String), outcome: 'failed', reason: 'twilio_21610' }]);
    expect(refusedTo(phone).map((refusal) => refusal.error.code)).toEqual([21610]);
    expect(sentTo(phone)).toEqual([]);
    expect(await sb.db.smsMessage.findFirst({ where: { callSid } })).toMatchObject({ status: 'FAILED', errorCode: 21610 });
    expect(await optOutsOf(phone)).toMatchObject([{ channel: 'all', source: 'twilio_21610' }]);

    const next = await placeCall(sb, tenant, phone, [bookOilChange(tenant)]);
    expect((await followUpOf(next.callSid)).messages).toMatchObject([{ outcome: 'skipped', reason: 'opted_out' }]);
    expect(refusedTo(phone)).toHaveLength(1);
  });

  it('skips a number that is not on the allow-list (outside production) and one without consent', async () => {
    const stranger = await placeCall(sb, tenant, NOT_ALLOW_LISTED, [bookOilChange(tenant)]);
    expect((await followUpOf(stranger.callSid)).messages).toMatchObject([{ outcome: 'skipped', reason: 'not_allow_listed' }]);

    // Booked by hand before consent was recorded at booking: moving it owes a text, but nobody agreed to one.
    const phone = CUSTOMER.noConsent;
    const startsAt = new Date(Date.now() + 40 * 24 * 3600_000);
    const legacy = await sb.db.appointment.create({
      data: { tenantId: tenant.id, contactName: 'Legacy Customer', contactPhone: phone, serviceName: 'Oil change', startsAt, endsAt: new Date(startsAt.getTime() + 3600_000) },
    });
    const moved = await placeCall(sb, tenant, phone, [{ name: 'reschedule_appointment', args: { appointment_id: legacy.id, new_start: nextSlot(tenant) } }]);
    expect((await followUpOf(moved.callSid)).messages).toMatchObject([{ outcome: 'skipped', reason: 'no_consent' }]);
    expect([...sentTo(NOT_ALLOW_LISTED), ...sentTo(phone)]).toEqual([]);
  });

  it('stops at 3 texts to one number in 24 hours', async () => {
    const phone = CUSTOMER.capped;
    const { callSid } = await placeCall(sb, tenant, phone, [bookOilChange(tenant), bookOilChange(tenant), bookOilChange(tenant), bookOilChange(tenant)]);

    const { messages } = await followUpOf(callSid);

    expect(messages.map((message) => message.outcome)).toEqual(['delivered', 'delivered', 'delivered', 'skipped']);
    expect(messages[3].reason).toBe('attempt_cap');
    expect(sentTo(phone)).toHaveLength(3);
  });

  it('replays fresh runs of the post-call, SMS follow-up and inbound-text workflows', async () => {
    const phone = CUSTOMER.replayed;
    const help = await text(phone, 'HELP');
    const { callSid } = await placeCall(sb, tenant, phone, [bookOilChange(tenant)]);
    expect((await followUpOf(callSid)).messages).toMatchObject([{ outcome: 'delivered' }]);

    expect(await replayFailures(sb, [postCallWorkflowId(callSid), smsFollowUpWorkflowId(callSid), inboundSmsWorkflowId(help.messageSid)])).toEqual([]);
  });

  it('takes a spoken opt-out with the opt_out tool: "stop texting me" blocks texts, "stop calling me" only calls', async () => {
    expect(DEMO_TENANTS.map((demo) => toolsInPacks(demo.toolPacks).some((spec) => spec.name === 'opt_out'))).toEqual([true, true, true, true]);

    const texts = CUSTOMER.saysStopTexting;
    const noTexts = await placeCall(sb, tenant, texts, [bookOilChange(tenant), { name: 'opt_out', args: { channel: 'sms' } }]);
    expect((await followUpOf(noTexts.callSid)).messages).toMatchObject([{ outcome: 'skipped', reason: 'opted_out' }]);
    expect(await optOutsOf(texts)).toMatchObject([{ channel: 'sms', source: 'call' }]);

    const calls = CUSTOMER.saysStopCalling;
    const noCalls = await placeCall(sb, tenant, calls, [bookOilChange(tenant), { name: 'opt_out', args: { channel: 'voice' } }]);
    expect((await followUpOf(noCalls.callSid)).messages).toMatchObject([{ outcome: 'delivered' }]);
    expect(await optOutsOf(calls)).toMatchObject([{ channel: 'voice', source: 'call' }]);
    // The same check guards every dial: this number must not be called.
    const check = createContactCheckActivities({ db: sb.db, policy: { production: true, allowList: [], attemptsPerDay: 3 } });
    expect(await check.checkContactAllowed({ tenantId: tenant.id, phone: calls, channel: 'voice' })).toMatchObject({ allowed: false, reason: 'opted_out' });
    expect(await check.checkContactAllowed({ tenantId: tenant.id, phone: calls, channel: 'sms' })).toEqual({ allowed: true });
  });

  it('a text retried after its try died mid-request is adopted from Twilio, not sent twice; one Twilio never got is sent', async () => {
    const telephony = new TwilioTelephony(createTwilioClient({ ...TWILIO, apiBaseUrl: rest.baseUrl }));
    const sending = createSmsFollowUpActivities({ db: sb.db, telephony, settings: { publicUrl: apiUrl, delayMs: 0 }, clock: testClock });
    /** What a try leaves when it dies while asking Twilio: the message QUEUED, counted as sent (sentAt), with no MessageSid. */
    const diedWhileSending = (to: string) =>
      sb.db.smsMessage.create({
        data: { tenantId: tenant.id, toNumber: to, fromNumber: tenant.phoneNumber, body: `${tenant.name}: your car is ready.`, status: 'QUEUED', sentAt: testClock(), sourceKey: randomUUID() },
      });
    const statusWorkflowId = `sms-retry-${randomUUID()}`;

    const answerLost = await diedWhileSending(CUSTOMER.textAnswerLost);
    // Twilio took that try's request; its answer went down with the worker.
    const taken = await telephony.sendSms({ to: answerLost.toNumber, from: answerLost.fromNumber, body: answerLost.body });
    expect(await sending.sendQueuedSms({ messageId: answerLost.id, statusWorkflowId })).toEqual({ outcome: 'sent', messageSid: taken.sid });
    expect(sentTo(CUSTOMER.textAnswerLost)).toHaveLength(1);
    expect(await sb.db.smsMessage.findUniqueOrThrow({ where: { id: answerLost.id } })).toMatchObject({ providerSid: taken.sid });

    const requestLost = await diedWhileSending(CUSTOMER.textRequestLost);
    const sent = await sending.sendQueuedSms({ messageId: requestLost.id, statusWorkflowId });
    expect(sentTo(CUSTOMER.textRequestLost).map((message) => ({ outcome: 'sent', messageSid: message.sid }))).toEqual([sent]);
  });

  it('texts the payment link the agent promised on the call, once though the agent sent it twice', async () => {
    const inn = await createTestTenant(sb.db, { kingRooms: 2 });
    const guest = CUSTOMER.guest;
    const sendLink = ([reservation]: unknown[]) => ({ name: 'send_payment_link', args: { reservation_request_id: (reservation as { reservation_request_id: string }).reservation_request_id } });
    const { callSid, toolResults } = await placeCall(sb, inn, guest, [
      { name: 'create_reservation_request', args: { ...stayDates(inn, 2), guests: 2, room_type: 'king', guest_name: 'Gia Guest' } },
      sendLink,
      // The agent promises it once more before the call ends.
      sendLink,
    ]);

    expect(toolResults.slice(1)).toEqual([expect.objectContaining({ status: 'payment_link_sent', texted_to: guest }), expect.objectContaining({ status: 'payment_link_sent', texted_to: guest })]);
    expect((await followUpOf(callSid)).messages).toMatchObject([{ outcome: 'delivered' }]);
    expect(sentTo(guest)).toHaveLength(1);
    const [link] = sentTo(guest);
    expect(link.init.from).toBe(inn.phoneNumber);
    expect(link.init.body).toMatch(new RegExp(`^${inn.name}: to confirm your stay from .* \\(\\$378\\), pay here: https://pay\\.example\\.com/r/`));
  });
});
