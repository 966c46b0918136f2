import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseWavHeader, WavRecorder } from '../../libs/audio/src/wav';
import { createApiApp } from '../../apps/api/src/api-app';
import { openRecordingSink, recordingFiles } from '../../libs/recordings/src/recording-files';
import type { EncryptionKey, EncryptionKeyRing } from '../../libs/encryption/src/key-ring';
import { recordingKeyRingFrom } from '../../libs/recordings/src/recording-keys';
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
  let recordingKeys: EncryptionKeyRing;

  beforeAll(async () => {
    sb = await startTestSwitchboard();
    // Where the media-edge writes recordings and the API serves them from.
    recordingsDir = process.env.RECORDINGS_DIR = await mkdtemp(path.join(os.tmpdir(), 'calls-api-recordings-'));
    process.env.RECORDING_ENCRYPTION_KEY = randomBytes(32).toString('base64');
    recordingKeys = recordingKeyRingFrom(process.env)!;
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

  /** What the media-edge leaves for a tenant that records: one second of the caller, encrypted when a key is given. */
  async function recordCall(callSid: string, key: EncryptionKey | undefined): Promise<Uint8Array> {
    const audio = Uint8Array.from({ length: 8000 }, (_, i) => 0x10 + (i % 200));
    const recorder = new WavRecorder(await openRecordingSink(recordingsDir, callSid, key));
    recorder.appendCaller(audio);
    await recorder.close();
    return audio;
  }

  /** The caller's channel of a served stereo recording. */
  function callerChannel(wav: Buffer): Uint8Array {
    const header = parseWavHeader(wav);
    expect(header).toMatchObject({ channels: 2, sampleRateHz: 8000, dataOffset: 58 });
    expect(wav.length).toBe(header.dataOffset + header.dataLength);
    return Uint8Array.from({ length: header.dataLength / 2 }, (_, i) => wav[header.dataOffset + 2 * i]);
  }

  it("links a finished call's recording and serves it, decrypted, to its tenant alone", async () => {
    const callSid = await finishedAutoShopCall();
    const withoutRecording = await fetch(`${baseUrl}/v1/calls/${callSid}`, { headers: bearer(autoShopKey) });
    expect(await withoutRecording.json()).toMatchObject({ recordingUrl: null });
    expect((await fetch(`${baseUrl}/v1/calls/${callSid}/recording`, { headers: bearer(autoShopKey) })).status).toBe(404);

    const audio = await recordCall(callSid, recordingKeys.current);
    // On disk: encrypted, so no WAV file and not the audio.
    const onDisk = await readFile(recordingFiles(recordingsDir, callSid).encrypted);
    expect(onDisk.toString('ascii', 0, 4)).not.toBe('RIFF');
    expect(onDisk.includes(Buffer.from(audio.subarray(0, 16)))).toBe(false);

    const view = (await (await fetch(`${baseUrl}/v1/calls/${callSid}`, { headers: bearer(autoShopKey) })).json()) as { recordingUrl: string };
    expect(view.recordingUrl).toBe(`/v1/calls/${callSid}/recording`);
    const recording = await fetch(`${baseUrl}${view.recordingUrl}`, { headers: bearer(autoShopKey) });
    expect(recording.status).toBe(200);
    expect(recording.headers.get('content-type')).toBe('audio/wav');
    expect(callerChannel(Buffer.from(await recording.arrayBuffer()))).toEqual(audio);

    expect((await fetch(`${baseUrl}${view.recordingUrl}`, { headers: bearer(await issueKey(sb.db, HOTEL)) })).status).toBe(404);
    expect((await fetch(`${baseUrl}${view.recordingUrl}`)).status).toBe(401);
    expect((await fetch(`${baseUrl}${view.recordingUrl}`, { headers: bearer(await issueKey(sb.db, 'admin')) })).status).toBe(200);
  });

  it('refuses a tampered recording, and a plain one where recordings are encrypted, with a clear error', async () => {
    const tampered = await finishedAutoShopCall();
    await recordCall(tampered, recordingKeys.current);
    const file = recordingFiles(recordingsDir, tampered).encrypted;
    const bytes = await readFile(file);
    bytes[bytes.length - 40] ^= 0x01;
    await writeFile(file, bytes);
    const refused = await fetch(`${baseUrl}/v1/calls/${tampered}/recording`, { headers: bearer(autoShopKey) });
    expect(refused.status).toBe(500);
    expect(await refused.json()).toMatchObject({
      message: `The recording of call ${tampered} is not served: record 0 fails its integrity check: the file was altered, or is another call's`,
    });

    const planted = await finishedAutoShopCall();
    await recordCall(planted, undefined);
    const plain = await fetch(`${baseUrl}/v1/calls/${planted}/recording`, { headers: bearer(autoShopKey) });
    expect(plain.status).toBe(500);
    expect(await plain.json()).toMatchObject({ message: `The recording of call ${planted} is not served: it is stored unencrypted where recordings are encrypted` });
  });

  it('without RECORDING_ENCRYPTION_KEY (local runs) serves the plain WAV file the media-edge wrote', async () => {
    const callSid = await finishedAutoShopCall();
    const audio = await recordCall(callSid, undefined);
    delete process.env.RECORDING_ENCRYPTION_KEY;
    const plainApi = await createApiApp({ logger: false });
    try {
      await plainApi.listen(0, '127.0.0.1');
      const recording = await fetch(`${await plainApi.getUrl()}/v1/calls/${callSid}/recording`, { headers: bearer(autoShopKey) });
      expect(recording.status).toBe(200);
      const wav = Buffer.from(await recording.arrayBuffer());
      expect(wav.equals(await readFile(recordingFiles(recordingsDir, callSid).plain))).toBe(true);
      expect(callerChannel(wav)).toEqual(audio);
    } finally {
      await plainApi.close();
    }
  });
});
