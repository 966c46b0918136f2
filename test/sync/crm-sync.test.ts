import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { Webhook } from 'standardwebhooks';
import { crmWebhookHandler, inMemoryProcessedIds, receiveCrmWebhook, type CrmWebhook } from '../../examples/crm-webhook-receiver';
import { CALL_COMPLETED, cloudSyncWorkflowId, type CallCompletedData, type CloudSyncResult } from '../../libs/crm-sync/src/crm-sync';
import { newWebhookSecret, openWebhookSecret, sealWebhookSecret } from '../../libs/crm-sync/src/webhook-secret';
import type { EncryptionKeyRing } from '../../libs/encryption/src/key-ring';
import { dataKeyRingFrom } from '../../libs/encryption/src/sealed-secret';
import { replayFailures } from '../sms/support/replay';
import { bookOilChange, placeCall } from '../sms/support/test-calls';
import { createTestTenant, testPhoneNumber, type TestTenant } from '../../simulators/fixtures/fixture-tenant';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard-worker';

const REPO_ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);
const newKey = () => randomBytes(32).toString('base64');
/** The worker's keys: the current one, and one of before a rotation. */
const DATA_KEYS = { DATA_ENCRYPTION_KEY: newKey(), DATA_PREVIOUS_KEYS: newKey() };
const keyRing = (current: string): EncryptionKeyRing => dataKeyRingFrom({ DATA_ENCRYPTION_KEY: current })!;

/** `npm run crm-webhook -- …`, as an operator runs it: its exit code and what it printed. */
async function crmWebhookCli(args: string[], env: NodeJS.ProcessEnv = { ...process.env, ...DATA_KEYS }): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    return { code: 0, ...(await run(process.execPath, ['-r', '@swc-node/register', 'scripts/crm-webhook.ts', ...args], { cwd: REPO_ROOT, env })) };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

interface ReceivedRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * The tenant's CRM, on a real socket. `/ok` and the paths under it are the
 * example receiver as it is; `/flaky` fails the first delivery (500),
 * processes the second but never answers it (the sender times out), and
 * answers the third; `/gone` answers 410. Deliveries to any path but the
 * `/ok` ones are recorded. Each verifies with the shared secret, or with
 * the one {@link verifyWith} gave its path.
 */
class TestCrm {
  readonly requests: ReceivedRequest[] = [];
  readonly events: CrmWebhook[] = [];
  private readonly processed = inMemoryProcessedIds();
  private readonly secrets = new Map<string, string>();

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

  verifyWith(path: string, secret: string): void {
    this.secrets.set(path, secret);
  }

