import type { INestApplication } from '@nestjs/common';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseWavHeader, WavRecorder } from '../../libs/audio/src/wav';
import { createApiApp } from '../../apps/api/src/api-app';
import { AUTO_SHOP, HOTEL, KNOWN } from '../../prisma/seed/demo-data';
import { callStatusSignal, transcriptTurnSignal } from '../../libs/calls/src/call-messages';
import { inboundCall, tenantIdOf, turn } from '../support/call-fixtures';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard-worker';
import { bearer, issueKey } from './support/api-keys';

describe('API over real HTTP', () => {
  let sb: TestSwitchboard;
  let app: INestApplication;
  let baseUrl: string;
  let autoShopKey: string;
  let recordingsDir: string;

  beforeAll(async () => {
    sb = await startTestSwitchboard();
    // Where the media-edge writes recordings and the API serves them from.
    recordingsDir = process.env.RECORDINGS_DIR = await mkdtemp(path.join(os.tmpdir(), 'calls-api-recordings-'));
    app = await createApiApp({ logger: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    autoShopKey = await issueKey(sb.db, AUTO_SHOP);
  });
  afterAll(async () => {
    await app.close();
    await sb.shutdown();
    await rm(recordingsDir, { recursive: true, force: true });
  });

  /** A finished call of the auto shop, with a transcript, a tool call and a summary. */
  async function finishedAutoShopCall(): Promise<string> {
    const input = inboundCall(await tenantIdOf(sb.db, AUTO_SHOP), AUTO_SHOP, KNOWN.autoShop.customer.phone);
    const handle = await sb.calls.startOrAttach(input);
    await handle.signal(transcriptTurnSignal, turn('caller', 'Where is your shop?'));
    await sb.calls.runTool(input.callSid, `call_api_${input.callSid}`, 'get_location', {});
    await handle.signal(transcriptTurnSignal, turn('agent', `We are at ${AUTO_SHOP.address}.`));
    await handle.signal(callStatusSignal, { status: 'completed', at: new Date().toISOString() });
    await handle.result();
    return input.callSid;
  }

  it('rejects a malformed CallSid with the reason, and an unknown one with 404', async () => {
    const malformed = await fetch(`${baseUrl}/v1/calls/not-a-sid`, { headers: bearer(autoShopKey) });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { message: string[] }).message).toEqual(['expected a CallSid: CA followed by 32 hex digits']);

    const unknown = await fetch(`${baseUrl}/v1/calls/CA${'0'.repeat(32)}`, { headers: bearer(autoShopKey) });
    expect(unknown.status).toBe(404);
  });

  it("shows a finished call to its tenant's key, with its transcript, tool calls and summary", async () => {
    const callSid = await finishedAutoShopCall();

    const response = await fetch(`${baseUrl}/v1/calls/${callSid}`, { headers: bearer(autoShopKey) });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      callSid,
      workflowId: `call-${callSid}`,
      direction: 'inbound',
      from: KNOWN.autoShop.customer.phone,
      transcript: [
        { seq: 0, role: 'caller', text: 'Where is your shop?' },
        { seq: 1, role: 'agent', text: `We are at ${AUTO_SHOP.address}.` },
      ],
      toolCalls: [{ name: 'get_location', ok: true }],
      summary: { outcome: 'information_provided' },
      live: null,
    });
  });

  it("answers another tenant's key exactly as if the call did not exist, and lets an admin key read it", async () => {
    const callSid = await finishedAutoShopCall();
    const hotelKey = await issueKey(sb.db, HOTEL);

    const asHotel = await fetch(`${baseUrl}/v1/calls/${callSid}`, { headers: bearer(hotelKey) });
    expect(asHotel.status).toBe(404);
    expect(await asHotel.json()).toEqual({ statusCode: 404, error: 'Not Found', message: `No call ${callSid}` });

    const asAdmin = await fetch(`${baseUrl}/v1/calls/${callSid}`, { headers: bearer(await issueKey(sb.db, 'admin')) });
    expect(asAdmin.status).toBe(200);
    expect(await asAdmin.json()).toMatchObject({ callSid, from: KNOWN.autoShop.customer.phone });
  });

  it('shows no call without a key, and no longer serves the unauthenticated route', async () => {
    const callSid = await finishedAutoShopCall();

    const withoutKey = await fetch(`${baseUrl}/v1/calls/${callSid}`);
    expect(withoutKey.status).toBe(401);
    expect(withoutKey.headers.get('www-authenticate')).toBe('Bearer realm="switchboard"');
    expect(JSON.stringify(await withoutKey.json())).not.toContain(KNOWN.autoShop.customer.phone);

    const oldRoute = await fetch(`${baseUrl}/calls/${callSid}`);
    expect(oldRoute.status).toBe(404);
  });

  it("links a finished call's recording and serves it to its tenant alone", async () => {
    const callSid = await finishedAutoShopCall();
    const withoutRecording = await fetch(`${baseUrl}/v1/calls/${callSid}`, { headers: bearer(autoShopKey) });
    expect(await withoutRecording.json()).toMatchObject({ recordingUrl: null });
    expect((await fetch(`${baseUrl}/v1/calls/${callSid}/recording`, { headers: bearer(autoShopKey) })).status).toBe(404);

    // What the media-edge leaves for a tenant that records: one second of the caller.
    const recorder = await WavRecorder.open(path.join(recordingsDir, `${callSid}.wav`));
    recorder.appendCaller(new Uint8Array(8000).fill(0xff));
    await recorder.close();

    const view = (await (await fetch(`${baseUrl}/v1/calls/${callSid}`, { headers: bearer(autoShopKey) })).json()) as { recordingUrl: string };
    expect(view.recordingUrl).toBe(`/v1/calls/${callSid}/recording`);
    const recording = await fetch(`${baseUrl}${view.recordingUrl}`, { headers: bearer(autoShopKey) });
    expect(recording.status).toBe(200);
    expect(recording.headers.get('content-type')).toBe('audio/wav');
    const wav = Buffer.from(await recording.arrayBuffer());
    expect(wav.equals(await readFile(path.join(recordingsDir, `${callSid}.wav`)))).toBe(true);
    expect(parseWavHeader(wav)).toMatchObject({ channels: 2, sampleRateHz: 8000 });

    expect((await fetch(`${baseUrl}${view.recordingUrl}`, { headers: bearer(await issueKey(sb.db, HOTEL)) })).status).toBe(404);
    expect((await fetch(`${baseUrl}${view.recordingUrl}`)).status).toBe(401);
  });
});
