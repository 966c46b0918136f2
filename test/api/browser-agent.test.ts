import { WebSocket } from 'ws';
import { CallerNumberKey, TenantIdKey } from '../../libs/temporal/src/search-attributes';
import { verifyStreamToken } from '../../libs/stream-token/src/stream-token';
import { toolsInPacks } from '../../libs/tools/src';
import { AUTO_SHOP, HOTEL, ROOFING } from '../../prisma/seed/demo-data';
import { genericAgent, RealtimeSimulator } from '../../simulators/realtime';
import { tenantIdOf } from '../support/call-fixtures';
import { startWebhookStack, type WebhookStack } from '../support/webhook-stack';
import { acceptedUpdates } from '../support/workflow-history';
import { issueKey } from './support/api-keys';
import { startApiServer, type ApiServer } from './support/api-server';
import { restClient, type RestClient } from './support/rest-client';

const TWILIO = { accountSid: `AC${'9b'.repeat(16)}`, authToken: 'browser-agent-test-auth-token' };
const BROWSER_STREAM_URL = 'ws://127.0.0.1:3999/browser';
const CREW_PHONE = '+14045550142';
/** The roofer's tools that change records: seed 000 asks the browser agent's user before each. */
const ROOFING_WRITES = ['request_callback', 'opt_out', 'create_contact', 'add_note', 'log_activity'];

