import OpenAI from 'openai';
import { mulawToPcm16 } from '../../libs/audio/src/mulaw';
import { parseWavHeader, type WavHeader } from '../../libs/audio/src/wav';
import { callStatusSignal } from '../../libs/calls/src/call-messages';
import { requestGreetingRender } from '../../libs/greetings/src/greeting-renders';
import { OpenAISpeechSynthesis } from '../../libs/speech/src/openai-speech-synthesis';
import { AUTO_SHOP, DEMO_TENANTS, HOTEL } from '../../prisma/seed/demo-data';
import { SpeechSimulator } from '../../simulators/openai-rest/speech-simulator';
import { createTestTenant, type TestTenant } from '../../simulators/fixtures/fixture-tenant';
import { eventually } from '../media-edge/support/eventually';
import { inboundCall, tenantIdOf } from '../support/call-fixtures';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard-worker';
import { bearer, issueKey } from './support/api-keys';
import { startApiServer, type ApiServer } from './support/api-server';
import { restClient, type RestClient } from './support/rest-client';

const TEMPORAL_UI_URL = 'http://temporal-ui.example.test:8233';
const CALLER = '+15125550177';

interface LiveCallRow {
  callSid: string;
  tenant: string;
  startedAt: string;
  lastTool: string | null;
}

