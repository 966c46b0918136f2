import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buffer as readBytes, text as readText } from 'node:stream/consumers';
import { pcm16ToMulaw } from '../../../libs/audio/src/mulaw';
import { resampleClip } from '../../../libs/audio/src/resample-clip';
import { parseWavHeader } from '../../../libs/audio/src/wav';
import { BYTES_PER_MS } from './media-format';

/** An eSpeak NG voice: `-v` and `-s` (words per minute). */
export interface CallerVoice {
  voice: string;
  wordsPerMinute: number;
}

export const DEFAULT_CALLER_VOICE: CallerVoice = { voice: 'en-us', wordsPerMinute: 165 };

const SPEECH_CACHE_DIR = path.resolve(__dirname, '../../../.cache/speech');
const RENDERER = path.join(__dirname, 'espeak-render.mjs');
/** Part of every cache key: a clip made another way is never reused. */
const RENDERING = 'espeak-ng@1.0.2 wasm, resampleClip, G.711';

/**
 * Real speech for the caller as raw μ-law 8 kHz mono: eSpeak NG (WebAssembly,
 * run by espeak-render.mjs in a Node process of its own) renders the text at
 * 22,050 Hz, then libs/audio resamples and encodes it; nothing outside npm is
 * needed. Clips are cached under `<cacheDir>/<sha1 of text and voice>.ul`,
 * written atomically, so parallel test workers and later runs share them.
 */
export async function synthesizeSpeech(text: string, voice: CallerVoice = DEFAULT_CALLER_VOICE, cacheDir = SPEECH_CACHE_DIR): Promise<Buffer> {
  const key = createHash('sha1').update(JSON.stringify([RENDERING, voice.voice, voice.wordsPerMinute, text])).digest('hex');
  const cached = path.join(cacheDir, `${key}.ul`);
  const hit = await readFile(cached).catch(() => undefined);
  if (hit) return hit;
  const wav = await renderWav(text, voice);
  const { samples, sampleRateHz } = monoPcm16(wav);
  const audio = Buffer.from(pcm16ToMulaw(resampleClip(samples, sampleRateHz, BYTES_PER_MS * 1000)));
  await mkdir(cacheDir, { recursive: true });
  const partial = `${cached}.${randomUUID()}.partial`;
  await writeFile(partial, audio);
  await rename(partial, cached);
  return audio;
}

async function renderWav(text: string, voice: CallerVoice): Promise<Buffer> {
  const child = spawn(process.execPath, [RENDERER], { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  child.stdin.end(JSON.stringify({ text, voice: voice.voice, wordsPerMinute: voice.wordsPerMinute }));
  const [wav, messages, status] = await Promise.all([readBytes(child.stdout), readText(child.stderr), exited]);
  if (status !== 0) {
    const reason = messages.includes("Cannot find package 'espeak-ng'")
      ? 'the devDependency espeak-ng is not installed (npm install)'
      : (messages.split('\n').find((line) => line.trim()) ?? `exit status ${status}`);
    throw new Error(`Cannot synthesize the caller's speech with eSpeak NG (npm package espeak-ng): ${reason}`);
  }
  return wav;
}

/** The samples of eSpeak's WAV (16-bit PCM mono; 22,050 Hz with its voices). */
function monoPcm16(wav: Buffer): { samples: Int16Array; sampleRateHz: number } {
  const header = parseWavHeader(wav);
  if (header.formatCode !== 1 || header.channels !== 1 || header.bitsPerSample !== 16) {
    throw new Error(`eSpeak NG gave an unexpected WAV format: ${JSON.stringify(header)}`);
  }
  const data = wav.subarray(header.dataOffset, header.dataOffset + header.dataLength);
  const samples = new Int16Array(data.length >> 1);
  for (let i = 0; i < samples.length; i++) samples[i] = data.readInt16LE(2 * i);
  return { samples, sampleRateHz: header.sampleRateHz };
}
