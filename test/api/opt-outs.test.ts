import { smsFollowUpWorkflowId, type SmsFollowUpResult } from '../../libs/sms/src/sms-messages';
import type { TwilioRestSimulator } from '../../simulators/twilio';
import { requestJson } from '../callbacks/support/http';
import { bookOilChange, placeCall } from '../sms/support/test-calls';
import { createTestTenant, testPhoneNumber, type TestTenant } from '../../simulators/fixtures/fixture-tenant';
import type { TestSwitchboard } from '../support/switchboard-worker';
import { startWebhookStack, type WebhookStack } from '../support/webhook-stack';
import { issueKey } from './support/api-keys';

const TWILIO = { accountSid: `AC${'7'.repeat(32)}`, authToken: 'opt-outs-test-auth-token' };
const CUSTOMER = { restOptOut: testPhoneNumber(), isolated: testPhoneNumber() };

interface OptOutList {
  data: Array<{ phone: string; channel: string; source: string }>;
  alreadyOnList?: boolean;
}

describe('/v1/opt-outs: the do-not-contact list over REST (real Temporal, PostgreSQL, API, Twilio REST simulator)', () => {
  let stack: WebhookStack;
  let rest: TwilioRestSimulator;
  let sb: TestSwitchboard;
  let apiUrl: string;
  let tenant: TestTenant & { apiKey: string };
  let other: TestTenant & { apiKey: string };

  beforeAll(async () => {
    stack = await startWebhookStack(TWILIO, { allowList: Object.values(CUSTOMER) });
    ({ rest, sb, apiUrl } = stack);
    const withKey = async (created: TestTenant) => ({ ...created, apiKey: await issueKey(sb.db, { tenantId: created.id }) });
    tenant = await withKey(await createTestTenant(sb.db));
    other = await withKey(await createTestTenant(sb.db));
  });
  afterAll(() => stack.stop());

  const api = (who: { apiKey: string }, method: 'GET' | 'POST' | 'DELETE', route: string, body?: unknown) =>
    requestJson<OptOutList>(apiUrl, who.apiKey, method, route, { body });
  const followUpOf = (callSid: string): Promise<SmsFollowUpResult> => sb.client.workflow.getHandle(smsFollowUpWorkflowId(callSid)).result();
  const textsTo = (phone: string) => rest.messages.filter((message) => message.init.to === phone);

  it('an opt-out posted over REST stops the texts a call owes; deleting it lets them flow again', async () => {
    const phone = CUSTOMER.restOptOut;
    const added = await api(tenant, 'POST', '/v1/opt-outs', { phone, channel: 'sms' });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({ data: [expect.objectContaining({ phone, channel: 'sms', source: 'rest' })], alreadyOnList: false });
    expect((await api(tenant, 'POST', '/v1/opt-outs', { phone, channel: 'all' })).body.alreadyOnList).toBe(false);
    expect((await api(tenant, 'POST', '/v1/opt-outs', { phone, channel: 'sms' })).body.alreadyOnList).toBe(true);

    const skipped = await placeCall(sb, tenant, phone, [bookOilChange(tenant)]);
    expect((await followUpOf(skipped.callSid)).messages).toMatchObject([{ outcome: 'skipped', reason: 'opted_out' }]);
    expect(textsTo(phone)).toEqual([]);

    // Taking texts back off the list leaves calls blocked: the customer opted out of everything too.
    const removed = await api(tenant, 'DELETE', `/v1/opt-outs/${encodeURIComponent(phone)}?channel=sms`);
    expect(removed.status).toBe(200);
    expect(removed.body.data.map((entry) => entry.channel)).toEqual(['voice']);
    expect((await api(tenant, 'GET', `/v1/opt-outs?phone=${encodeURIComponent(phone)}`)).body.data.map((entry) => entry.channel)).toEqual(['voice']);

    const flowing = await placeCall(sb, tenant, phone, [bookOilChange(tenant)]);
    expect((await followUpOf(flowing.callSid)).messages).toMatchObject([{ outcome: 'delivered' }]);
    expect(textsTo(phone)).toHaveLength(1);
    expect((await api(tenant, 'DELETE', `/v1/opt-outs/${encodeURIComponent(phone)}?channel=sms`)).status).toBe(404);
  });

  it("keeps each tenant's list to its own keys: naming another tenant is a 403, its numbers are not there", async () => {
    const phone = CUSTOMER.isolated;
    await api(tenant, 'POST', '/v1/opt-outs', { phone, channel: 'voice' });

    expect((await api(other, 'GET', '/v1/opt-outs')).body.data).toEqual([]);
    expect((await api(other, 'GET', `/v1/opt-outs?tenant=${tenant.slug}`)).status).toBe(403);
    expect((await api(other, 'POST', '/v1/opt-outs', { phone, channel: 'sms', tenant: tenant.slug })).status).toBe(403);
    expect((await api(other, 'DELETE', `/v1/opt-outs/${encodeURIComponent(phone)}?channel=voice`)).status).toBe(404);
    expect((await api(other, 'DELETE', `/v1/opt-outs/${encodeURIComponent(phone)}?tenant=${tenant.slug}`)).status).toBe(403);
    expect((await api(tenant, 'GET', `/v1/opt-outs?phone=${encodeURIComponent(phone)}`)).body.data).toMatchObject([{ phone, channel: 'voice', source: 'rest' }]);
  });

  it('refuses bad input with each bad field', async () => {
    const response = await requestJson<{ message: string[] }>(apiUrl, tenant.apiKey, 'POST', '/v1/opt-outs', { body: { phone: '555-1234', channel: 'fax' } });
    expect(response.status).toBe(400);
    expect(response.body.message).toEqual(['phone: expected an E.164 phone number like +15551234567', 'channel: Invalid option: expected one of "sms"|"voice"|"all"']);
  });
});
