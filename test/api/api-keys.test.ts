import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import type { PrismaClient } from '../../libs/db/src/prisma';
import { AUTO_SHOP, HOTEL } from '../../prisma/seed/demo-data';
import { bearer, issueKey } from './support/api-keys';
import { startApiServer, type ApiServer } from './support/api-server';

const REPO_ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

/** `npm run api-key -- …`, as an operator runs it. */
function apiKeyCli(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return run(process.execPath, ['-r', '@swc-node/register', 'scripts/api-key.ts', ...args], { cwd: REPO_ROOT, env: process.env });
}

interface KeyJson {
  id: string;
  name: string;
  role: string;
  tenant: string | null;
  prefix: string;
  revokedAt: string | null;
  key?: string;
}

describe('API keys over real HTTP', () => {
  let api: ApiServer;
  let db: PrismaClient;
  let baseUrl: string;

  beforeAll(async () => {
    api = await startApiServer();
    ({ db, baseUrl } = api);
  });
  afterAll(() => api.close());

  const get = (route: string, headers: Record<string, string> = {}) => fetch(`${baseUrl}${route}`, { headers });
  const post = (route: string, body: unknown, headers: Record<string, string>) =>
    fetch(`${baseUrl}${route}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const del = (route: string, headers: Record<string, string>) => fetch(`${baseUrl}${route}`, { method: 'DELETE', headers });
  const uniqueName = () => `key ${randomUUID()}`;

  describe('the CLI', () => {
    it('prints a new key once, stores only its hash, and the key opens the API', async () => {
      const name = uniqueName();
      const created = await apiKeyCli('create', '--tenant', AUTO_SHOP.slug, '--name', name);

      const key = created.stdout.trim();
      expect(key).toMatch(/^sb_live_[0-9a-f]{40}$/);
      expect(created.stderr).not.toContain(key);
      const row = await db.apiKey.findFirstOrThrow({ where: { name } });
      expect(row).toMatchObject({ role: 'TENANT', prefix: key.slice(0, 16), hash: createHash('sha256').update(key).digest('hex') });
      expect(JSON.stringify(row)).not.toContain(key);
      const listed = await apiKeyCli('list', '--tenant', AUTO_SHOP.slug);
      expect(listed.stdout).toContain(row.prefix);
      expect(listed.stdout).not.toContain(key);

      const response = await get('/v1/api-keys', bearer(key));
      expect(response.status).toBe(200);
      const { data } = (await response.json()) as { data: KeyJson[] };
      expect(data.find((k) => k.id === row.id)).toEqual(expect.objectContaining({ name, tenant: AUTO_SHOP.slug, revokedAt: null }));
      expect(JSON.stringify(data)).not.toContain(key);
      expect((await db.apiKey.findUniqueOrThrow({ where: { id: row.id } })).lastUsedAt).not.toBeNull();
    });

    it('revokes a key by its prefix: it is refused with 401 from then on', async () => {
      const key = await issueKey(db, AUTO_SHOP);
      expect((await get('/v1/api-keys', bearer(key))).status).toBe(200);

      const revoked = await apiKeyCli('revoke', key.slice(0, 16));
      expect(revoked.stdout).toContain(`Revoked key for ${AUTO_SHOP.slug} ${key.slice(0, 16)}`);

      const response = await get('/v1/api-keys', bearer(key));
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe(
        'Bearer realm="switchboard", error="invalid_token", error_description="This API key has been revoked"',
      );
    });

    it('refuses an unknown tenant with a clear error', async () => {
      await expect(apiKeyCli('create', '--tenant', 'no-such-shop')).rejects.toMatchObject({ code: 1, stderr: 'api-key: No tenant no-such-shop\n' });
    });
  });

  describe('authentication', () => {
    it('answers 401 with a Bearer challenge without a key, with a malformed header, and with an unknown key', async () => {
      const cases: Array<[Record<string, string>, string, string]> = [
        [{}, 'Missing API key: send Authorization: Bearer <key>', 'Bearer realm="switchboard"'],
        [{ authorization: 'Basic dXNlcjpwYXNz' }, 'Authorization must be: Bearer <key>', 'Bearer realm="switchboard", error="invalid_request"'],
        [bearer(`sb_live_${'0'.repeat(40)}`), 'Unknown API key', 'Bearer realm="switchboard", error="invalid_token", error_description="Unknown API key"'],
      ];
      for (const [headers, message, challenge] of cases) {
        const response = await get('/v1/api-keys', headers);
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe(challenge);
        expect(await response.json()).toEqual({ statusCode: 401, error: 'Unauthorized', message });
      }
    });

    it('guards /v1 whatever the letter case of the path', async () => {
      expect((await get('/V1/API-KEYS')).status).toBe(401);
    });
  });

  describe('managing keys by endpoint', () => {
    it("creates a key for the caller's own tenant, shows it once, and the new key works", async () => {
      const name = uniqueName();
      const response = await post('/v1/api-keys', { name }, bearer(await issueKey(db, AUTO_SHOP)));

      expect(response.status).toBe(201);
      const created = (await response.json()) as KeyJson;
      expect(created).toMatchObject({ name, role: 'tenant', tenant: AUTO_SHOP.slug, revokedAt: null, key: expect.stringMatching(/^sb_live_/) });
      const listed = await get('/v1/api-keys', bearer(created.key ?? ''));
      expect(listed.status).toBe(200);
      expect(JSON.stringify(await listed.json())).not.toContain(created.key);
    });

    it("never reaches another tenant's keys: listing them is 403, revoking one is 404 and leaves it working", async () => {
      const autoShopKey = await issueKey(db, AUTO_SHOP);
      const hotelKeyName = uniqueName();
      const hotelKey = await issueKey(db, HOTEL, hotelKeyName);
      const hotelKeyId = (await db.apiKey.findFirstOrThrow({ where: { name: hotelKeyName } })).id;

      const ownList = (await (await get('/v1/api-keys', bearer(autoShopKey))).json()) as { data: KeyJson[] };
      expect(ownList.data.length).toBeGreaterThan(0);
      expect(ownList.data.every((k) => k.tenant === AUTO_SHOP.slug)).toBe(true);

      const otherList = await get(`/v1/api-keys?tenant=${HOTEL.slug}`, bearer(autoShopKey));
      expect(otherList.status).toBe(403);
      expect(((await otherList.json()) as { message: string }).message).toBe(
        `This key belongs to tenant ${AUTO_SHOP.slug}; it cannot act on ${HOTEL.slug}`,
      );
      expect((await post('/v1/api-keys', { tenant: HOTEL.slug }, bearer(autoShopKey))).status).toBe(403);

      const revokeOther = await del(`/v1/api-keys/${hotelKeyId}`, bearer(autoShopKey));
      expect(revokeOther.status).toBe(404);
      expect((await get('/v1/api-keys', bearer(hotelKey))).status).toBe(200);
    });

    it('revokes its own tenant key by id: the key is refused afterwards', async () => {
      const key = await issueKey(db, AUTO_SHOP);
      const created = (await (await post('/v1/api-keys', { name: uniqueName() }, bearer(key))).json()) as KeyJson;

      const response = await del(`/v1/api-keys/${created.id}`, bearer(key));

      expect(response.status).toBe(200);
      expect(((await response.json()) as KeyJson).revokedAt).toEqual(expect.any(String));
      expect((await get('/v1/api-keys', bearer(created.key ?? ''))).status).toBe(401);
    });

    it('lets an admin key act on a tenant it names, and only an admin key create admin keys', async () => {
      const adminKey = await issueKey(db, 'admin');

      const withoutTenant = await post('/v1/api-keys', {}, bearer(adminKey));
      expect(withoutTenant.status).toBe(400);
      expect(((await withoutTenant.json()) as { message: string[] }).message).toEqual(['tenant: required with an admin key']);
      const forHotel = await post('/v1/api-keys', { tenant: HOTEL.slug }, bearer(adminKey));
      expect(forHotel.status).toBe(201);
      expect(await forHotel.json()).toMatchObject({ role: 'tenant', tenant: HOTEL.slug });
      const hotelKeys = await get(`/v1/api-keys?tenant=${HOTEL.slug}`, bearer(adminKey));
      expect(hotelKeys.status).toBe(200);

      const newAdmin = await post('/v1/api-keys', { role: 'admin' }, bearer(adminKey));
      expect(newAdmin.status).toBe(201);
      expect(await newAdmin.json()).toMatchObject({ role: 'admin', tenant: null, key: expect.stringMatching(/^sb_admin_/) });
      const byTenantKey = await post('/v1/api-keys', { role: 'admin' }, bearer(await issueKey(db, AUTO_SHOP)));
      expect(byTenantKey.status).toBe(403);
      expect(((await byTenantKey.json()) as { message: string }).message).toBe('Creating an admin key needs an admin key');
    });

    it('rejects a bad body with a 400 that lists each bad field', async () => {
      const response = await post('/v1/api-keys', { name: '', role: 'owner', tenant: 'Not A Slug', colour: 'red' }, bearer(await issueKey(db, AUTO_SHOP)));

      expect(response.status).toBe(400);
      const { message } = (await response.json()) as { message: string[] };
      expect(message).toEqual([
        expect.stringMatching(/^name: /),
        expect.stringMatching(/^role: /),
        'tenant: expected a tenant slug, e.g. rivera-auto',
        expect.stringMatching(/colour/),
      ]);
    });
  });

  describe('Idempotency-Key', () => {
    it('replays the first response to a retry and creates one key; the secret is not stored, so the replay omits it', async () => {
      const key = await issueKey(db, AUTO_SHOP);
      const name = uniqueName();
      const headers = { ...bearer(key), 'idempotency-key': randomUUID() };

      const first = await post('/v1/api-keys', { name }, headers);
      const retry = await post('/v1/api-keys', { name }, headers);

      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      const { key: secret, ...record } = (await first.json()) as KeyJson;
      expect(secret).toMatch(/^sb_live_/);
      expect(await retry.json()).toEqual(record);
      expect(await db.apiKey.count({ where: { name } })).toBe(1);
      expect(JSON.stringify(await db.idempotencyRecord.findMany())).not.toContain(secret);
    });

    it('refuses the same key with a different body (422), and keeps keys of different tenants apart', async () => {
      const idempotencyKey = randomUUID();
      const autoShop = { ...bearer(await issueKey(db, AUTO_SHOP)), 'idempotency-key': idempotencyKey };
      expect((await post('/v1/api-keys', { name: uniqueName() }, autoShop)).status).toBe(201);

      const changed = await post('/v1/api-keys', { name: uniqueName() }, autoShop);
      expect(changed.status).toBe(422);
      expect(((await changed.json()) as { message: string }).message).toBe('This Idempotency-Key was already used with a different request');

      const hotelName = uniqueName();
      const hotel = await post('/v1/api-keys', { name: hotelName }, { ...bearer(await issueKey(db, HOTEL)), 'idempotency-key': idempotencyKey });
      expect(hotel.status).toBe(201);
      expect(hotel.headers.get('idempotent-replayed')).toBeNull();
      expect(await hotel.json()).toMatchObject({ name: hotelName, tenant: HOTEL.slug });
    });

    it('stores nothing for a failed request, so the client can fix it and retry with the same key', async () => {
      const headers = { ...bearer(await issueKey(db, AUTO_SHOP)), 'idempotency-key': randomUUID() };
      expect((await post('/v1/api-keys', { name: '' }, headers)).status).toBe(400);

      const fixed = await post('/v1/api-keys', { name: uniqueName() }, headers);
      expect(fixed.status).toBe(201);
      expect(fixed.headers.get('idempotent-replayed')).toBeNull();
    });
  });
});
