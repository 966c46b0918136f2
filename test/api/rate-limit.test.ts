import { request as httpRequest } from 'node:http';
import type { PrismaClient } from '../../libs/db/src/prisma';
import { AUTO_SHOP } from '../../prisma/seed/demo-data';
import { bearer, issueKey } from './support/api-keys';
import { startApiServer, type ApiServer } from './support/api-server';

const LIMIT = 3;
const PUBLIC_LIMIT = 5;
const WINDOW_SECONDS = 60;

/** A POST from a loopback address of our choosing (Linux routes all of 127/8 to lo): another source than fetch's 127.0.0.1. */
function postFrom(localAddress: string, url: string, forwardedFor?: string): Promise<{ status: number; retryAfter?: string }> {
  const headers = { 'content-type': 'application/x-www-form-urlencoded', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) };
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: 'POST', localAddress, headers }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'] as string | undefined }));
    });
    request.on('error', reject);
    request.end('CallSid=CA00000000000000000000000000000000');
  });
}

describe('API rate limits over real HTTP', () => {
  let api: ApiServer;
  let db: PrismaClient;
  let baseUrl: string;

  beforeAll(async () => {
    process.env.API_RATE_LIMIT = String(LIMIT);
    process.env.API_RATE_LIMIT_WINDOW_SECONDS = String(WINDOW_SECONDS);
    process.env.PUBLIC_RATE_LIMIT = String(PUBLIC_LIMIT);
    process.env.TWILIO_AUTH_TOKEN = 'rate-limit-test-auth-token';
    api = await startApiServer();
    ({ db, baseUrl } = api);
  });
  afterAll(async () => {
    await api.close();
    delete process.env.PUBLIC_RATE_LIMIT;
    delete process.env.TWILIO_AUTH_TOKEN;
  });

  const listKeysTimes = async (count: number, headers: Record<string, string>) => {
    const responses: Response[] = [];
    for (let i = 0; i < count; i++) responses.push(await fetch(`${baseUrl}/v1/api-keys`, { headers }));
    return responses;
  };

  it('answers 429 with Retry-After once a key has used its budget, while another key goes on', async () => {
    const busyKey = await issueKey(db, AUTO_SHOP);
    const otherKey = await issueKey(db, AUTO_SHOP);

    const responses = await listKeysTimes(LIMIT + 1, bearer(busyKey));

    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    const limited = responses[LIMIT];
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
    expect(((await limited.json()) as { message: string }).message).toBe(
      `Rate limit exceeded: at most ${LIMIT} requests per ${WINDOW_SECONDS} s per API key`,
    );
    expect((await listKeysTimes(1, bearer(otherKey)))[0].status).toBe(200);
  });

  it('counts requests without a valid key per IP address, so guessing keys is limited too', async () => {
    const guesses = await listKeysTimes(LIMIT + 1, bearer(`sb_live_${'f'.repeat(40)}`));

    expect(guesses.map((r) => r.status)).toEqual([401, 401, 401, 429]);
    expect(Number(guesses[LIMIT].headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('limits a flood of Twilio webhooks from one address, while another address is still answered', async () => {
    const flood: Array<{ status: number; retryAfter?: string }> = [];
    for (let i = 0; i <= PUBLIC_LIMIT; i++) flood.push(await postFrom('127.0.0.2', `${baseUrl}/twilio/voice`));

    // Unsigned: refused by the signature check until the budget is spent, then refused before it.
    expect(flood.map((r) => r.status)).toEqual([...Array(PUBLIC_LIMIT).fill(403), 429]);
    expect(Number(flood[PUBLIC_LIMIT].retryAfter)).toBeGreaterThan(0);
    expect((await postFrom('127.0.0.1', `${baseUrl}/twilio/voice`)).status).toBe(403);
    // The /v1 requests of the tests above spent none of this address's budget outside /v1.
    const health = await Promise.all(Array.from({ length: PUBLIC_LIMIT - 1 }, () => fetch(`${baseUrl}/healthz`)));
    expect(health.map((r) => r.status)).toEqual(Array(PUBLIC_LIMIT - 1).fill(200));
  });

  it('believes no X-Forwarded-For when no proxy is trusted: a flood that forges a new one each time is still limited', async () => {
    const flood: number[] = [];
    for (let i = 0; i <= PUBLIC_LIMIT; i++) flood.push((await postFrom('127.0.0.3', `${baseUrl}/twilio/voice`, `203.0.113.${i + 1}`)).status);
    expect(flood).toEqual([...Array(PUBLIC_LIMIT).fill(403), 429]);
  });
});

describe('API rate limits behind a trusted proxy (TRUST_PROXY)', () => {
  let api: ApiServer;
  let baseUrl: string;

  beforeAll(async () => {
    process.env.PUBLIC_RATE_LIMIT = String(PUBLIC_LIMIT);
    process.env.TRUST_PROXY = 'loopback';
    process.env.TWILIO_AUTH_TOKEN = 'rate-limit-test-auth-token';
    api = await startApiServer();
    ({ baseUrl } = api);
  });
  afterAll(async () => {
    await api.close();
    for (const name of ['PUBLIC_RATE_LIMIT', 'TRUST_PROXY', 'TWILIO_AUTH_TOKEN']) delete process.env[name];
  });

  it('counts each client the proxy names, so one flooding client does not spend the budget of the others behind it', async () => {
    const flood: number[] = [];
    for (let i = 0; i <= PUBLIC_LIMIT; i++) flood.push((await postFrom('127.0.0.4', `${baseUrl}/twilio/voice`, '203.0.113.7')).status);
    expect(flood).toEqual([...Array(PUBLIC_LIMIT).fill(403), 429]);
    // Through the same proxy, another client is still answered.
    expect((await postFrom('127.0.0.4', `${baseUrl}/twilio/voice`, '203.0.113.8')).status).toBe(403);
  });
});
