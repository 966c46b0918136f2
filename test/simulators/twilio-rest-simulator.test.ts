import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import RestException from 'twilio/lib/base/RestException';
import { TelephonyRejection } from '../../libs/telephony/src/telephony';
import { createTwilioClient, TwilioTelephony } from '../../libs/telephony/src/twilio-telephony';
import { TwilioRestSimulator, type AnsweredCall, type CallUpdateRecord } from '../../simulators/twilio';

const ACCOUNT_SID = `AC${'5'.repeat(32)}`;
const AUTH_TOKEN = 'rest-simulator-auth-token';
const OUR_NUMBER = '+15550100000';
const CUSTOMER = '+14155550123';
const STREAM_TWIML = '<Response><Connect><Stream url="wss://app.example/media"><Parameter name="token" value="t-1"/></Stream></Connect></Response>';

interface ReceivedRequest {
  path: string;
  method: string;
  params: Record<string, string | string[]>;
  signatureValid: boolean;
}

/** The application's side of Twilio's requests: checks each signature and answers `/answer` with TwiML. */
class FakeApplication {
  readonly received: ReceivedRequest[] = [];
  answerTwiml = '<Response><Say>Hello from the salon.</Say></Response>';

  private constructor(private readonly server: Server) {
    server.on('request', (request: IncomingMessage, response) => {
      void readBody(request).then((body) => {
        const params = formParams(new URLSearchParams(body));
        const signature = String(request.headers['x-twilio-signature'] ?? '');
        const signatureValid = twilio.validateRequest(AUTH_TOKEN, signature, `${this.url}${request.url}`, params);
        this.received.push({ path: request.url ?? '', method: request.method ?? '', params, signatureValid });
        if (request.url === '/answer') response.writeHead(200, { 'Content-Type': 'text/xml' }).end(this.answerTwiml);
        else response.writeHead(204).end();
      });
    });
  }

