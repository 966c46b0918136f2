import type { PrismaClient } from '../../libs/db/src/prisma';
import { AUTO_SHOP } from '../../prisma/seed/demo-data';
import { bearer, issueKey } from './support/api-keys';
import { startApiServer, type ApiServer } from './support/api-server';

const LIMIT = 3;
const WINDOW_SECONDS = 60;

describe('REST rate limit over real HTTP', () => {
  let api: ApiServer;
  let db: PrismaClient;
  let baseUrl: string;

  beforeAll(async () => {
    process.env.API_RATE_LIMIT = String(LIMIT);
    process.env.API_RATE_LIMIT_WINDOW_SECONDS = String(WINDOW_SECONDS);
    api = await startApiServer();
    ({ db, baseUrl } = api);
  });
  afterAll(() => api.close());

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

  it('leaves routes outside /v1 alone', async () => {
    const health = await Promise.all(Array.from({ length: LIMIT + 1 }, () => fetch(`${baseUrl}/healthz`)));
    expect(health.map((r) => r.status)).toEqual(Array(LIMIT + 1).fill(200));
  });
});