/** The routes the admin console reads besides the long-standing ones: who the key sees, calls in progress, the greeting preview. */
describe('REST for the admin console', () => {
  let speechSim: SpeechSimulator;
  let sb: TestSwitchboard;
  let api: ApiServer;
  let admin: RestClient;
  let autoShop: RestClient;
  let hotel: RestClient;

  beforeAll(async () => {
    speechSim = await SpeechSimulator.start();
    sb = await startTestSwitchboard({ speech: new OpenAISpeechSynthesis(new OpenAI({ apiKey: speechSim.apiKey, baseURL: speechSim.baseUrl }), 'gpt-4o-mini-tts') });
    // The API asks this file's worker to render a changed greeting.
    Object.assign(process.env, { TEMPORAL_UI_URL, TEMPORAL_TASK_QUEUE: sb.taskQueue });
    api = await startApiServer();
    admin = restClient(api.baseUrl, await issueKey(api.db, 'admin'));
    autoShop = restClient(api.baseUrl, await issueKey(api.db, AUTO_SHOP));
    hotel = restClient(api.baseUrl, await issueKey(api.db, HOTEL));
  });
  afterAll(async () => {
    await api.close();
    await sb.shutdown();
    await speechSim.close();
  });

  describe('GET /v1/tenants', () => {
    it('lists every tenant by name for an admin key, and a tenant key its own tenant alone', async () => {
      const all = await admin.get('/v1/tenants');
      expect(all.status).toBe(200);
      expect(all.body.role).toBe('admin');
      const names = all.body.data.map((tenant: { name: string }) => tenant.name);
      expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
      expect(all.body.data).toEqual(expect.arrayContaining(DEMO_TENANTS.map((demo) => ({ slug: demo.slug, name: demo.name, vertical: demo.vertical, timeZone: demo.timeZone }))));

      expect(await autoShop.get('/v1/tenants')).toMatchObject({
        status: 200,
        body: { role: 'tenant', data: [{ slug: AUTO_SHOP.slug, name: AUTO_SHOP.name, vertical: 'AUTO_SHOP', timeZone: AUTO_SHOP.timeZone }] },
      });
      expect((await autoShop.get('/v1/tenants')).body.data).toHaveLength(1);
      expect(await autoShop.get('/v1/tenants?tenant=harbor-inn')).toMatchObject({ status: 400, body: { message: [expect.stringMatching(/tenant/)] } });
    });
  });

  describe('GET /v1/live-calls', () => {
    const liveCalls = async (client: RestClient, query = ''): Promise<LiveCallRow[]> => {
      const response = await client.get(`/v1/live-calls${query}`);
      expect(response.status).toBe(200);
      return response.body.data;
    };
    const startCall = async (tenant: typeof AUTO_SHOP) => {
      const input = inboundCall(await tenantIdOf(sb.db, tenant), tenant, CALLER);
      return { input, handle: await sb.calls.startOrAttach(input) };
    };
    const hangUp = async ({ handle }: Awaited<ReturnType<typeof startCall>>) => {
      await handle.signal(callStatusSignal, { status: 'completed', at: new Date().toISOString() });
      await handle.result();
    };

    it('lists a running call with its caller, tenant, duration so far, last tool and Temporal UI page, until it ends', async () => {
      const call = await startCall(AUTO_SHOP);
      const { callSid } = call.input;
      await sb.calls.runTool(callSid, `call_live_${callSid}`, 'get_location', {});

      const listed = await eventually('the call with its last tool in visibility', async () =>
        (await liveCalls(autoShop)).find((row) => row.callSid === callSid && row.lastTool === 'get_location'),
      );
      expect(listed).toEqual({
        callSid,
        workflowId: `call-${callSid}`,
        tenant: AUTO_SHOP.slug,
        tenantName: AUTO_SHOP.name,
        direction: 'inbound',
        caller: CALLER,
        startedAt: expect.any(String),
        durationSeconds: expect.any(Number),
        lastTool: 'get_location',
        toolCalls: 1,
        temporalUiUrl: `${TEMPORAL_UI_URL}/namespaces/default/workflows/call-${callSid}`,
      });
      expect(Date.parse(listed.startedAt)).toBeLessThanOrEqual(Date.now());

      await hangUp(call);
      await eventually('the ended call to leave the list', async () => !(await liveCalls(autoShop)).some((row) => row.callSid === callSid));
    });

    it("never shows another tenant's live call: a tenant key sees its own, naming another is a 403; an admin key sees every tenant's", async () => {
      const autoShopCall = await startCall(AUTO_SHOP);
      const hotelCall = await startCall(HOTEL);
      const listedFor = (rows: LiveCallRow[]) => rows.map((row) => row.callSid);

      await eventually('both calls in visibility', async () => {
        const all = listedFor(await liveCalls(admin));
        return all.includes(autoShopCall.input.callSid) && all.includes(hotelCall.input.callSid);
      });
      const asHotel = await liveCalls(hotel);
      expect(listedFor(asHotel)).toContain(hotelCall.input.callSid);
      expect(listedFor(asHotel)).not.toContain(autoShopCall.input.callSid);
      expect(new Set(asHotel.map((row) => row.tenant))).toEqual(new Set([HOTEL.slug]));
      expect(await hotel.get(`/v1/live-calls?tenant=${AUTO_SHOP.slug}`)).toMatchObject({ status: 403 });
      const adminForAutoShop = await liveCalls(admin, `?tenant=${AUTO_SHOP.slug}`);
      expect(listedFor(adminForAutoShop)).toContain(autoShopCall.input.callSid);
      expect(listedFor(adminForAutoShop)).not.toContain(hotelCall.input.callSid);
      expect(await hotel.get('/v1/live-calls?limit=0')).toMatchObject({ status: 400, body: { message: [expect.stringMatching(/^limit: /)] } });

      await Promise.all([hangUp(autoShopCall), hangUp(hotelCall)]);
    });
  });

  describe('GET /v1/agent-config/greeting and its audio', () => {
    let tenant: TestTenant;
    let tenantKey: string;
    let key: RestClient;

    beforeAll(async () => {
      // A tenant of the file's own: render workflows are named by tenant id, which every file's seeded copy shares.
      tenant = await createTestTenant(api.db);
      tenantKey = await issueKey(api.db, { tenantId: tenant.id });
      key = restClient(api.baseUrl, tenantKey);
      await sb.client.workflow.getHandle(await requestGreetingRender(sb.client, tenant.id, sb.taskQueue)).result();
    });

    it('shows the greeting callers hear and plays its cached recording as a PCM WAV of the stored μ-law', async () => {
      const stored = await api.db.greetingAudio.findFirstOrThrow({ where: { tenantId: tenant.id } });

      expect(await key.get('/v1/agent-config/greeting')).toMatchObject({
        status: 200,
        body: { text: `Thanks for calling ${tenant.name}.`, voice: stored.voice, recording: { durationMs: stored.durationMs, model: stored.model, renderedAt: stored.createdAt.toISOString() } },
      });
      const response = await fetch(`${api.baseUrl}/v1/agent-config/greeting/audio`, { headers: bearer(tenantKey) });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('audio/wav');
      const wav = Buffer.from(await response.arrayBuffer());
      expect(parseWavHeader(wav)).toMatchObject<Partial<WavHeader>>({ formatCode: 1, channels: 1, sampleRateHz: 8000, bitsPerSample: 16, dataOffset: 44, dataLength: stored.audio.length * 2 });
      const samples = new Int16Array(wav.buffer.slice(wav.byteOffset + 44, wav.byteOffset + wav.length));
      expect(Buffer.from(samples.buffer).equals(Buffer.from(mulawToPcm16(stored.audio).buffer))).toBe(true);
    });

    it('renders a changed greeting on its own: the preview shows the new words, then their recording', async () => {
      expect((await key.patch('/v1/agent-config', { greetingTemplate: 'You reached {brand}, {agent} here.' })).status).toBe(200);
      expect((await key.get('/v1/agent-config/greeting')).body).toMatchObject({ text: `You reached ${tenant.name}, Ava here.` });

      const recording = await eventually('the new greeting rendered', async () => (await key.get('/v1/agent-config/greeting')).body.recording, 60_000);
      expect(recording).toMatchObject({ durationMs: expect.any(Number) });
      expect(await api.db.greetingAudio.findFirst({ where: { tenantId: tenant.id, text: `You reached ${tenant.name}, Ava here.` } })).not.toBeNull();
      expect((await key.get('/v1/agent-config/greeting/audio')).status).toBe(200);
    });

    it('says the recording is missing while the current greeting has none', async () => {
      await api.db.greetingAudio.deleteMany({ where: { tenantId: tenant.id } });
      expect((await key.get('/v1/agent-config/greeting')).body.recording).toBeNull();
      expect(await key.get('/v1/agent-config/greeting/audio')).toMatchObject({ status: 404, body: { message: 'The current greeting has no recording yet' } });
      // Leave the tenant as the other tests found it: recorded.
      await sb.client.workflow.getHandle(await requestGreetingRender(sb.client, tenant.id, sb.taskQueue)).result();
    });

    it("never reads another tenant's greeting: naming it is a 403; an admin key must name the tenant", async () => {
      for (const route of ['/v1/agent-config/greeting', '/v1/agent-config/greeting/audio']) {
        expect(await hotel.get(`${route}?tenant=${tenant.slug}`)).toMatchObject({ status: 403 });
        expect(await admin.get(route)).toMatchObject({ status: 400, body: { message: ['tenant: required with an admin key'] } });
        expect((await admin.get(`${route}?tenant=${tenant.slug}`)).status).toBe(200);
      }
      expect((await hotel.get('/v1/agent-config/greeting')).body.text).toContain(HOTEL.name);
    });
  });
});