describe('Browser agent API: sessions, session links, tools and events of a live call', () => {
  let stack: WebhookStack;
  let roofer: RestClient;
  let hotel: RestClient;
  let admin: RestClient;

  beforeAll(async () => {
    // Local mode: no OpenAI key, so the page talks through the media-edge.
    delete process.env.OPENAI_API_KEY;
    process.env.BROWSER_STREAM_URL = BROWSER_STREAM_URL;
    stack = await startWebhookStack(TWILIO, { allowList: [] });
    roofer = restClient(stack.apiUrl, await issueKey(stack.sb.db, ROOFING));
    hotel = restClient(stack.apiUrl, await issueKey(stack.sb.db, HOTEL));
    admin = restClient(stack.apiUrl, await issueKey(stack.sb.db, 'admin'));
  });
  afterAll(() => stack.stop());

  const describeCall = (callSid: string) => stack.sb.calls.handle(callSid).describe();
  const newLink = async (body: Record<string, unknown> = {}) => {
    const created = await roofer.post('/v1/session-links', { label: 'Mike (crew 2)', phone: CREW_PHONE, ...body });
    expect(created.status).toBe(201);
    return created.body as { id: string; token: string; url: string; expiresAt: string; phone: string | null };
  };
  /** A conversation of the roofer's, started the way the page starts one. */
  const startSession = async (client: RestClient = roofer): Promise<string> => {
    const session = await client.get('/v1/session');
    expect(session.status).toBe(200);
    return session.body.callSid as string;
  };
  const endCall = async (callSid: string, client: RestClient = roofer) => {
    expect((await client.post(`/v1/calls/${callSid}/events`, { seq: 1, event: { type: 'ended' } })).status).toBe(204);
    return stack.sb.calls.handle(callSid).result();
  };

  describe('GET /v1/session', () => {
    it('in local mode starts call-<callSid> for the tenant and hands out the media-edge socket with a stream token for that call', async () => {
      const response = await roofer.get('/v1/session');

      expect(response.status).toBe(200);
      const { callSid, agent, confirmTools, connection } = response.body;
      expect(callSid).toMatch(/^CA[0-9a-f]{32}$/);
      expect(agent).toEqual({ name: ROOFING.agentName, brand: ROOFING.name });
      expect([...confirmTools].sort()).toEqual([...ROOFING_WRITES].sort());
      expect(connection).toEqual({ type: 'media-edge', url: BROWSER_STREAM_URL, token: expect.any(String) });
      const token = verifyStreamToken(connection.token, process.env.STREAM_TOKEN_SECRET!, callSid);
      expect(token).toMatchObject({ ok: true, claims: { callSid, tenantId: await tenantIdOf(stack.sb.db, ROOFING), callerNumber: '' } });
      const call = await describeCall(callSid);
      expect(call.status.name).toBe('RUNNING');
      expect(call.typedSearchAttributes.get(TenantIdKey)).toBe(await tenantIdOf(stack.sb.db, ROOFING));
      await endCall(callSid);
    });

    it('asks for no confirmation where the tenant does not want one', async () => {
      const autoShop = restClient(stack.apiUrl, await issueKey(stack.sb.db, AUTO_SHOP));
      const response = await autoShop.get('/v1/session');

      expect(response.status).toBe(200);
      expect(response.body.confirmTools).toEqual([]);
      await endCall(response.body.callSid, autoShop);
    });

    it('starts no conversation while the tenant has its AI switched off', async () => {
      const tenantId = await tenantIdOf(stack.sb.db, HOTEL);
      await stack.sb.db.agentConfig.update({ where: { tenantId }, data: { aiEnabled: false } });
      try {
        expect(await hotel.get('/v1/session')).toMatchObject({ status: 409, body: { message: 'The AI agent is switched off for this tenant (aiEnabled is false)' } });
        expect(await stack.sb.db.call.count({ where: { tenantId } })).toBe(0);
      } finally {
        await stack.sb.db.agentConfig.update({ where: { tenantId }, data: { aiEnabled: true } });
      }
    });

    it('needs an admin key to name the tenant, and refuses a tenant key that names another', async () => {
      expect(await admin.get('/v1/session')).toMatchObject({ status: 400, body: { message: ['tenant: required with an admin key'] } });
      expect((await hotel.get(`/v1/session?tenant=${ROOFING.slug}`)).status).toBe(403);

      const asAdmin = await admin.get(`/v1/session?tenant=${ROOFING.slug}`);
      expect(asAdmin.status).toBe(200);
      expect(asAdmin.body.agent.brand).toBe(ROOFING.name);
      await endCall(asAdmin.body.callSid);
    });

    it("with OPENAI_API_KEY mints a Realtime client secret through the SDK, its session configured with the tenant's instructions, voice and tools", async () => {
      const simulator = await RealtimeSimulator.start({ plan: genericAgent });
      Object.assign(process.env, { OPENAI_API_KEY: simulator.apiKey, OPENAI_BASE_URL: simulator.restBaseUrl });
      let api: ApiServer | undefined;
      try {
        api = await startApiServer();
        const withKeys = restClient(api.baseUrl, await issueKey(stack.sb.db, ROOFING));
        const link = await newLink();

        const response = await restClient(api.baseUrl, link.token).get('/v1/session');

        expect(response.status).toBe(200);
        const { callSid, connection } = response.body;
        expect(connection).toEqual({
          type: 'openai-webrtc',
          clientSecret: expect.stringMatching(/^ek_/),
          expiresAt: expect.any(Number),
          callsUrl: `${simulator.restBaseUrl}/realtime/calls`,
          greetingInstructions: `Greet the caller. Say exactly this and nothing else: "Thanks for calling ${ROOFING.name}, this is ${ROOFING.agentName}. How can I help you today?"`,
        });
        // What OpenAI holds for the secret: a connection made with it starts configured.
        const session = await firstSessionEvent(simulator.url, connection.clientSecret);
        expect(session.instructions).toContain(ROOFING.instructions);
        expect(session.instructions).toContain(`The caller's phone number is ${CREW_PHONE}.`);
        expect(session.audio.output.voice).toBe(ROOFING.voice);
        expect(session.tools.map((tool) => tool.name).sort()).toEqual(toolsInPacks(ROOFING.toolPacks).map((spec) => spec.name).sort());
        expect((await describeCall(callSid)).typedSearchAttributes.get(CallerNumberKey)).toBe(CREW_PHONE);

        // The page's tool calls reach the same workflow through this API.
        const tool = await withKeys.post(`/v1/calls/${callSid}/tools`, { toolCallId: 'call_webrtc_hours', name: 'get_business_hours' });
        expect(tool).toMatchObject({ status: 200, body: { ok: true } });
        await endCall(callSid);
      } finally {
        await api?.close();
        delete process.env.OPENAI_API_KEY;
        delete process.env.OPENAI_BASE_URL;
        await simulator.close();
      }
    });
  });

  describe('session links', () => {
    it('open the browser agent for their tenant, as the user they name, until they expire', async () => {
      const before = Date.now();
      const link = await newLink({ ttlMinutes: 30 });

      expect(link.token).toMatch(/^sb_link_[0-9a-f]{40}$/);
      expect(link.url).toBe(`${stack.apiUrl}/client?link=${link.token}`);
      expect(Date.parse(link.expiresAt)).toBeGreaterThanOrEqual(before + 30 * 60_000);
      expect(Date.parse(link.expiresAt)).toBeLessThanOrEqual(Date.now() + 30 * 60_000);
      const viaLink = restClient(stack.apiUrl, link.token);
      const callSid = await startSession(viaLink);
      expect((await describeCall(callSid)).typedSearchAttributes.get(CallerNumberKey)).toBe(CREW_PHONE);
      await endCall(callSid);

      // The link's time is up.
      await stack.sb.db.sessionLink.update({ where: { id: link.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
      const expired = await viaLink.get('/v1/session');
      expect(expired.status).toBe(401);
      expect(expired.body.message).toBe('This session link has expired: ask for a new one');
      expect(expired.headers.get('www-authenticate')).toContain('error="invalid_token"');
    });

    it("open nothing but the browser agent's routes, and only their own tenant", async () => {
      const viaLink = restClient(stack.apiUrl, (await newLink()).token);

      for (const response of [await viaLink.get('/v1/calls'), await viaLink.get('/v1/agent-config'), await viaLink.post('/v1/session-links', { label: 'another' })]) {
        expect(response).toMatchObject({ status: 403, body: { message: 'A session link opens the browser agent only' } });
      }
      expect((await viaLink.get(`/v1/session?tenant=${HOTEL.slug}`)).status).toBe(403);
      const hotelCall = await startSession(hotel);
      expect((await viaLink.post(`/v1/calls/${hotelCall}/tools`, { toolCallId: 'call_other_tenant', name: 'get_location' })).status).toBe(404);
      expect((await restClient(stack.apiUrl, `sb_link_${'0'.repeat(40)}`).get('/v1/session')).status).toBe(401);
      await endCall(hotelCall, hotel);
    });

    it('are created only for the key’s own tenant, for 5 minutes to 24 hours', async () => {
      expect((await hotel.post('/v1/session-links', { label: 'x', tenant: ROOFING.slug })).status).toBe(403);
      const tooLong = await roofer.post('/v1/session-links', { label: 'x', ttlMinutes: 24 * 60 + 1, phone: '555' });
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.message).toEqual(['phone: expected an E.164 phone number like +15551234567', 'ttlMinutes: Too big: expected number to be <=1440']);
    });
  });

  describe('POST /v1/calls/:callSid/tools', () => {
    it('runs the runTool Update once for a repeated tool-call id, and answers the repeat with the first result', async () => {
      const callSid = await startSession();
      const request = { toolCallId: 'call_web_callback_1', name: 'request_callback', args: { reason: 'Gutter estimate for the Carter job', phone: CREW_PHONE } };

      const first = await roofer.post(`/v1/calls/${callSid}/tools`, request);
      const repeat = await roofer.post(`/v1/calls/${callSid}/tools`, request);

      expect(first).toMatchObject({ status: 200, body: { ok: true, data: { phone: CREW_PHONE } } });
      expect(repeat.body).toEqual(first.body);
      const result = await endCall(callSid);
      expect(result.toolCalls).toEqual([{ toolCallId: request.toolCallId, name: 'request_callback', ok: true }]);
      expect(await stack.sb.db.toolCall.count({ where: { callSid } })).toBe(1);
      expect(await stack.sb.db.callback.count({ where: { callSid } })).toBe(1);
      const history = await stack.sb.calls.handle(callSid).fetchHistory();
      expect(acceptedUpdates(history).filter((update) => update.updateId === request.toolCallId)).toEqual([{ name: 'runTool', updateId: request.toolCallId }]);
    });

    it("answers another tenant's call, and an unknown one, with 404; an ended call with 409", async () => {
      const callSid = await startSession();
      const request = { toolCallId: 'call_web_location', name: 'get_location' };

      expect(await hotel.post(`/v1/calls/${callSid}/tools`, request)).toMatchObject({ status: 404, body: { message: `No call ${callSid}` } });
      const unknown = `CA${'0'.repeat(32)}`;
      expect(await roofer.post(`/v1/calls/${unknown}/tools`, request)).toMatchObject({ status: 404, body: { message: `No call ${unknown}` } });
      await endCall(callSid);
      expect(await roofer.post(`/v1/calls/${callSid}/tools`, request)).toMatchObject({ status: 409, body: { message: `Call ${callSid} has ended` } });
      const history = await stack.sb.calls.handle(callSid).fetchHistory();
      expect(acceptedUpdates(history)).toEqual([]);
    });

    it('refuses bad arguments, unknown tools and tools the tenant lacks with a 400 that says why, and runs nothing', async () => {
      const callSid = await startSession();
      const post = (body: unknown) => roofer.post(`/v1/calls/${callSid}/tools`, body);

      expect(await post({ toolCallId: 'call_bad_1', name: 'request_callback', args: { reason: 'x', phone: 'tomorrow' } })).toMatchObject({
        status: 400,
        body: { message: ['Invalid arguments for "request_callback": reason: Too small: expected string to have >=3 characters; phone: expected an E.164 phone number like +15551234567.'] },
      });
      expect(await post({ toolCallId: 'call_bad_2', name: 'book_appointment', args: {} })).toMatchObject({
        status: 400,
        body: { message: ['Tool "book_appointment" is not available for this business.'] },
      });
      expect(await post({ toolCallId: 'call_bad_3', name: 'launch_rocket' })).toMatchObject({ status: 400, body: { message: ['Unknown tool "launch_rocket".'] } });
      expect(await post({ name: 'get_location', args: [] })).toMatchObject({
        status: 400,
        body: { message: ['toolCallId: Invalid input: expected string, received undefined', 'args: Invalid input: expected record, received array'] },
      });
      expect((await endCall(callSid)).toolCalls).toEqual([]);
    });
  });

  describe('POST /v1/calls/:callSid/events', () => {
    it("records a WebRTC conversation like a phone call: its transcript once per event, its usage as cost, and its end starts the summary", async () => {
      const callSid = await startSession();
      const post = (seq: number, event: unknown) => roofer.post(`/v1/calls/${callSid}/events`, { seq, event });
      const usage = { total_tokens: 1500, input_token_details: { text_tokens: 200, audio_tokens: 600 }, output_token_details: { text_tokens: 100, audio_tokens: 600 } };

      for (const [seq, event] of [
        [1, { type: 'connected' }],
        [2, { type: 'turn', role: 'agent', text: 'Thanks for calling Peak Roofing & Exteriors, this is Riley.' }],
        [3, { type: 'turn', role: 'caller', text: 'When are you open on Friday?' }],
        [3, { type: 'turn', role: 'caller', text: 'When are you open on Friday?' }],
        [4, { type: 'usage', usage }],
        [5, { type: 'ended' }],
      ] as const) {
        expect((await post(seq, event)).status).toBe(204);
      }

      const result = await stack.sb.calls.handle(callSid).result();
      expect(result.turnCount).toBe(2);
      expect(result.costUsd).toBeGreaterThan(0);
      const call = await roofer.get(`/v1/calls/${callSid}`);
      expect(call.body).toMatchObject({
        transcript: [
          { seq: 0, role: 'agent', text: 'Thanks for calling Peak Roofing & Exteriors, this is Riley.' },
          { seq: 1, role: 'caller', text: 'When are you open on Friday?' },
        ],
        summary: { summary: expect.any(String) },
      });
      expect(call.body.costUsd).toBe(result.costUsd);
      expect((await post(6, { type: 'turn', role: 'caller', text: 'late' })).status).toBe(409);
    });

    it('refuses an event it does not know with a 400 naming the field', async () => {
      const callSid = await startSession();
      const response = await roofer.post(`/v1/calls/${callSid}/events`, { seq: 0, event: { type: 'turn', role: 'system', text: '' } });
      expect(response.status).toBe(400);
      expect(response.body.message).toEqual(expect.arrayContaining([expect.stringMatching(/^seq: /), expect.stringMatching(/^event\.role: /)]));
      await endCall(callSid);
    });
  });
});

interface RealtimeSessionConfig {
  instructions: string;
  audio: { output: { voice: string } };
  tools: Array<{ name: string }>;
}

/** The `session` of the first event a Realtime connection made with `key` receives (`session.created`). */
async function firstSessionEvent(url: string, key: string): Promise<RealtimeSessionConfig> {
  const socket = new WebSocket(url, { headers: { Authorization: `Bearer ${key}` } });
  try {
    const event = await new Promise<{ type: string; session: RealtimeSessionConfig }>((resolve, reject) => {
      socket.once('message', (data) => resolve(JSON.parse(String(data))));
      socket.once('error', reject);
    });
    expect(event.type).toBe('session.created');
    return event.session;
  } finally {
    socket.close();
  }
}