  private receiverFor(path: string) {
    return { secret: this.secrets.get(path) ?? this.secret, processed: this.processed, onEvent: (event: CrmWebhook) => this.events.push(event) };
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = request.url ?? '/';
    const receiver = this.receiverFor(path);
    if (path === '/ok' || path.startsWith('/ok/')) return crmWebhookHandler(receiver)(request, response);
    const body = await readBody(request);
    this.requests.push({ path, headers: request.headers as Record<string, string>, body });
    if (path === '/gone') return void response.writeHead(410).end();
    const attempt = this.requestsTo(path);
    if (path === '/flaky' && attempt === 1) return void response.writeHead(500).end('database is down');
    // The event is processed, but the answer never leaves: the sender gives up and retries.
    if (path === '/flaky' && attempt === 2) return void receiveCrmWebhook(receiver, body, request.headers);
    response.writeHead(receiveCrmWebhook(receiver, body, request.headers).status).end();
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
  const secret = newWebhookSecret();
  const keys = dataKeyRingFrom(DATA_KEYS)!;
  /** What the worker warned about. */
  const warnings: unknown[][] = [];
  let crm: TestCrm;
  let sb: TestSwitchboard;

  beforeAll(async () => {
    crm = await TestCrm.start(secret);
    sb = await startTestSwitchboard({
      followUps: { CRM_SYNC_RETRY_SCHEDULE: '0s,100ms,100ms,100ms', CRM_SYNC_ATTEMPT_TIMEOUT_SECONDS: 1 },
      dataKeys: DATA_KEYS,
      log: { warn: (...args: unknown[]) => void warnings.push(args) },
    });
  });
  afterAll(async () => {
    await sb.shutdown();
    await crm.close();
  });

  /** A tenant whose CRM webhook is at `path`, its signing secret stored as `stored(tenantId)`: sealed under the worker's current key unless told. */
  async function tenantWithCrm(path: string, stored = (tenantId: string) => sealWebhookSecret(secret, tenantId, keys)): Promise<TestTenant> {
    const tenant = await createTestTenant(sb.db, { crmWebhookUrl: crm.url(path) });
    await sb.db.agentConfig.update({ where: { tenantId: tenant.id }, data: { crmWebhookSecret: stored(tenant.id) } });
    return tenant;
  }
  const storedSecretOf = async (tenant: TestTenant) => (await sb.db.agentConfig.findUniqueOrThrow({ where: { tenantId: tenant.id } })).crmWebhookSecret;
  const outboxOf = (callSid: string) => sb.db.syncOutbox.findUnique({ where: { sourceKey: `${CALL_COMPLETED}:${callSid}` } });
  async function syncResultOf(callSid: string): Promise<{ outboxId: string; result: CloudSyncResult }> {
    const row = await outboxOf(callSid);
    if (!row) throw new Error(`no outbox row for ${callSid}`);
    return { outboxId: row.id, result: await sb.client.workflow.getHandle(cloudSyncWorkflowId(row.id)).result() };
  }

  /** A call to `tenant` whose finished-call webhook reaches the CRM once, on the first attempt; its outbox id. */
  async function expectDeliveredOnce(tenant: TestTenant): Promise<string> {
    const { callSid } = await placeCall(sb, tenant, testPhoneNumber(), []);
    const { outboxId, result } = await syncResultOf(callSid);
    expect(result).toEqual({ outcome: 'delivered', attempts: 1 });
    expect(crm.events.filter((event) => event.id === outboxId)).toHaveLength(1);
    return outboxId;
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
    expect(() => new Webhook(newWebhookSecret()).verify(requests[0].body, requests[0].headers)).toThrow('No matching signature found');
    // Signed with the secret the row holds sealed: nothing of it is in the database in the clear.
    const stored = await storedSecretOf(tenant);
    expect(stored).toMatch(new RegExp(`^sbenc:v1:${keys.current.id}:`));
    expect(stored).not.toContain(secret.slice('whsec_'.length));

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
    const outboxId = await expectDeliveredOnce(tenant);

    expect(await replayFailures(sb, [cloudSyncWorkflowId(outboxId)])).toEqual([]);
  });

  it('opens a secret sealed before a key rotation, with that key among DATA_PREVIOUS_KEYS', async () => {
    const tenant = await tenantWithCrm('/ok/rotated', (tenantId) => sealWebhookSecret(secret, tenantId, keyRing(DATA_KEYS.DATA_PREVIOUS_KEYS)));

    await expectDeliveredOnce(tenant);
  });

  it("refuses a sealed secret copied from another tenant's row, or sealed under a key the worker lacks: nothing is sent, the row FAILED says why", async () => {
    const stranger = keyRing(newKey());
    const copied = await tenantWithCrm('/refused', () => sealWebhookSecret(secret, 'another-tenant-id', keys));
    const foreignKey = await tenantWithCrm('/refused', (tenantId) => sealWebhookSecret(secret, tenantId, stranger));
    const [copiedCall, foreignKeyCall] = await Promise.all([placeCall(sb, copied, testPhoneNumber(), []), placeCall(sb, foreignKey, testPhoneNumber(), [])]);

    for (const { callSid } of [copiedCall, foreignKeyCall]) expect((await syncResultOf(callSid)).result).toEqual({ outcome: 'not_configured', attempts: 1 });

    expect(await outboxOf(copiedCall.callSid)).toMatchObject({
      status: 'FAILED',
      lastError: 'the CRM webhook signing secret does not open: fails its integrity check: it was altered, or sealed for another tenant or purpose',
    });
    expect(await outboxOf(foreignKeyCall.callSid)).toMatchObject({
      status: 'FAILED',
      lastError: `the CRM webhook signing secret does not open: sealed with key ${stranger.current.id}, which neither DATA_ENCRYPTION_KEY nor DATA_PREVIOUS_KEYS holds`,
    });
    expect(crm.requests.filter((request) => request.path === '/refused')).toEqual([]);
  });

