import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { AppModule } from '../../apps/api/src/app.module';
import { AUTH_CLOCK } from '../../apps/api/src/auth/auth-clock';
import { STREAM_TOKEN_TTL_SECONDS, verifyStreamToken } from '../../libs/stream-token/src/stream-token';
import { TenantIdKey } from '../../libs/temporal/src/search-attributes';
import { HOTEL, ROOFING } from '../../prisma/seed/demo-data';
import { tenantIdOf } from '../support/call-fixtures';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard-worker';
import { requiredEnv } from '../support/test-env';
import { issueKey } from './support/api-keys';
import { restClient, type RestClient } from './support/rest-client';

/** Where the API's clock stands: the tests move it, nothing sleeps. */
const ISSUED_AT = Date.parse('2027-03-14T09:00:00Z');

/**
 * The browser agent's tokens: session links (a tenant's bearer for the page)
 * are short-lived and act for one tenant; the stream tokens a session hands
 * out are bound to its call. The API's clock is injected.
 */
describe('session tokens', () => {
  let sb: TestSwitchboard;
  let app: INestApplication;
  let apiUrl: string;
  let now = ISSUED_AT;
  let roofer: RestClient;
  let hotel: RestClient;

  beforeAll(async () => {
    const taskQueue = `session-tokens-${randomUUID()}`;
    sb = await startTestSwitchboard({ taskQueue });
    // Local mode: the session hands out the media-edge socket and a stream token.
    delete process.env.OPENAI_API_KEY;
    process.env.TEMPORAL_TASK_QUEUE = taskQueue;
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(AUTH_CLOCK)
      .useValue(() => new Date(now))
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    apiUrl = await app.getUrl();
    roofer = restClient(apiUrl, await issueKey(sb.db, ROOFING));
    hotel = restClient(apiUrl, await issueKey(sb.db, HOTEL));
  });
  afterAll(async () => {
    await app.close();
    await sb.shutdown();
  });
  beforeEach(() => {
    now = ISSUED_AT;
  });

  const newLink = async (client: RestClient, body: Record<string, unknown>) => {
    const created = await client.post('/v1/session-links', { label: 'crew', ...body });
    expect(created.status).toBe(201);
    return created.body as { token: string; expiresAt: string };
  };
  const startSession = async (client: RestClient) => {
    const session = await client.get('/v1/session');
    expect(session.status).toBe(200);
    return session.body as { callSid: string; connection: { type: string; token: string } };
  };
  const endCall = async (client: RestClient, callSid: string) => {
    expect((await client.post(`/v1/calls/${callSid}/events`, { seq: 1, event: { type: 'ended' } })).status).toBe(204);
    await sb.calls.handle(callSid).result();
  };

  it('a session link works until its TTL is up on the API clock, and not a millisecond longer', async () => {
    const link = await newLink(roofer, { ttlMinutes: 5 });
    expect(Date.parse(link.expiresAt)).toBe(ISSUED_AT + 5 * 60_000);
    const viaLink = restClient(apiUrl, link.token);

    now = ISSUED_AT + 5 * 60_000 - 1;
    const { callSid } = await startSession(viaLink);
    const tool = { toolCallId: `call_${randomUUID()}`, name: 'get_location' };
    expect((await viaLink.post(`/v1/calls/${callSid}/tools`, tool)).status).toBe(200);

    now = ISSUED_AT + 5 * 60_000;
    for (const response of [
      await viaLink.get('/v1/session'),
      await viaLink.post(`/v1/calls/${callSid}/tools`, { ...tool, toolCallId: `call_${randomUUID()}` }),
      await viaLink.post(`/v1/calls/${callSid}/events`, { seq: 1, event: { type: 'ended' } }),
    ]) {
      expect(response).toMatchObject({ status: 401, body: { message: 'This session link has expired: ask for a new one' } });
      expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
    // The expired link ended nothing: the call still runs, until its tenant's key ends it.
    expect((await sb.calls.handle(callSid).describe()).status.name).toBe('RUNNING');
    await endCall(roofer, callSid);
  });

  it("a session link of one tenant cannot act on another tenant's calls, data or links", async () => {
    const viaLink = restClient(apiUrl, (await newLink(roofer, {})).token);
    const hotelCall = (await startSession(hotel)).callSid;

    expect((await viaLink.get(`/v1/session?tenant=${HOTEL.slug}`)).status).toBe(403);
    expect(await viaLink.post(`/v1/calls/${hotelCall}/tools`, { toolCallId: `call_${randomUUID()}`, name: 'get_location' })).toMatchObject({
      status: 404,
      body: { message: `No call ${hotelCall}` },
    });
    expect(await viaLink.post(`/v1/calls/${hotelCall}/events`, { seq: 1, event: { type: 'ended' } })).toMatchObject({ status: 404 });
    for (const route of [`/v1/calls/${hotelCall}`, `/v1/calls/${hotelCall}/recording`, `/v1/customers?tenant=${HOTEL.slug}`]) {
      expect(await viaLink.get(route)).toMatchObject({ status: 403, body: { message: 'A session link opens the browser agent only' } });
    }
    expect((await viaLink.post('/v1/session-links', { label: 'more', tenant: HOTEL.slug })).status).toBe(403);

    // The hotel's call heard none of it.
    const hotelHandle = sb.calls.handle(hotelCall);
    expect((await hotelHandle.describe()).status.name).toBe('RUNNING');
    await endCall(hotel, hotelCall);
    expect((await hotelHandle.result()).toolCalls).toEqual([]);
  });

  it('a revoked session link opens nothing, and only its own tenant can revoke it', async () => {
    const link = (await roofer.post('/v1/session-links', { label: 'lost phone' })).body as { id: string; token: string };
    const viaLink = restClient(apiUrl, link.token);
    const { callSid } = await startSession(viaLink);

    expect(await hotel.delete(`/v1/session-links/${link.id}`)).toMatchObject({ status: 404, body: { message: `No session link ${link.id}` } });
    expect((await viaLink.delete(`/v1/session-links/${link.id}`)).status).toBe(403);
    // Still working after both refusals.
    expect((await viaLink.post(`/v1/calls/${callSid}/tools`, { toolCallId: `call_${randomUUID()}`, name: 'get_location' })).status).toBe(200);
    expect((await roofer.delete(`/v1/session-links/${link.id}`)).status).toBe(204);

    expect(await viaLink.get('/v1/session')).toMatchObject({ status: 401, body: { message: 'Unknown API key' } });
    expect((await viaLink.post(`/v1/calls/${callSid}/events`, { seq: 1, event: { type: 'ended' } })).status).toBe(401);
    expect((await roofer.delete(`/v1/session-links/${link.id}`)).status).toBe(404);
    await endCall(roofer, callSid);
  });

  it("an admin's link acts for the one tenant it was made for", async () => {
    const admin = restClient(apiUrl, await issueKey(sb.db, 'admin'));
    const viaLink = restClient(apiUrl, (await newLink(admin, { tenant: HOTEL.slug })).token);

    expect((await viaLink.get(`/v1/session?tenant=${ROOFING.slug}`)).status).toBe(403);
    const { callSid } = await startSession(viaLink);
    expect((await sb.calls.handle(callSid).describe()).typedSearchAttributes.get(TenantIdKey)).toBe(await tenantIdOf(sb.db, HOTEL));
    await endCall(viaLink, callSid);
  });

  it("the stream token a session hands out opens that call's stream alone, for five minutes", async () => {
    const secret = requiredEnv('STREAM_TOKEN_SECRET');
    const issuedAt = Date.now();
    const { callSid, connection } = await startSession(roofer);
    const otherCall = (await startSession(roofer)).callSid;
    expect(connection.type).toBe('media-edge');

    expect(verifyStreamToken(connection.token, secret, callSid)).toMatchObject({ ok: true, claims: { callSid, tenantId: await tenantIdOf(sb.db, ROOFING) } });
    expect(verifyStreamToken(connection.token, secret, otherCall)).toEqual({ ok: false, reason: 'wrong_call' });
    const check = verifyStreamToken(connection.token, secret, callSid);
    const expiresAt = check.ok ? check.claims.exp * 1000 : NaN;
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + STREAM_TOKEN_TTL_SECONDS * 1000);
    expect(expiresAt).toBeGreaterThan(issuedAt + (STREAM_TOKEN_TTL_SECONDS - 5) * 1000);
    expect(verifyStreamToken(connection.token, secret, callSid, expiresAt)).toEqual({ ok: false, reason: 'expired' });
    await endCall(roofer, callSid);
    await endCall(roofer, otherCall);
  });
});