  static async start(): Promise<FakeApplication> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new FakeApplication(server);
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  to(path: string): ReceivedRequest[] {
    return this.received.filter((request) => request.path === path);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function formParams(form: URLSearchParams): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const name of new Set(form.keys())) params[name] = form.getAll(name).length > 1 ? form.getAll(name) : (form.get(name) ?? '');
  return params;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('TwilioRestSimulator, driven through TwilioTelephony and the official twilio SDK', () => {
  let sim: TwilioRestSimulator;
  let app: FakeApplication;
  let client: ReturnType<typeof createTwilioClient>;
  let telephony: TwilioTelephony;

  beforeEach(async () => {
    sim = await TwilioRestSimulator.start({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    app = await FakeApplication.start();
    client = createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: sim.baseUrl });
    telephony = new TwilioTelephony(client);
  });

  afterEach(async () => {
    await sim.close();
    await app.close();
    expect(sim.errors).toEqual([]);
  });

  const placeCall = (extra: Partial<Parameters<TwilioTelephony['placeCall']>[0]> = {}) =>
    telephony.placeCall({ to: CUSTOMER, from: OUR_NUMBER, url: `${app.url}/answer`, statusCallback: `${app.url}/status`, ...extra });

  /** Once the call has ended, every request about it has been asked for; then they settle. */
  const callbacksSettled = async (callSid: string) => {
    await sim.waitUntil(() => sim.call(callSid).ended);
    await sim.waitForCallbacksSettled(callSid);
  };

  it('creates calls as the SDK expects them: 201 with a queued outbound-api Call resource', async () => {
    const created = await client.calls.create({ to: CUSTOMER, from: OUR_NUMBER, url: `${app.url}/answer` });

    expect(created).toMatchObject({
      accountSid: ACCOUNT_SID,
      to: CUSTOMER,
      toFormatted: '(415) 555-0123',
      from: OUR_NUMBER,
      status: 'queued',
      direction: 'outbound-api',
      apiVersion: '2010-04-01',
      startTime: null,
      uri: `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls/${created.sid}.json`,
    });
    expect(created.sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(created.dateCreated).toBeInstanceOf(Date);
    expect(created.dateCreated.getTime()).not.toBeNaN();
    await callbacksSettled(created.sid);
  });

  it('places a call: signed status callbacks in order, and the signed TwiML request to Url when answered', async () => {
    const { sid } = await placeCall();

    const call = sim.call(sid);
    expect(call).toMatchObject({ accountSid: ACCOUNT_SID, from: OUR_NUMBER, to: CUSTOMER, direction: 'outbound-api' });
    expect(call.createParams).toMatchObject({ StatusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'] });

    await callbacksSettled(sid);
    expect(call.statusHistory).toEqual(['queued', 'ringing', 'in-progress', 'completed']);
    expect(app.received.every((request) => request.signatureValid)).toBe(true);
    const statuses = app.to('/status').map((request) => request.params);
    expect(statuses.map((params) => [params.CallStatus, params.SequenceNumber])).toEqual([
      ['initiated', '0'],
      ['ringing', '1'],
      ['in-progress', '2'],
      ['completed', '3'],
    ]);
    for (const params of statuses) {
      expect(params).toMatchObject({ CallSid: sid, AccountSid: ACCOUNT_SID, CallbackSource: 'call-progress-events', Direction: 'outbound-api' });
      expect(params.Timestamp).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    }
    expect(statuses[3].CallDuration).toMatch(/^\d+$/);
    expect(statuses[2].CallDuration).toBeUndefined();

    const [answerRequest] = app.to('/answer');
    expect(answerRequest).toMatchObject({ method: 'POST', params: { CallSid: sid, CallStatus: 'in-progress', Direction: 'outbound-api', From: OUR_NUMBER } });
    expect(answerRequest.params.AnsweredBy).toBeUndefined();
    expect(app.received.map((request) => request.path)).toEqual(['/status', '/status', '/status', '/answer', '/status']);
  });

  it('reports the scripted answering machine as AnsweredBy on the TwiML request and the callbacks (synchronous AMD)', async () => {
    sim.scriptCallee(CUSTOMER, { outcome: 'answer', answeredBy: 'machine_end_beep' });
    const { sid } = await placeCall({ machineDetection: 'DetectMessageEnd' });

    await callbacksSettled(sid);
    expect(app.to('/answer')[0].params).toMatchObject({ AnsweredBy: 'machine_end_beep' });
    expect(app.to('/status').map((request) => request.params.AnsweredBy)).toEqual([undefined, undefined, 'machine_end_beep', 'machine_end_beep']);
    expect(sim.call(sid).toJson().answered_by).toBe('machine_end_beep');
  });

  it('connects at once with asynchronous AMD and posts the verdict to the AMD callback', async () => {
    sim.scriptCallee(CUSTOMER, { outcome: 'answer', answeredBy: 'human' });
    const { sid } = await placeCall({ machineDetection: 'Enable', asyncAmdStatusCallback: `${app.url}/amd` });

    await callbacksSettled(sid);
    expect(app.to('/answer')[0].params.AnsweredBy).toBeUndefined();
    expect(app.to('/amd')).toEqual([
      expect.objectContaining({ signatureValid: true, params: { AccountSid: ACCOUNT_SID, CallSid: sid, AnsweredBy: 'human', MachineDetectionDuration: expect.any(String) } }),
    ]);
  });

  it.each([
    ['busy', ['initiated', 'busy']],
    ['failed', ['initiated', 'failed']],
    ['no-answer', ['initiated', 'ringing', 'no-answer']],
  ] as const)('a %s callee: the callbacks end with that status and the TwiML is never requested', async (outcome, callbacks) => {
    sim.scriptCallee(CUSTOMER, { outcome });
    const { sid } = await placeCall();

    await callbacksSettled(sid);
    expect(app.to('/status').map((request) => request.params.CallStatus)).toEqual(callbacks);
    expect(app.to('/answer')).toEqual([]);
    expect(sim.call(sid).status).toBe(outcome);
    expect(sim.call(sid).toJson()).toMatchObject({ status: outcome, duration: '0', start_time: null });
  });

  it('hands the answered call and its TwiML to onAnswered, which keeps it in progress until it hangs up', async () => {
    app.answerTwiml = STREAM_TWIML;
    const answered = new Promise<AnsweredCall>((resolve) => sim.scriptCallee(CUSTOMER, { outcome: 'answer', onAnswered: resolve }));
    const { sid } = await placeCall();

    const call = await answered;
    expect(call.call.sid).toBe(sid);
    expect(call.twimlUrl).toBe(`${app.url}/answer`);
    expect(call.verbs[0]).toMatchObject({ name: 'Connect', children: [{ name: 'Stream', attributes: { url: 'wss://app.example/media' } }] });
    expect(sim.call(sid).status).toBe('in-progress');

    call.hangUp();
    await callbacksSettled(sid);
    expect(app.to('/status').map((request) => request.params.CallStatus)).toEqual(['initiated', 'ringing', 'in-progress', 'completed']);
  });

  it('cancels a ringing call: hangUp (Status=completed) before the callee answers reports canceled', async () => {
    sim.scriptCallee(CUSTOMER, { outcome: 'answer', ringMs: 60_000 });
    const { sid } = await placeCall();
    await sim.waitForCallStatus(sid, 'ringing');

    await telephony.hangUp(sid);

    await callbacksSettled(sid);
    expect(app.to('/status').map((request) => request.params.CallStatus)).toEqual(['initiated', 'ringing', 'canceled']);
    expect(app.to('/answer')).toEqual([]);
  });

  describe('on a live call', () => {
    const liveCall = () => {
      const line = sim.registerInboundCall({ from: CUSTOMER, to: OUR_NUMBER });
      line.answer();
      return line;
    };

    it('transferCall replaces its TwiML with <Dial callerId><Number>, recorded and announced as callUpdated', async () => {
      const line = liveCall();
      const updated = new Promise<CallUpdateRecord>((resolve) => line.onUpdated(resolve));

      await telephony.transferCall(line.call.sid, { to: '+15550199999', callerId: OUR_NUMBER });

      expect(sim.updates).toHaveLength(1);
      const twiml = String(sim.updates[0].params.Twiml);
      expect(twiml).toMatch(/<Dial [^>]*callerId="\+15550100000"[^>]*><Number>\+15550199999<\/Number><\/Dial>/);
      expect(twiml).toContain('answerOnBridge="true"');
      expect(await updated).toMatchObject({ callSid: line.call.sid, twiml });
      expect(sim.call(line.call.sid).status).toBe('in-progress');
    });

    it('hangUp completes the call', async () => {
      const line = liveCall();
      const updated = new Promise<CallUpdateRecord>((resolve) => line.onUpdated(resolve));

      await telephony.hangUp(line.call.sid);

      expect(await updated).toMatchObject({ status: 'completed', params: { Status: 'completed' } });
      expect(sim.call(line.call.sid).statusHistory).toEqual(['ringing', 'in-progress', 'completed']);
    });

    it('ignores Status=canceled once the call is in progress', async () => {
      const line = liveCall();

      await client.calls(line.call.sid).update({ status: 'canceled' });

      expect(sim.call(line.call.sid).status).toBe('in-progress');
    });

    it('refuses new TwiML for a call that has ended (21220)', async () => {
      const line = liveCall();
      line.hangUp();

      const transfer = telephony.transferCall(line.call.sid, { to: '+15550199999', callerId: OUR_NUMBER });

      await expect(transfer).rejects.toBeInstanceOf(TelephonyRejection);
      await expect(transfer).rejects.toMatchObject({ code: 21220, message: 'Call is not in-progress. Cannot redirect.' });
    });
  });

  it('lists calls newest first, filtered by To and From, over as many pages as the SDK follows', async () => {
    const busy = '+14155550999';
    sim.setCallee(CUSTOMER, { outcome: 'busy' });
    sim.setCallee(busy, { outcome: 'busy' });
    const placed = [];
    for (const to of [CUSTOMER, busy, CUSTOMER, CUSTOMER]) placed.push({ to, ...(await placeCall({ to })) });
    const toCustomer = placed.filter((call) => call.to === CUSTOMER).map((call) => call.sid).reverse();

    const listed = await client.calls.list({ to: CUSTOMER, from: OUR_NUMBER, pageSize: 2 });

    expect(listed.map((call) => call.sid)).toEqual(toCustomer);
    expect(listed[0]).toMatchObject({ to: CUSTOMER, from: OUR_NUMBER, direction: 'outbound-api' });
    expect(await client.calls.list({ from: '+15550100001' })).toEqual([]);
    // The port allows for Twilio's clock differing from ours (and its whole seconds) by up to a minute.
    const minutes = (count: number) => new Date(Date.now() + count * 60_000);
    expect((await telephony.findPlacedCalls({ to: CUSTOMER, from: OUR_NUMBER, since: minutes(-5) })).map((call) => call.sid)).toEqual(toCustomer);
    expect(await telephony.findPlacedCalls({ to: CUSTOMER, from: OUR_NUMBER, since: minutes(5) })).toEqual([]);
    // A filter it does not apply is refused, not ignored.
    await expect(client.calls.list({ startTimeAfter: new Date() })).rejects.toMatchObject({ status: 400 });
    await Promise.all(placed.map((call) => callbacksSettled(call.sid)));
  });

  it('lists messages newest first, filtered by To and From', async () => {
    const first = await telephony.sendSms({ to: CUSTOMER, from: OUR_NUMBER, body: 'first' });
    await telephony.sendSms({ to: '+14155550999', from: OUR_NUMBER, body: 'elsewhere' });
    const second = await telephony.sendSms({ to: CUSTOMER, from: OUR_NUMBER, body: 'second' });

    const listed = await client.messages.list({ to: CUSTOMER, from: OUR_NUMBER, pageSize: 1 });

    expect(listed.map((message) => [message.sid, message.body])).toEqual([[second.sid, 'second'], [first.sid, 'first']]);
    const found = await telephony.findSentMessages({ to: CUSTOMER, from: OUR_NUMBER, since: new Date(Date.now() - 5 * 60_000) });
    expect(found.map((message) => message.body)).toEqual(['second', 'first']);
    await Promise.all(sim.messages.map((message) => sim.waitForMessageStatus(message.sid, 'delivered')));
  });

  it('answers 404 (20404) for an unknown call', async () => {
    const unknown = `CA${'0'.repeat(32)}`;

    await expect(client.calls(unknown).update({ status: 'completed' })).rejects.toMatchObject({ status: 404, code: 20404 });
    await expect(telephony.hangUp(unknown)).rejects.toMatchObject({ name: 'TelephonyRejection', code: 20404 });
  });

  it('answers 401 (20003) to wrong credentials, which the SDK throws as a RestException', async () => {
    const intruder = createTwilioClient({ accountSid: ACCOUNT_SID, authToken: 'wrong-token', apiBaseUrl: sim.baseUrl });

    const attempt = intruder.messages.create({ to: CUSTOMER, from: OUR_NUMBER, body: 'hi' });

    await expect(attempt).rejects.toBeInstanceOf(RestException);
    await expect(attempt).rejects.toMatchObject({ status: 401, code: 20003, moreInfo: 'https://www.twilio.com/docs/errors/20003' });
    await expect(new TwilioTelephony(intruder).hangUp(`CA${'0'.repeat(32)}`)).rejects.toMatchObject({ code: 20003 });
    expect(sim.messages).toEqual([]);
  });

  it('answers 400 (21205) to a call without Url or Twiml', async () => {
    await expect(client.calls.create({ to: CUSTOMER, from: OUR_NUMBER })).rejects.toMatchObject({ status: 400, code: 21205, message: 'Url parameter is required.' });
    await expect(placeCall({ url: '' })).rejects.toMatchObject({ name: 'TelephonyRejection', code: 21205 });
    expect(sim.calls).toEqual([]);
  });

  it('sends an SMS: a queued Message resource, then signed sent and delivered callbacks', async () => {
    const { sid } = await telephony.sendSms({ to: CUSTOMER, from: OUR_NUMBER, body: 'Your haircut is booked for 10:00.', statusCallback: `${app.url}/sms` });

    expect(sid).toMatch(/^SM[0-9a-f]{32}$/);
    const [message] = sim.messages;
    expect(message.init).toMatchObject({ to: CUSTOMER, from: OUR_NUMBER, body: 'Your haircut is booked for 10:00.' });

    await sim.waitForMessageStatus(sid, 'delivered');
    await sim.waitUntil(() => app.to('/sms').length === 2);
    expect(app.to('/sms').map((request) => [request.params.MessageStatus, request.signatureValid])).toEqual([
      ['sent', true],
      ['delivered', true],
    ]);
    expect(app.to('/sms')[1].params).toMatchObject({ MessageSid: sid, SmsSid: sid, AccountSid: ACCOUNT_SID, To: CUSTOMER, From: OUR_NUMBER });
    expect(message.statusHistory).toEqual(['queued', 'sent', 'delivered']);
  });

  it('creates messages as the SDK expects them: 201 with a queued Message resource', async () => {
    const created = await client.messages.create({ to: CUSTOMER, from: OUR_NUMBER, body: 'あ'.repeat(71) });

    expect(created).toMatchObject({ status: 'queued', direction: 'outbound-api', numSegments: '2', numMedia: '0', accountSid: ACCOUNT_SID, errorCode: null });
    expect(created.dateCreated).toBeInstanceOf(Date);
    await sim.waitForMessageStatus(created.sid, 'delivered');
    expect(app.received).toEqual([]);
  });

  it('fails the creates it is told to with 429, 5xx or a lost answer, logs every try, and serves the rest', async () => {
    sim.failCreates('Messages', [{ status: 429, retryAfterSeconds: 2 }, { status: 503 }, 'lost-answer'], { to: CUSTOMER });
    sim.failCreates('Calls', [{ status: 500 }]);

    const throttled = await fetch(`${sim.baseUrl}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}` },
      body: new URLSearchParams({ To: CUSTOMER, From: OUR_NUMBER, Body: 'one' }),
    });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('2');
    expect(await throttled.json()).toMatchObject({ code: 20429, status: 429, message: 'Too Many Requests' });
    // Another recipient's text is not in the queue of faults.
    await telephony.sendSms({ to: '+14155550999', from: OUR_NUMBER, body: 'elsewhere' });
    // A 503 and a 429 are worth retrying: neither is a TelephonyRejection.
    const unavailable = await telephony.sendSms({ to: CUSTOMER, from: OUR_NUMBER, body: 'two' }).catch((error: unknown) => error);
    expect(unavailable).toMatchObject({ status: 503, code: 20503 });
    expect(unavailable).not.toBeInstanceOf(TelephonyRejection);
    // Twilio takes the text, then the answer is lost: the SDK sees the connection die, and what is thrown
    // (and logged by the worker) does not carry the request's credentials.
    const lost = await telephony.sendSms({ to: CUSTOMER, from: OUR_NUMBER, body: 'three' }).catch((error: unknown) => error);
    expect(lost).toMatchObject({ name: 'TelephonyUnreachable', code: 'ECONNRESET' });
    expect(JSON.stringify(lost)).not.toContain(Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64'));
    const { sid } = await telephony.sendSms({ to: CUSTOMER, from: OUR_NUMBER, body: 'four' });
    await expect(placeCall()).rejects.toMatchObject({ status: 500, code: 20500 });
    await placeCall();

    expect(sim.createRequests.map((request) => [request.collection, request.to, request.answer])).toEqual([
      ['Messages', CUSTOMER, 429],
      ['Messages', '+14155550999', 201],
      ['Messages', CUSTOMER, 503],
      ['Messages', CUSTOMER, 'lost-answer'],
      ['Messages', CUSTOMER, 201],
      ['Calls', CUSTOMER, 500],
      ['Calls', CUSTOMER, 201],
    ]);
    expect(sim.messages.filter((message) => message.init.to === CUSTOMER).map((message) => message.init.body)).toEqual(['three', 'four']);
    expect(sim.messages.at(-1)?.sid).toBe(sid);
    expect(sim.calls).toHaveLength(1);
    await Promise.all(sim.messages.map((message) => sim.waitForMessageStatus(message.sid, 'delivered')));
    await callbacksSettled(sim.calls[0].sid);
  });

  it('retries nothing itself: a 429 from Twilio reaches the caller of TwilioTelephony as a retryable error', async () => {
    sim.failCreates('Calls', [{ status: 429 }]);

    const throttled = await placeCall().catch((error: unknown) => error);

    expect(throttled).toMatchObject({ status: 429, code: 20429 });
    expect(throttled).not.toBeInstanceOf(TelephonyRejection);
    expect(sim.createRequests.map((request) => request.answer)).toEqual([429]);
  });

  it('answers 400 (21602) to an SMS without a body', async () => {
    await expect(telephony.sendSms({ to: CUSTOMER, from: OUR_NUMBER, body: '' })).rejects.toMatchObject({ name: 'TelephonyRejection', code: 21602 });
  });
});