  it('still signs with a secret stored in plain text, warning once naming the tenant; --encrypt-existing seals it in place and deliveries go on', async () => {
    const tenant = await tenantWithCrm('/ok/plaintext', () => secret);
    const first = await placeCall(sb, tenant, testPhoneNumber(), []);
    const second = await placeCall(sb, tenant, testPhoneNumber(), []);
    for (const { callSid } of [first, second]) expect((await syncResultOf(callSid)).result).toEqual({ outcome: 'delivered', attempts: 1 });
    const warned = () => warnings.filter(([fields]) => (fields as { tenantId?: string }).tenantId === tenant.id);
    expect(warned()).toEqual([
      [{ tenantId: tenant.id }, "this tenant's CRM webhook signing secret is stored in plain text: seal it with `npm run crm-webhook -- --encrypt-existing`"],
    ]);

    const sealing = await crmWebhookCli(['--encrypt-existing', '--tenant', tenant.slug]);

    expect(sealing).toMatchObject({ code: 0, stdout: expect.stringContaining(`sealed the CRM webhook signing secret of ${tenant.slug} (${tenant.id})`) });
    expect(sealing.stderr).toContain(`under key ${keys.current.id}`);
    const stored = (await storedSecretOf(tenant))!;
    expect(stored).toMatch(/^sbenc:v1:/);
    expect(openWebhookSecret(stored, tenant.id, keys)).toBe(secret);
    expect(await crmWebhookCli(['--encrypt-existing', '--tenant', tenant.id])).toMatchObject({ code: 0, stdout: '', stderr: expect.stringContaining('Sealed 0 ') });
    const third = await placeCall(sb, tenant, testPhoneNumber(), []);
    expect((await syncResultOf(third.callSid)).result).toEqual({ outcome: 'delivered', attempts: 1 });
    expect(warned()).toHaveLength(1);
    expect(JSON.stringify(warnings)).not.toContain(secret.slice('whsec_'.length));
  });

  it('--encrypt-existing re-seals a secret sealed under a previous key with the current one: the previous key can be retired, and the receiver keeps its secret', async () => {
    const tenant = await tenantWithCrm('/ok/resealed', (tenantId) => sealWebhookSecret(secret, tenantId, keyRing(DATA_KEYS.DATA_PREVIOUS_KEYS)));

    const resealing = await crmWebhookCli(['--encrypt-existing', '--tenant', tenant.slug]);

    expect(resealing).toMatchObject({ code: 0, stdout: `re-sealed the CRM webhook signing secret of ${tenant.slug} (${tenant.id}), sealed under key ${keyRing(DATA_KEYS.DATA_PREVIOUS_KEYS).current.id} before\n` });
    expect(resealing.stderr).toContain(`re-sealed 1 sealed under a previous key, under key ${keys.current.id}`);
    const stored = (await storedSecretOf(tenant))!;
    expect(stored.startsWith(`sbenc:v1:${keys.current.id}:`)).toBe(true);
    expect(openWebhookSecret(stored, tenant.id, keyRing(DATA_KEYS.DATA_ENCRYPTION_KEY))).toBe(secret);
    await expectDeliveredOnce(tenant);
  });

  it('--encrypt-existing leaves a secret that does not open as it is, names it and exits 1: the previous keys are still needed', async () => {
    const stranger = keyRing(newKey());
    const tenant = await tenantWithCrm('/ok', (tenantId) => sealWebhookSecret(secret, tenantId, stranger));
    const before = await storedSecretOf(tenant);

    const refused = await crmWebhookCli(['--encrypt-existing', '--tenant', tenant.slug]);

    expect(refused).toMatchObject({ code: 1, stdout: '' });
    expect(refused.stderr).toContain(
      `left the CRM webhook signing secret of ${tenant.slug} (${tenant.id}) as it is, it does not open: sealed with key ${stranger.current.id}, which neither DATA_ENCRYPTION_KEY nor DATA_PREVIOUS_KEYS holds`,
    );
    expect(refused.stderr).toContain('1 did not open (above): keep the keys of DATA_PREVIOUS_KEYS until they are replaced.');
    expect(await storedSecretOf(tenant)).toBe(before);
  });

