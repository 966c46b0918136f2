import { randomBytes } from 'node:crypto';
import { ApiKeyStore } from '../../apps/api/src/api-keys/api-key-store';
import { SessionLinkStore } from '../../apps/api/src/browser-agent/session-link-store';
import { bookedCustomer } from '../../simulators/fixtures/outbound-fixtures';
import { createTestTenant, testPhoneNumber, type TestTenant } from '../../simulators/fixtures/fixture-tenant';
import { eventually } from '../media-edge/support/eventually';
import { restClient } from '../api/support/rest-client';
import { inboundCall } from '../support/call-fixtures';
import { servedRoutes } from '../support/served-routes';
import { startWebhookStack, type WebhookStack } from '../support/webhook-stack';
import fc from 'fast-check';
import { restOperations, validFor, type Operation } from './support/openapi-operations';

const TWILIO = { accountSid: `AC${'a5'.repeat(16)}`, authToken: 'fuzz-rest-auth-token' };
const UNAUTHENTICATED = ['no key', 'malformed header', 'unknown key', 'revoked key', 'expired session link'] as const;
type Who = (typeof UNAUTHENTICATED)[number] | 'session link of A' | 'key of A' | 'key of B' | 'admin key';

/** What tenant A owns, by the path parameter that names it. */
interface TenantA {
  tenant: TestTenant;
  ids: Record<string, string>;
  /** Values only A's keys (and admin keys) may ever see. */
  secrets: string[];
}

