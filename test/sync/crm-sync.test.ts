import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { crmWebhookHandler, inMemoryProcessedIds, receiveCrmWebhook, type CrmWebhook } from '../../examples/crm-webhook-receiver';
import { CALL_COMPLETED, cloudSyncWorkflowId, type CallCompletedData, type CloudSyncResult } from '../../libs/crm-sync/src/crm-sync';
import { replayFailures } from '../sms/support/replay';
import { bookOilChange, placeCall } from '../sms/support/test-calls';
import { createTestTenant, newSigningSecret, testPhoneNumber, type TestTenant } from '../../simulators/fixtures/fixture-tenant';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard-worker';

interface ReceivedRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * The tenant's CRM, on a real socket. `/ok` is the example receiver as it
 * is; `/flaky` fails the first delivery (500), processes the second but
 * never answers it (the sender times out), and answers the third; `/gone`
 * answers 410. Deliveries to the last two are recorded.
 */
class TestCrm {
  readonly requests: ReceivedRequest[] = [];
  readonly events: CrmWebhook[] = [];
  private readonly processed = inMemoryProcessedIds();

  private constructor(
    private readonly http: Server,
    private readonly secret: string,
  ) {
    http.on('request', (request: IncomingMessage, response: ServerResponse) => void this.serve(request, response));
  }

  static async start(secret: string): Promise<TestCrm> {
    const http = createServer();
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    return new TestCrm(http, secret);
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}${path}`;
  }

  close(): Promise<void> {
    this.http.closeAllConnections();
    return new Promise((resolve) => this.http.close(() => resolve()));
  }

  private get receiver() {
    return { secret: this.secret, processed: this.processed, onEvent: (event: CrmWebhook) => this.events.push(event) };
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = request.url ?? '/';
    if (path === '/ok') return crmWebhookHandler(this.receiver)(request, response);
    const body = await readBody(request);
    this.requests.push({ path, headers: request.headers as Record<string, string>, body });
    if (path === '/gone') return void response.writeHead(410).end();
    const attempt = this.requestsTo(path);
    if (path === '/flaky' && attempt === 1) return void response.writeHead(500).end('database is down');
    // The event is processed, but the answer never leaves: the sender gives up and retries.
    if (path === '/flaky' && attempt === 2) return void receiveCrmWebhook(this.receiver, body, request.headers);
    response.writeHead(receiveCrmWebhook(this.receiver, body, request.headers).status).end();
  }

  private requestsTo(path: string): number {
    return this.requests.filter((request) => request.path === path).length;
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('CRM sync: signed webhooks with durable retries (real Temporal, PostgreSQL, HTTP)', () => {
  const secret = newSigningSecret();
  let crm: TestCrm;
  let sb: TestSwitchboard;

  beforeAll(async () => {
    crm = await TestCrm.start(secret);
    sb = await startTestSwitchboard({ followUps: { CRM_SYNC_RETRY_SCHEDULE: '0s,100ms,100ms,100ms', CRM_SYNC_ATTEMPT_TIMEOUT_SECONDS: 1 } });
  });
  afterAll(async () => {
    await sb.shutdown();
    await crm.close();
  });

  const tenantWithCrm = (path: string) => createTestTenant(sb.db, { crmWebhookUrl: crm.url(path), crmWebhookSecret: secret });
  const outboxOf = (callSid: string) => sb.db.syncOutbox.findUnique({ where: { sourceKey: `${CALL_COMPLETED}:${callSid}` } });
  async function syncResultOf(callSid: string): Promise<{ outboxId: string; result: CloudSyncResult }> {
    const row = await outboxOf(callSid);
    if (!row) throw new Error(`no outbox row for ${callSid}`);
    return { outboxId: row.id, result: await sb.client.workflow.getHandle(cloudSyncWorkflowId(row.id)).result() };
  }

  it('delivers a finished call to a flaky receiver (500, then a timeout, then 200) as one logical delivery', async () => {
    const tenant: TestTenant = await tenantWithCrm('/flaky');
    const { callSid } = await placeCall(sb, tenant, testPhoneNumber(), [bookOilChange(tenant)]);

    const { outboxId, result } = await syncResultOf(callSid);

    expect(result).toEqual({ outcome: 'delivered', attempts: 3 });
    const requests = crm.requests.filter((request) => request.path === '/flaky');
    expect(requests).toHaveLength(3);
    expect(requests.map((request) => request.headers['webhook-id'])).toEqual([outboxId, outboxId, outboxId]);
    for (const request of requests) {
      expect(request.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
      expect(() => new Webhook(secret).verify(request.body, request.headers)).not.toThrow();
    }
    expect(() => new Webhook(newSigningSecret()).verify(requests[0].body, requests[0].headers)).toThrow('No matching signature found');

    expect(crm.events).toHaveLength(1);
    const [event] = crm.events;
    expect(event).toMatchObject({ id: outboxId, type: 'call.completed' });
    const data = event.data as CallCompletedData;
    expect(data).toMatchObject({ callSid, direction: 'inbound', to: tenant.phoneNumber, status: 'completed', outcome: 'appointment_booked' });
    expect(data.summary.outcome).toBe('appointment_booked');
    expect(data.turns.map((turn) => turn.role)).toEqual(['caller', 'agent']);
    expect(data.toolCalls).toMatchObject([{ name: 'book_appointment', ok: true }]);
    expect(await outboxOf(callSid)).toMatchObject({ status: 'SENT', attempts: 3, lastError: null });
  });

  it('stops at a 410 Gone', async () => {
    const tenant = await tenantWithCrm('/gone');
    const { callSid } = await placeCall(sb, tenant, testPhoneNumber(), []);

    const { result } = await syncResultOf(callSid);

    expect(result).toEqual({ outcome: 'gone', attempts: 1 });
    expect(crm.requests.filter((request) => request.path === '/gone')).toHaveLength(1);
    expect(await outboxOf(callSid)).toMatchObject({ status: 'FAILED', attempts: 1, lastError: expect.stringContaining('410') });
  });

  it('writes no outbox row for a tenant without a CRM webhook', async () => {
    const tenant = await createTestTenant(sb.db);
    const { callSid } = await placeCall(sb, tenant, testPhoneNumber(), []);
    expect(await outboxOf(callSid)).toBeNull();
    expect(await sb.db.callSummary.findUnique({ where: { callSid } })).not.toBeNull();
  });

  it('delivers through the example receiver as it is, and a fresh run of the sync workflow replays', async () => {
    const tenant = await tenantWithCrm('/ok');
    const { callSid } = await placeCall(sb, tenant, testPhoneNumber(), []);

    const { outboxId, result } = await syncResultOf(callSid);

    expect(result).toEqual({ outcome: 'delivered', attempts: 1 });
    expect(crm.events.filter((event) => event.id === outboxId)).toHaveLength(1);
    expect(await replayFailures(sb, [cloudSyncWorkflowId(outboxId)])).toEqual([]);
  });
});