  describe('npm run crm-webhook', () => {
    it('stores the URL and a fresh secret, sealed, and prints the secret once: the receiver verifies deliveries with it', async () => {
      const tenant = await createTestTenant(sb.db);
      const url = crm.url('/ok/from-the-command');

      const { code, stdout, stderr } = await crmWebhookCli(['--tenant', tenant.slug, '--url', url]);

      expect(code).toBe(0);
      const printed = stdout.trim();
      expect(printed).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
      expect(stderr).toContain(`Set the CRM webhook of ${tenant.slug} (${tenant.id}) to ${url}`);
      expect(stderr).not.toContain(printed);
      const config = await sb.db.agentConfig.findUniqueOrThrow({ where: { tenantId: tenant.id } });
      expect(config.crmWebhookUrl).toBe(url);
      expect(JSON.stringify(config)).not.toContain(printed.slice('whsec_'.length));
      expect(openWebhookSecret(config.crmWebhookSecret!, tenant.id, keys)).toBe(printed);

      crm.verifyWith('/ok/from-the-command', printed);
      await expectDeliveredOnce(tenant);

      // By id too; each run makes a new secret.
      const again = await crmWebhookCli(['--tenant', tenant.id, '--url', 'https://crm.example.test/hooks']);
      expect(again.code).toBe(0);
      expect(again.stdout.trim()).not.toBe(printed);
      expect(await sb.db.agentConfig.findUniqueOrThrow({ where: { tenantId: tenant.id } })).toMatchObject({ crmWebhookUrl: 'https://crm.example.test/hooks' });
    });

    it.each([
      ['an unknown tenant', ['--tenant', 'no-such-tenant', '--url', 'https://crm.example.test/hooks'], {}, 'crm-webhook: No tenant no-such-tenant'],
      ['a URL that is not http(s)', ['--tenant', '<tenant>', '--url', 'ftp://crm.example.test/hooks'], {}, 'crm-webhook: --url must be an http:// or https:// URL, not "ftp://crm.example.test/hooks"'],
      ['no DATA_ENCRYPTION_KEY', ['--tenant', '<tenant>', '--url', 'https://crm.example.test/hooks'], { DATA_ENCRYPTION_KEY: undefined }, 'crm-webhook: DATA_ENCRYPTION_KEY is not set'],
      ['a DATA_ENCRYPTION_KEY that is no key', ['--tenant', '<tenant>', '--url', 'https://crm.example.test/hooks'], { DATA_ENCRYPTION_KEY: 'not-a-key' }, 'DATA_ENCRYPTION_KEY: expected 32 random bytes, base64'],
      ['--tenant without --url', ['--tenant', '<tenant>'], {}, 'crm-webhook: pass --tenant and --url, or --encrypt-existing\nusage:'],
      ['--encrypt-existing with --url', ['--encrypt-existing', '--url', 'https://crm.example.test/hooks'], {}, 'crm-webhook: --encrypt-existing takes no --url\nusage:'],
      ['--encrypt-existing for an unknown tenant', ['--encrypt-existing', '--tenant', 'no-such-tenant'], {}, 'crm-webhook: No tenant no-such-tenant'],
    ])('refuses %s with exit code 2, changing nothing', async (_what, args, env, message) => {
      const tenant = await tenantWithCrm('/ok');
      const before = await sb.db.agentConfig.findUniqueOrThrow({ where: { tenantId: tenant.id } });

      const refused = await crmWebhookCli(
        args.map((arg) => (arg === '<tenant>' ? tenant.slug : arg)),
        { ...process.env, ...DATA_KEYS, ...env },
      );

      expect(refused).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining(message) });
      expect(await sb.db.agentConfig.findUniqueOrThrow({ where: { tenantId: tenant.id } })).toEqual(before);
    });
  });
});
