import fc from 'fast-check';
import { MAX_REQUEST_BODY_BYTES } from '../../apps/api/src/api-app';
import { createTestTenant, type TestTenant } from '../../simulators/fixtures/fixture-tenant';
import { issueKey } from '../api/support/api-keys';
import { restClient, type RestClient } from '../api/support/rest-client';
import { startWebhookStack, type WebhookStack } from '../support/webhook-stack';
import { isStorableText, nastyText } from './support/nasty-text';
import { anyValue, percentEncode, restOperations, valueFor, type Operation, type Parameter } from './support/openapi-operations';

const TWILIO = { accountSid: `AC${'e1'.repeat(16)}`, authToken: 'fuzz-rest-auth-token' };
/** Every /v1 operation the committed OpenAPI document lists: a new route is fuzzed without touching this file. */
const OPERATIONS = restOperations();
/** Path segments that break naive decoding: a lone %, a cut UTF-8 sequence, NUL, an encoded slash, overlong UTF-8. */
const RAW_SEGMENTS = ['%', '%E0%A4%A', '%00', '%2F', '..', '%FF%FE', '%C0%AF'];

const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value) ?? '');

interface FuzzedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

describe('/v1 under fuzzed paths, queries and bodies', () => {
  let stack: WebhookStack;
  let tenant: TestTenant;
  let keys: { tenant: string; admin: string };
  let api: RestClient;

  beforeAll(async () => {
    // Thousands of requests from one key: the rate limit is not what this file is about.
    process.env.API_RATE_LIMIT = '1000000';
    stack = await startWebhookStack(TWILIO, { allowList: [] });
    tenant = await createTestTenant(stack.sb.db);
    keys = { tenant: await issueKey(stack.sb.db, { tenantId: tenant.id }), admin: await issueKey(stack.sb.db, 'admin') };
    api = restClient(stack.apiUrl, keys.tenant);
  });
  afterAll(async () => {
    await stack.stop();
    delete process.env.API_RATE_LIMIT;
  });

  const send = async ({ method, path, headers, body }: FuzzedRequest) => {
    const response = await fetch(`${stack.apiUrl}${path}`, { method, headers, body });
    const text = await response.text();
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', text };
  };
  /** A tenant parameter is any slug, or the key's own. */
  const paramValue = (param: Parameter) => (param.name === 'tenant' ? fc.oneof(valueFor(param.schema), fc.constant(tenant.slug)) : valueFor(param.schema));

  const requestFor = (operation: Operation): fc.Arbitrary<FuzzedRequest> => {
    const inPlace = (where: Parameter['in']) => operation.parameters.filter((param) => param.in === where);
    const segments = fc.tuple(
      ...inPlace('path').map((param) =>
        fc.oneof({ weight: 3, arbitrary: paramValue(param).map((value) => percentEncode(asText(value))) }, { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) }),
      ),
    );
    const query = fc.tuple(
      fc.record(Object.fromEntries(inPlace('query').map((param) => [param.name, fc.oneof(paramValue(param), fc.array(paramValue(param), { minLength: 2, maxLength: 3 }))])), {
        requiredKeys: [],
      }),
      fc.dictionary(nastyText(8), nastyText(), { maxKeys: 2 }),
    );
    const idempotencyKey = fc.option(
      valueFor({ type: 'string', pattern: '^[\\x21-\\x7e]{1,128}$' }).filter((value) => typeof value === 'string' && /^[\x20-\x7e]*$/.test(value)),
    );
    const body = operation.body
      ? fc.oneof(
          { weight: 4, arbitrary: valueFor(operation.body).map((value) => ({ type: 'application/json', text: JSON.stringify(value) ?? 'null' })) },
          { weight: 1, arbitrary: nastyText(80).map((text) => ({ type: 'application/json', text })) },
          { weight: 1, arbitrary: anyValue.map((value) => ({ type: 'text/plain', text: asText(value) })) },
        )
      : fc.constant(undefined);
    return fc.record({ segments, query, idempotencyKey, body, key: fc.constantFrom(keys.tenant, keys.admin) }).map(({ segments: values, query: [known, extra], idempotencyKey: idempotency, body: sent, key }) => {
      let index = 0;
      const path = operation.path.replace(/\{\w+\}/g, () => values[index++] as string);
      const pairs = [...Object.entries(known).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((item) => [name, asText(item)])), ...Object.entries(extra)];
      const search = pairs.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join('&');
      const headers: Record<string, string> = { authorization: `Bearer ${key}` };
      if (idempotency) headers['idempotency-key'] = idempotency as string;
      if (sent) headers['content-type'] = sent.type;
      return { method: operation.method, path: search ? `${path}?${search}` : path, headers, body: sent?.text };
    });
  };

  it('answers any request to any route with a 2xx or a clear 4xx, never a 5xx', async () => {
    const request = fc.constantFrom(...OPERATIONS).chain(requestFor);
    await fc.assert(
      fc.asyncProperty(request, async (sent) => {
        const response = await send(sent);

        expect(response.status).toBeLessThan(500);
        if (response.status >= 400) {
          expect(response.contentType).toMatch(/^application\/json/);
          const { message } = JSON.parse(response.text) as { message: unknown };
          const reasons = [message].flat();
          expect(reasons.length).toBeGreaterThan(0);
          for (const reason of reasons) expect(typeof reason === 'string' && reason.trim() !== '').toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it(`refuses a body over ${MAX_REQUEST_BODY_BYTES} bytes with 413 on every route that takes one, and reads one just under it`, async () => {
    const wrap = (size: number) => JSON.stringify({ name: 'x'.repeat(size - '{"name":""}'.length) });
    for (const operation of OPERATIONS.filter((candidate) => candidate.body)) {
      const path = operation.path.replace(/\{\w+\}/g, 'x');
      const request = (body: string) => send({ method: operation.method, path, headers: { authorization: `Bearer ${keys.admin}`, 'content-type': 'application/json' }, body });

      const over = await request(wrap(MAX_REQUEST_BODY_BYTES + 1));
      expect([operation.path, over.status, JSON.parse(over.text)]).toEqual([operation.path, 413, expect.objectContaining({ message: 'request entity too large' })]);
      const under = await request(wrap(MAX_REQUEST_BODY_BYTES));
      expect([operation.path, under.status]).not.toEqual([operation.path, 413]);
    }
    const form = await fetch(`${stack.apiUrl}/twilio/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `Body=${'x'.repeat(MAX_REQUEST_BODY_BYTES)}`,
    });
    expect(form.status).toBe(413);
  });

  it('stores any valid Unicode name exactly (RTL, emoji, SQL-ish), and refuses NUL and lone surrogates with the field', async () => {
    await fc.assert(
      fc.asyncProperty(nastyText(130), fc.stringMatching(/^\+1[2-9]\d{9}$/), async (name, phone) => {
        const created = await api.post('/v1/customers', { name, phone });

        const trimmed = name.trim();
        if (!isStorableText(name)) {
          expect(created.status).toBe(400);
          expect(created.body.message).toEqual([expect.stringMatching(/^name: must (not contain NUL characters|be valid Unicode)/)]);
        } else if (trimmed.length === 0 || trimmed.length > 120) {
          expect(created.status).toBe(400);
        } else {
          expect(created.status).toBe(201);
          expect(created.body.name).toBe(trimmed);
          expect((await api.get(`/v1/customers/${created.body.id}`)).body.name).toBe(trimmed);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('searches customer names for the text asked, with %, _ and \\ taken literally, and finds every name that holds it', async () => {
    const searchable = fc.stringMatching(/^[a-c%_\\]{1,3}$/);
    const names = fc.sample(fc.stringMatching(/^[a-c%_\\ ]{3,12}$/), 40);
    for (const name of names) expect((await api.post('/v1/customers', { name: `Search ${name}`, phone: '+15125550123' })).status).toBe(201);

    await fc.assert(
      fc.asyncProperty(searchable, async (q) => {
        const found = await api.get(`/v1/customers?limit=200&q=${encodeURIComponent(q)}`);

        expect(found.status).toBe(200);
        const foundNames = (found.body.data as Array<{ name: string }>).map((customer) => customer.name);
        for (const name of foundNames) expect(name.toLowerCase()).toContain(q.toLowerCase());
        // And every one that holds it (fewer customers than a page in all).
        for (const name of names.map((made) => `Search ${made}`.trim())) if (name.toLowerCase().includes(q.toLowerCase())) expect(foundNames).toContain(name);
      }),
      { numRuns: 60 },
    );
  });
});
