import { randomUUID } from 'node:crypto';
import { AUTO_SHOP, HOTEL, KNOWN } from '../../prisma/seed/demo-data';
import { tenantIdOf } from '../support/call-fixtures';
import { issueKey } from './support/api-keys';
import { startApiServer, type ApiServer } from './support/api-server';
import { restClient, type RestClient } from './support/rest-client';

describe('tenant resources under /v1', () => {
  let api: ApiServer;
  let autoShop: RestClient;
  let hotel: RestClient;
  let admin: RestClient;

  beforeAll(async () => {
    api = await startApiServer();
    autoShop = restClient(api.baseUrl, await issueKey(api.db, AUTO_SHOP));
    hotel = restClient(api.baseUrl, await issueKey(api.db, HOTEL));
    admin = restClient(api.baseUrl, await issueKey(api.db, 'admin'));
  });
  afterAll(() => api.close());

  describe('agent config', () => {
    it("shows the tenant's own agent, without the CRM webhook's signing secret", async () => {
      const config = await autoShop.get('/v1/agent-config');
      expect(config.status).toBe(200);
      expect(config.body).toMatchObject({
        tenant: { slug: AUTO_SHOP.slug, name: AUTO_SHOP.name, vertical: 'AUTO_SHOP' },
        greetingTemplate: AUTO_SHOP.greetingTemplate,
        voice: AUTO_SHOP.voice,
        timeZone: AUTO_SHOP.timeZone,
        businessHours: AUTO_SHOP.businessHours,
        transferNumbers: AUTO_SHOP.transferNumbers,
        toolPacks: AUTO_SHOP.toolPacks,
        aiEnabled: true,
      });
      expect(config.body).not.toHaveProperty('crmWebhookSecret');
    });

    it('changes greeting, voice, hours, transfer numbers and the AI switch, and reads back what it stored', async () => {
      const change = {
        greetingTemplate: 'Hotel desk, {agent} speaking.',
        voice: 'coral',
        businessHours: { mon: [{ open: '07:00', close: '23:00' }] },
        transferNumbers: { primary: '+16195550100' },
        toolPacks: ['core', 'hotel'],
        crmWebhookUrl: 'https://crm.example.test/hooks/switchboard',
        recordingEnabled: true,
        aiEnabled: false,
      };
      const updated = await hotel.patch('/v1/agent-config', change);
      expect(updated.status).toBe(200);
      expect(updated.body).toMatchObject(change);
      expect((await hotel.get('/v1/agent-config')).body).toMatchObject(change);
      const stored = await api.db.agentConfig.findUniqueOrThrow({ where: { tenantId: await tenantIdOf(api.db, HOTEL) } });
      expect(stored).toMatchObject({ aiEnabled: false, voice: 'coral', instructions: HOTEL.instructions });
    });

    it('rejects a bad change with a 400 listing each bad field, and stores none of it', async () => {
      const bad = await autoShop.patch('/v1/agent-config', {
        voice: 'robot',
        timeZone: 'Mars/Olympus',
        businessHours: { mon: [{ open: '8am', close: '17:00' }] },
        transferNumbers: { primary: '555-0100' },
        toolPacks: ['auto_shop'],
        aiEnabled: 'yes',
        colour: 'red',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toEqual([
        expect.stringMatching(/^voice: /),
        'timeZone: expected an IANA time zone, e.g. America/Chicago',
        'businessHours.mon.0.open: expected a time as HH:mm (24:00 for midnight at the end of the day)',
        'transferNumbers.primary: expected an E.164 phone number like +15551234567',
        "toolPacks: must include 'core'",
        expect.stringMatching(/^aiEnabled: /),
        expect.stringMatching(/colour/),
      ]);
      expect((await autoShop.get('/v1/agent-config')).body.voice).toBe(AUTO_SHOP.voice);
    });

    it("never reads or changes another tenant's agent: naming it is a 403; an admin key must name the tenant", async () => {
      expect((await hotel.get(`/v1/agent-config?tenant=${AUTO_SHOP.slug}`)).status).toBe(403);
      const write = await hotel.patch(`/v1/agent-config?tenant=${AUTO_SHOP.slug}`, { aiEnabled: false });
      expect(write.status).toBe(403);
      expect((await autoShop.get('/v1/agent-config')).body.aiEnabled).toBe(true);

      expect((await admin.get('/v1/agent-config')).body.message).toEqual(['tenant: required with an admin key']);
      expect((await admin.get(`/v1/agent-config?tenant=${AUTO_SHOP.slug}`)).body.tenant.slug).toBe(AUTO_SHOP.slug);
    });
  });

  describe('customers', () => {
    it('finds a customer by phone, and pages through the list with the cursor', async () => {
      const byPhone = await autoShop.get(`/v1/customers?phone=${encodeURIComponent(KNOWN.autoShop.customer.phone)}`);
      expect(byPhone.body.data).toEqual([expect.objectContaining({ name: KNOWN.autoShop.customer.name, email: KNOWN.autoShop.customer.email })]);

      const first = await autoShop.get('/v1/customers?limit=3');
      const second = await autoShop.get(`/v1/customers?limit=3&cursor=${first.body.nextCursor}`);
      expect(first.body.data).toHaveLength(3);
      expect(second.body.data).toHaveLength(3);
      const ids = [...first.body.data, ...second.body.data].map((customer: { id: string }) => customer.id);
      expect(new Set(ids).size).toBe(6);
    });

    it('adds a customer once however often the POST is retried with its Idempotency-Key, and edits it', async () => {
      const headers = { 'idempotency-key': randomUUID() };
      const body = { name: 'Rosa Diaz', phone: '+15125550777' };
      const created = await autoShop.post('/v1/customers', body, headers);
      const retried = await autoShop.post('/v1/customers', body, headers);
      expect(created.status).toBe(201);
      expect(retried.status).toBe(201);
      expect(retried.headers.get('idempotent-replayed')).toBe('true');
      expect(retried.body).toEqual(created.body);
      expect(await api.db.customer.count({ where: { phone: body.phone } })).toBe(1);

      const edited = await autoShop.patch(`/v1/customers/${created.body.id}`, { email: 'rosa@example.com' });
      expect(edited.body).toMatchObject({ id: created.body.id, name: 'Rosa Diaz', email: 'rosa@example.com' });
    });

    it('rejects a bad customer with a 400 listing each bad field', async () => {
      const bad = await autoShop.post('/v1/customers', { name: '', phone: '555', email: 'nope' });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toEqual([
        expect.stringMatching(/^name: /),
        'phone: expected an E.164 phone number like +15551234567',
        expect.stringMatching(/^email: /),
      ]);
      expect((await autoShop.patch('/v1/customers/abcdefghij12', {})).body.message).toEqual(['nothing to change: send name, phone or email']);
    });

    it("never reads or changes another tenant's customer: 404 as if it did not exist, 403 to name the tenant", async () => {
      const maria = (await autoShop.get(`/v1/customers?phone=${encodeURIComponent(KNOWN.autoShop.customer.phone)}`)).body.data[0];
      expect((await hotel.get(`/v1/customers/${maria.id}`)).status).toBe(404);
      expect((await hotel.patch(`/v1/customers/${maria.id}`, { name: 'Hijacked' })).status).toBe(404);
      expect((await hotel.get(`/v1/customers?phone=${encodeURIComponent(KNOWN.autoShop.customer.phone)}`)).body.data).toEqual([]);
      expect((await hotel.get(`/v1/customers?tenant=${AUTO_SHOP.slug}`)).status).toBe(403);
      expect((await hotel.post('/v1/customers', { name: 'X', phone: '+15125550778', tenant: AUTO_SHOP.slug })).status).toBe(403);
      expect((await autoShop.get(`/v1/customers/${maria.id}`)).body.name).toBe(KNOWN.autoShop.customer.name);
    });
  });

  describe('appointments', () => {
    it('lists appointments soonest first within a range, and pages with the cursor', async () => {
      const all = await api.db.appointment.findMany({
        where: { tenantId: await tenantIdOf(api.db, AUTO_SHOP) },
        orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
        take: 4,
      });
      const from = all[0].startsAt.toISOString();
      const first = await autoShop.get(`/v1/appointments?from=${from}&limit=2`);
      const second = await autoShop.get(`/v1/appointments?from=${from}&limit=2&cursor=${first.body.nextCursor}`);
      expect([...first.body.data, ...second.body.data].map((appointment: { id: string }) => appointment.id)).toEqual(all.map((a) => a.id));

      const one = await autoShop.get(`/v1/appointments/${all[0].id}`);
      expect(one.body).toMatchObject({ id: all[0].id, startsAt: from, serviceName: all[0].serviceName });
    });

    it("never shows another tenant's appointment", async () => {
      const theirs = await api.db.appointment.findFirstOrThrow({ where: { tenantId: await tenantIdOf(api.db, AUTO_SHOP) } });
      expect((await hotel.get(`/v1/appointments/${theirs.id}`)).status).toBe(404);
      expect((await hotel.get(`/v1/appointments?tenant=${AUTO_SHOP.slug}`)).status).toBe(403);
      const hotelIds = (await hotel.get('/v1/appointments?limit=200')).body.data.map((appointment: { id: string }) => appointment.id);
      expect(hotelIds).not.toContain(theirs.id);
    });

    it('rejects a bad filter with the field', async () => {
      const bad = await autoShop.get('/v1/appointments?status=LATE');
      expect(bad.status).toBe(400);
      expect(bad.body.message).toEqual([expect.stringMatching(/^status: /)]);
    });
  });

  describe('phone numbers', () => {
    it("lists the tenant's own numbers only", async () => {
      expect((await autoShop.get('/v1/phone-numbers')).body.data).toEqual([expect.objectContaining({ e164: AUTO_SHOP.phoneNumber, tenant: AUTO_SHOP.slug })]);
      expect((await hotel.get(`/v1/phone-numbers?tenant=${AUTO_SHOP.slug}`)).status).toBe(403);
    });

    it('lets only an admin key assign and release numbers; assigning one twice is a 409', async () => {
      const number = { e164: '+15005550077', tenant: HOTEL.slug, label: 'spanish line' };
      const byTenant = await hotel.post('/v1/phone-numbers', number);
      expect(byTenant.status).toBe(403);
      expect(byTenant.body.message).toBe('Assigning a phone number needs an admin key');

      const assigned = await admin.post('/v1/phone-numbers', number, { 'idempotency-key': randomUUID() });
      expect(assigned.status).toBe(201);
      expect(assigned.body).toEqual({ e164: number.e164, label: 'spanish line', tenant: HOTEL.slug });
      expect((await admin.post('/v1/phone-numbers', { ...number, tenant: AUTO_SHOP.slug })).status).toBe(409);

      expect((await hotel.delete(`/v1/phone-numbers/${encodeURIComponent(number.e164)}`)).status).toBe(403);
      expect((await admin.delete(`/v1/phone-numbers/${encodeURIComponent(number.e164)}`)).status).toBe(200);
      expect(await api.db.phoneNumber.findUnique({ where: { e164: number.e164 } })).toBeNull();
    });
  });
});