describe('REST auth: every /v1 route × every kind of key', () => {
  let stack: WebhookStack;
  let a: TenantA;
  let authorization: Record<Who, string | undefined>;
  let linkRoutes: Set<string>;

  beforeAll(async () => {
    process.env.API_RATE_LIMIT = '1000000';
    stack = await startWebhookStack(TWILIO, { allowList: [] });
    const { db } = stack.sb;
    const [tenantA, tenantB] = [await createTestTenant(db), await createTestTenant(db)];
    const keys = new ApiKeyStore(db);
    const keyOf = async (tenant: TestTenant) => (await keys.create({ role: 'tenant', tenantId: tenant.id }, 'auth test')).key;
    const revoked = await keys.create({ role: 'tenant', tenantId: tenantA.id }, 'revoked');
    await keys.revoke(revoked.info.id);
    // The key the routes that name a key revoke: not one this test signs in with.
    const spare = await keys.create({ role: 'tenant', tenantId: tenantA.id }, 'spare');
    const linkMaker = await keys.create({ role: 'tenant', tenantId: tenantA.id }, 'link maker');
    const links = new SessionLinkStore(db);
    const link = (expiresAt: Date) => links.create({ tenantId: tenantA.id, label: 'crew', expiresAt, createdByKeyId: linkMaker.info.id });
    authorization = {
      'no key': undefined,
      'malformed header': 'Basic dXNlcjpwYXNz',
      'unknown key': `Bearer sb_live_${randomBytes(24).toString('hex')}`,
      'revoked key': `Bearer ${revoked.key}`,
      'expired session link': `Bearer ${(await link(new Date(Date.now() - 60_000))).token}`,
      'session link of A': `Bearer ${(await link(new Date(Date.now() + 3_600_000))).token}`,
      'key of A': `Bearer ${await keyOf(tenantA)}`,
      'key of B': `Bearer ${await keyOf(tenantB)}`,
      'admin key': `Bearer ${(await keys.create({ role: 'admin' }, 'auth test admin')).key}`,
    };

    // One of everything A can own, made through the API where it can be.
    const asA = restClient(stack.apiUrl, authorization['key of A']!.slice('Bearer '.length));
    const customerName = `Zed ${randomBytes(6).toString('hex')}`;
    const customer = await asA.post('/v1/customers', { name: customerName, phone: testPhoneNumber(), email: `${randomBytes(6).toString('hex')}@example.com` });
    const appointment = await bookedCustomer(db, tenantA, testPhoneNumber());
    // A live call: its tools and events routes reach the workflow, not just a row.
    const { callSid } = inboundCall(tenantA.id, tenantA, testPhoneNumber());
    await stack.sb.calls.startOrAttach(inboundCall(tenantA.id, tenantA, testPhoneNumber(), { callSid }));
    await eventually('the live call recorded', () => db.call.findUnique({ where: { callSid } }));
    const callback = await asA.post('/v1/callbacks', { phone: testPhoneNumber(), reason: 'Wants a quote for a roof' });
    const campaign = await asA.post('/v1/campaigns', { paused: true });
    // The link the route that names a link revokes: not the one this test signs in with.
    const spareLink = await link(new Date(Date.now() + 3_600_000));
    const optedOut = testPhoneNumber();
    expect((await asA.post('/v1/opt-outs', { phone: optedOut })).status).toBe(201);
    expect([customer.status, callback.status, campaign.status]).toEqual([201, 201, 201]);
    a = {
      tenant: tenantA,
      ids: {
        customers: customer.body.id,
        appointments: appointment.appointmentId,
        callbacks: callback.body.callbackId,
        campaigns: campaign.body.id,
        'api-keys': spare.info.id,
        'session-links': spareLink.info.id,
        callSid,
        phone: optedOut,
        e164: tenantA.phoneNumber,
        date: '2026-01-02',
      },
      secrets: [tenantA.id, customer.body.id, customerName, customer.body.email, appointment.appointmentId, callSid, callback.body.callbackId, spare.info.id, spare.info.prefix, spareLink.info.id, spareLink.info.prefix],
    };
    linkRoutes = new Set((await servedRoutes('/v1')).filter((route) => route.opensWithSessionLink).map((route) => `${route.method} ${route.path}`));
  });
  afterAll(async () => {
    await stack.stop();
    delete process.env.API_RATE_LIMIT;
  });

  /** A's resource for a path parameter: `{id}` by the collection it is in, the others by name. */
  const resourceOfA = (operation: Operation, param: string): string => {
    const id = param === 'id' ? a.ids[operation.path.split('/')[2]] : a.ids[param];
    if (id === undefined) throw new Error(`No resource of tenant A for {${param}} in ${operation.path}: give this test one`);
    return id;
  };

  /** Values for the query parameters a route requires (a report's range), the same on every run. */
  const requiredQuery = (operation: Operation): Record<string, string> =>
    Object.fromEntries(
      operation.parameters
        .filter((param) => param.in === 'query' && param.required)
        .map((param) => [param.name, String(fc.sample(validFor(param.schema), { numRuns: 1, seed: 42 })[0])]),
    );

  /** A body the route's schema accepts, the same on every run, naming no tenant: the request reaches the check of who asks. */
  const validBody = (operation: Operation): Record<string, unknown> => {
    const [sampled] = fc.sample(validFor(operation.body!), { numRuns: 1, seed: 42 });
    const { tenant: _named, ...body } = sampled as Record<string, unknown>;
    return body;
  };

  /** The request, naming A's resources in its path and, when `namingA`, A as its tenant too. */
  const requestTo = (operation: Operation, who: Who, namingA: boolean) => {
    const path = operation.path.replace(/\{(\w+)\}/g, (_, param: string) => encodeURIComponent(resourceOfA(operation, param)));
    const takesTenant = operation.parameters.some((param) => param.in === 'query' && param.name === 'tenant');
    const bodyTakesTenant = Boolean(operation.body?.properties?.tenant);
    const query = new URLSearchParams(requiredQuery(operation));
    if (namingA && takesTenant) query.set('tenant', a.tenant.slug);
    const url = `${stack.apiUrl}${path}${query.size ? `?${query}` : ''}`;
    const headers: Record<string, string> = authorization[who] ? { authorization: authorization[who] } : {};
    const body = operation.body ? JSON.stringify({ ...validBody(operation), ...(namingA && bodyTakesTenant && { tenant: a.tenant.slug }) }) : undefined;
    if (body) headers['content-type'] = 'application/json';
    return { url, body, names: path !== operation.path || (namingA && (takesTenant || bodyTakesTenant)), send: () => fetch(url, { method: operation.method, headers, body }) };
  };

  it('answers each kind of key on every route as it should, and never shows B anything of A', async () => {
    const operations = restOperations();
    const who: Who[] = [...UNAUTHENTICATED, 'session link of A', 'key of A', 'key of B', 'admin key'];
    for (const operation of operations) {
      const route = `${operation.method} ${operation.path}`;
      for (const principal of who) {
        for (const namingA of principal === 'key of B' && !operation.path.includes('{') ? [true, false] : [true]) {
          const request = requestTo(operation, principal, namingA);
          const response = await request.send();
          const text = await response.text();
          const message = response.headers.get('content-type')?.startsWith('application/json') ? (JSON.parse(text) as { message?: unknown }).message : undefined;
          const seen = `${route} as ${principal}${principal === 'key of B' ? (request.names ? ' naming A' : ' not naming A') : ''}: ${response.status}`;

          expect([seen, response.status < 500]).toEqual([seen, true]);
          if ((UNAUTHENTICATED as readonly Who[]).includes(principal)) {
            expect([seen, response.status, response.headers.get('www-authenticate')]).toEqual([seen, 401, expect.stringMatching(/^Bearer realm="switchboard"/)]);
          } else if (principal === 'session link of A') {
            if (linkRoutes.has(route)) expect([seen, response.status]).not.toEqual([seen, 401]);
            else expect([seen, response.status, message]).toEqual([seen, 403, 'A session link opens the browser agent only']);
          } else if (principal === 'key of B') {
            if (request.names) expect([seen, response.status >= 400]).toEqual([seen, true]);
            const unsent = a.secrets.filter((secret) => !request.url.includes(encodeURIComponent(secret)) && !(request.body ?? '').includes(secret));
            expect([seen, unsent.filter((secret) => text.includes(secret))]).toEqual([seen, []]);
          } else {
            expect([seen, response.status]).not.toEqual([seen, 401]);
            if (principal === 'key of A' && response.status === 403) expect([seen, message]).toEqual([seen, expect.stringMatching(/needs an admin key/)]);
          }
        }
      }
    }
    expect(operations.length).toBeGreaterThan(0);
  });
});
