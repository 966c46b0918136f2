import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseWavHeader, WavRecorder } from '../../../libs/audio/src/wav';
import { EncryptedRecordingSink, openEncryptedRecording, RecordingRefusedError } from '../../../libs/recordings/src/encrypted-recording';
import type { EncryptionKeyRing } from '../../../libs/encryption/src/key-ring';
import { recordingKeyRingFrom } from '../../../libs/recordings/src/recording-keys';

const CALL = `CA${'a1'.repeat(16)}`;
const OTHER_CALL = `CA${'b2'.repeat(16)}`;
const HEADER_BYTES = 13;
const RECORD_OVERHEAD = 1 + 4 + 12 + 16;

const newKey = () => randomBytes(32).toString('base64');

/** Two and a half seconds of a caller whose every sample is distinct from silence, and the agent answering. */
function callAudio(): { caller: Uint8Array; agent: Uint8Array } {
  const caller = Uint8Array.from({ length: 20_000 }, (_, i) => 0x10 + (i % 97));
  const agent = Uint8Array.from({ length: 6000 }, (_, i) => 0x80 + (i % 89));
  return { caller, agent };
}

async function record(recorder: WavRecorder): Promise<void> {
  const { caller, agent } = callAudio();
  recorder.appendAgent(agent);
  for (let start = 0; start < caller.length; start += 160) recorder.appendCaller(caller.subarray(start, start + 160));
  await recorder.close();
}

async function audioOf(file: string, callSid: string, keys: EncryptionKeyRing): Promise<{ audio: Buffer; complete: boolean; audioBytes: number }> {
  const recording = await openEncryptedRecording(file, callSid, keys);
  const chunks: Buffer[] = [];
  for await (const chunk of recording.audio()) chunks.push(chunk);
  return { audio: Buffer.concat(chunks), complete: recording.complete, audioBytes: recording.audioBytes };
}

describe('encrypted recordings', () => {
  let dir: string;
  let keys: EncryptionKeyRing;
  let plainAudio: Buffer;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'encrypted-recordings-'));
    keys = recordingKeyRingFrom({ RECORDING_ENCRYPTION_KEY: newKey() })!;
    // The same call recorded to a plain WAV file: what decryption must give back.
    await record(await WavRecorder.open(path.join(dir, 'plain.wav')));
    const wav = await readFile(path.join(dir, 'plain.wav'));
    const header = parseWavHeader(wav);
    plainAudio = wav.subarray(header.dataOffset, header.dataOffset + header.dataLength);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** The call recorded encrypted under `ring`'s current key, to a file of its own. */
  async function encryptedFile(name: string, ring = keys, callSid = CALL): Promise<string> {
    const file = path.join(dir, `${name}.enc`);
    await record(new WavRecorder(await EncryptedRecordingSink.open(file, callSid, ring.current)));
    return file;
  }
  const refusal = (file: string, callSid = CALL, ring = keys) => openEncryptedRecording(file, callSid, ring).then(
    () => 'served',
    (error: unknown) => (error instanceof RecordingRefusedError ? error.message : `unexpected: ${String(error)}`),
  );

  it('are no WAV files and hold none of the audio, and decrypt to exactly what a plain recording holds', async () => {
    const file = await encryptedFile('roundtrip');
    const bytes = await readFile(file);

    expect(bytes.toString('ascii', 0, 4)).toBe('SBRC');
    expect(() => parseWavHeader(bytes)).toThrow('not a RIFF/WAVE file');
    // No second of the call, nor any 16 bytes of it, appears in the file.
    for (let start = 0; start + 16 <= plainAudio.length; start += 4000) expect(bytes.includes(plainAudio.subarray(start, start + 16))).toBe(false);
    // The key id is in the header, the key is not.
    expect(bytes.subarray(5, HEADER_BYTES).toString('hex')).toBe(keys.current.id);
    expect(bytes.includes(keys.current.key)).toBe(false);

    expect(await audioOf(file, CALL, keys)).toEqual({ audio: plainAudio, complete: true, audioBytes: plainAudio.length });
  });

  it('refuse a file with any byte changed', async () => {
    const file = await encryptedFile('tampered');
    const bytes = await readFile(file);
    // A byte of the audio of the second record, a byte of the first record's tag, a byte of the key id.
    const firstRecord = RECORD_OVERHEAD + 16_000;
    for (const [offset, expected] of [
      [HEADER_BYTES + firstRecord + 1 + 4 + 12 + 100, 'record 1 fails its integrity check: the file was altered, or is another call\'s'],
      [HEADER_BYTES + firstRecord - 1, 'record 0 fails its integrity check: the file was altered, or is another call\'s'],
      [6, 'which neither RECORDING_ENCRYPTION_KEY nor RECORDING_PREVIOUS_KEYS holds'],
    ] as const) {
      const altered = Buffer.from(bytes);
      altered[offset] ^= 0x01;
      await writeFile(file, altered);
      expect(await refusal(file)).toContain(expected);
    }
  });

  it("refuse another call's file, a record dropped from the middle and bytes after the end", async () => {
    const file = await encryptedFile('spliced');
    expect(await refusal(file, OTHER_CALL)).toBe("record 0 fails its integrity check: the file was altered, or is another call's");

    const bytes = await readFile(file);
    const recordBytes = RECORD_OVERHEAD + 16_000;
    await writeFile(file, Buffer.concat([bytes.subarray(0, HEADER_BYTES), bytes.subarray(HEADER_BYTES + recordBytes)]));
    expect(await refusal(file)).toBe("record 0 fails its integrity check: the file was altered, or is another call's");

    await writeFile(file, Buffer.concat([bytes, Buffer.from('more')]));
    expect(await refusal(file)).toBe('bytes follow the end of the recording');

    await writeFile(file, Buffer.from('RIFF....WAVEfmt '));
    expect(await refusal(file)).toBe('not an encrypted Switchboard recording');
  });

  it('serve a recording cut short (the writer died) up to the cut, and say it is incomplete', async () => {
    const file = await encryptedFile('cut');
    const recordBytes = RECORD_OVERHEAD + 16_000;
    // The first record whole, the second half written.
    await truncate(file, HEADER_BYTES + recordBytes + Math.floor(recordBytes / 2));
    expect(await audioOf(file, CALL, keys)).toEqual({ audio: plainAudio.subarray(0, 16_000), complete: false, audioBytes: 16_000 });
  });

  it('stay readable after a key rotation with the old key among RECORDING_PREVIOUS_KEYS, and only so', async () => {
    const oldKey = newKey();
    const beforeRotation = recordingKeyRingFrom({ RECORDING_ENCRYPTION_KEY: oldKey })!;
    const file = await encryptedFile('rotated', beforeRotation);
    const newKeyValue = newKey();

    const rotated = recordingKeyRingFrom({ RECORDING_ENCRYPTION_KEY: newKeyValue, RECORDING_PREVIOUS_KEYS: oldKey })!;
    expect((await audioOf(file, CALL, rotated)).audio).toEqual(plainAudio);
    const forgotten = recordingKeyRingFrom({ RECORDING_ENCRYPTION_KEY: newKeyValue })!;
    expect(await refusal(file, CALL, forgotten)).toBe(
      `encrypted with key ${beforeRotation.current.id}, which neither RECORDING_ENCRYPTION_KEY nor RECORDING_PREVIOUS_KEYS holds`,
    );
  });
});
