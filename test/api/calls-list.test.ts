import { AUTO_SHOP, HOTEL } from '../../prisma/seed/demo-data';
import { tenantIdOf } from '../support/call-fixtures';
import { issueKey } from './support/api-keys';
import { startApiServer, type ApiServer } from './support/api-server';
import { insertCalls } from './support/call-rows';
import { restClient, type RestClient } from './support/rest-client';

const CALLER = '+15125550142';
const TEMPORAL_UI_URL = 'http://temporal-ui.example.test:8080/';
const day = (date: string, hour: number) => new Date(`${date}T${String(hour).padStart(2, '0')}:00:00Z`);

describe('GET /v1/calls and GET /v1/analytics/calls', () => {
  let api: ApiServer;
  let autoShop: RestClient;
  let hotel: RestClient;
  let admin: RestClient;
  let autoShopCalls: string[];
  let hotelCall: string;

  beforeAll(async () => {
    process.env.TEMPORAL_UI_URL = TEMPORAL_UI_URL;
    api = await startApiServer();
    autoShop = restClient(api.baseUrl, await issueKey(api.db, AUTO_SHOP));
    hotel = restClient(api.baseUrl, await issueKey(api.db, HOTEL));
    admin = restClient(api.baseUrl, await issueKey(api.db, 'admin'));
    const autoShopId = await tenantIdOf(api.db, AUTO_SHOP);
    autoShopCalls = await insertCalls(api.db, [
      { tenantId: autoShopId, startedAt: day('2026-03-02', 14), from: CALLER, outcome: 'appointment_booked', leadScore: 80, costUsd: '0.12500' },
      { tenantId: autoShopId, startedAt: day('2026-03-02', 15), outcome: 'information_provided', leadScore: 20, costUsd: '0.05000' },
      { tenantId: autoShopId, startedAt: day('2026-03-03', 9), direction: 'OUTBOUND', from: AUTO_SHOP.phoneNumber, to: CALLER, outcome: 'appointment_booked' },
      { tenantId: autoShopId, startedAt: day('2026-03-04', 10), from: CALLER, outcome: 'callback_requested', durationSeconds: 95 },
      { tenantId: autoShopId, startedAt: day('2026-03-09', 10), outcome: 'appointment_booked' },
    ]);
    [hotelCall] = await insertCalls(api.db, [{ tenantId: await tenantIdOf(api.db, HOTEL), startedAt: day('2026-03-02', 16), from: CALLER }]);
  });
  afterAll(() => api.close());

  const sids = (page: { data: Array<{ callSid: string }> }) => page.data.map((call) => call.callSid);

  it("lists the tenant's own calls newest first, and pages through them with the cursor", async () => {
    const first = await autoShop.get('/v1/calls?limit=2');
    expect(first.status).toBe(200);
    expect(sids(first.body)).toEqual([autoShopCalls[4], autoShopCalls[3]]);
    expect(first.body.data[1]).toMatchObject({ tenant: AUTO_SHOP.slug, direction: 'inbound', from: CALLER, outcome: 'callback_requested', durationSeconds: 95 });

    const second = await autoShop.get(`/v1/calls?limit=2&cursor=${first.body.nextCursor}`);
    expect(sids(second.body)).toEqual([autoShopCalls[2], autoShopCalls[1]]);
    const last = await autoShop.get(`/v1/calls?limit=2&cursor=${second.body.nextCursor}`);
    expect(last.body).toEqual({ data: [expect.objectContaining({ callSid: autoShopCalls[0], leadScore: 80, costUsd: 0.125 })], nextCursor: null });
  });

  it('filters by time range, direction, outcome and caller (inbound from it, outbound to it)', async () => {
    const range = await autoShop.get('/v1/calls?from=2026-03-02T00:00:00Z&to=2026-03-04T00:00:00Z');
    expect(sids(range.body)).toEqual([autoShopCalls[2], autoShopCalls[1], autoShopCalls[0]]);

    const outbound = await autoShop.get('/v1/calls?direction=outbound');
    expect(sids(outbound.body)).toEqual([autoShopCalls[2]]);

    const booked = await autoShop.get('/v1/calls?outcome=appointment_booked&from=2026-03-01T00:00:00-06:00&to=2026-03-05T00:00:00-06:00');
    expect(sids(booked.body)).toEqual([autoShopCalls[2], autoShopCalls[0]]);

    const caller = await autoShop.get(`/v1/calls?caller=${encodeURIComponent(CALLER)}`);
    expect(sids(caller.body)).toEqual([autoShopCalls[3], autoShopCalls[2], autoShopCalls[0]]);
  });

  it("never lists another tenant's calls: its own only, naming another tenant is a 403; an admin key sees all", async () => {
    expect(sids((await hotel.get('/v1/calls')).body)).toEqual([hotelCall]);
    expect((await hotel.get(`/v1/calls/${autoShopCalls[0]}`)).status).toBe(404);
    const naming = await hotel.get(`/v1/calls?tenant=${AUTO_SHOP.slug}`);
    expect(naming.status).toBe(403);
    expect(naming.body.message).toBe(`This key belongs to tenant ${HOTEL.slug}; it cannot act on ${AUTO_SHOP.slug}`);

    expect(sids((await admin.get('/v1/calls?limit=200')).body)).toHaveLength(6);
    expect(sids((await admin.get(`/v1/calls?tenant=${HOTEL.slug}`)).body)).toEqual([hotelCall]);
  });

  it('rejects bad filters with a 400 listing each bad field, and a forged cursor', async () => {
    const bad = await autoShop.get('/v1/calls?from=yesterday&direction=sideways&caller=5551234&limit=0&colour=red');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual([
      expect.stringMatching(/^from: /),
      expect.stringMatching(/^direction: /),
      'caller: expected an E.164 phone number like +15551234567',
      expect.stringMatching(/^limit: /),
      expect.stringMatching(/colour/),
    ]);
    const backwards = await autoShop.get('/v1/calls?from=2026-03-05T00:00:00Z&to=2026-03-01T00:00:00Z');
    expect(backwards.body.message).toEqual(['to: must be after from']);
    const forged = await autoShop.get('/v1/calls?cursor=bm90LWEtY3Vyc29y');
    expect(forged.status).toBe(400);
    expect(forged.body.message).toEqual(['cursor: not a cursor this API handed out']);
  });

  it('shows a call with its lead score, outcome and its page in the Temporal UI', async () => {
    const call = await autoShop.get(`/v1/calls/${autoShopCalls[0]}`);
    expect(call.status).toBe(200);
    expect(call.body).toMatchObject({ callSid: autoShopCalls[0], tenant: AUTO_SHOP.slug, outcome: 'appointment_booked', leadScore: 80, costUsd: 0.125 });
    expect(call.body.temporalUiUrl).toBe(`http://temporal-ui.example.test:8080/namespaces/default/workflows/call-${autoShopCalls[0]}`);
  });

  describe('analytics export', () => {
    const range = 'from=2026-03-02T00:00:00Z&to=2026-03-05T00:00:00Z';

    it('exports the calls of a range as JSON, oldest first, with totals by outcome', async () => {
      const report = await autoShop.get(`/v1/analytics/calls?${range}`);
      expect(report.status).toBe(200);
      expect(report.body.totals).toEqual({
        calls: 4,
        byOutcome: { appointment_booked: 2, information_provided: 1, callback_requested: 1 },
        costUsd: 0.195,
        averageLeadScore: 50,
      });
      expect(report.body.calls.map((call: { callSid: string }) => call.callSid)).toEqual(autoShopCalls.slice(0, 4));
    });

    it('exports CSV a spreadsheet opens: a header, one line per call', async () => {
      const csv = await autoShop.get(`/v1/analytics/calls?${range}&format=csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(csv.headers.get('content-disposition')).toBe('attachment; filename="calls-2026-03-02-2026-03-05.csv"');
      const lines = (csv.body as string).trimEnd().split('\r\n');
      expect(lines[0]).toBe('callSid,tenant,direction,from,to,status,outcome,intent,sentiment,leadScore,startedAt,endedAt,durationSeconds,toolCalls,costUsd');
      expect(lines).toHaveLength(5);
      expect(lines[1]).toBe(
        `${autoShopCalls[0]},${AUTO_SHOP.slug},inbound,${CALLER},+15005550001,completed,appointment_booked,,,80,2026-03-02T14:00:00.000Z,2026-03-02T14:01:00.000Z,60,0,0.125`,
      );
    });

    it("covers the key's own tenant only; naming another is a 403", async () => {
      expect((await hotel.get(`/v1/analytics/calls?${range}`)).body.totals.calls).toBe(1);
      expect((await hotel.get(`/v1/analytics/calls?${range}&tenant=${AUTO_SHOP.slug}`)).status).toBe(403);
      expect((await admin.get(`/v1/analytics/calls?${range}`)).body.totals.calls).toBe(5);
    });

    it('needs a range, and a known format', async () => {
      const bad = await autoShop.get('/v1/analytics/calls?format=xml');
      expect(bad.status).toBe(400);
      expect(bad.body.message).toEqual([expect.stringMatching(/^from: /), expect.stringMatching(/^to: /), expect.stringMatching(/^format: /)]);
    });
  });
});
