import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mulawToPcm16 } from '../../libs/audio/src/mulaw';
import { resampleClip } from '../../libs/audio/src/resample-clip';
import { synthesizeSpeech } from '../../simulators/twilio/phone/speech-synthesizer';

const RATE_HZ = 48_000;
const TELEPHONY_RATE_HZ = 8_000;

/**
 * A WAV for Chromium's fake microphone (`--use-file-for-fake-audio-capture`):
 * silence, the caller's sentence spoken by eSpeak NG (the simulated caller's
 * voice), then silence again. 16-bit PCM, mono, 48 kHz.
 */
export async function fakeMicrophoneWav(sentence: string, silence: { beforeMs: number; afterMs: number }): Promise<string> {
  const speech = resampleClip(mulawToPcm16(await synthesizeSpeech(sentence)), TELEPHONY_RATE_HZ, RATE_HZ);
  const samplesPerMs = RATE_HZ / 1000;
  const samples = new Int16Array((silence.beforeMs + silence.afterMs) * samplesPerMs + speech.length);
  samples.set(speech, silence.beforeMs * samplesPerMs);
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'fake-microphone-')), 'caller.wav');
  await writeFile(file, pcm16Wav(samples, RATE_HZ));
  return file;
}

function pcm16Wav(samples: Int16Array, rateHz: number): Buffer {
  const data = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rateHz, 24);
  header.writeUInt32LE(rateHz * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}
