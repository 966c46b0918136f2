import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** An espeak-ng voice: `-v` and `-s` (words per minute). */
export interface CallerVoice {
  voice: string;
  wordsPerMinute: number;
}

export const DEFAULT_CALLER_VOICE: CallerVoice = { voice: 'en-us', wordsPerMinute: 165 };

const SPEECH_CACHE = path.resolve(__dirname, '../../../../.cache/speech');

/**
 * Real speech for the caller: espeak-ng renders the text, sox converts it to
 * raw μ-law 8 kHz mono. Cached under `.cache/speech/<sha1>.ul`; the cache file
 * is written atomically, so parallel test workers can share it.
 */
export async function synthesizeSpeech(text: string, voice: CallerVoice = DEFAULT_CALLER_VOICE): Promise<Buffer> {
  const key = createHash('sha1').update(JSON.stringify([voice.voice, voice.wordsPerMinute, text])).digest('hex');
  const cached = path.join(SPEECH_CACHE, `${key}.ul`);
  const hit = await readFile(cached).catch(() => undefined);
  if (hit) return hit;
  const work = await mkdtemp(path.join(tmpdir(), 'caller-speech-'));
  try {
    const [textFile, wavFile, mulawFile] = ['text.txt', 'speech.wav', 'speech.ul'].map((name) => path.join(work, name));
    await writeFile(textFile, text);
    await tool('espeak-ng', ['-v', voice.voice, '-s', String(voice.wordsPerMinute), '-w', wavFile, '-f', textFile]);
    await tool('sox', [wavFile, '-r', '8000', '-c', '1', '-e', 'u-law', '-t', 'raw', mulawFile]);
    const audio = await readFile(mulawFile);
    await mkdir(SPEECH_CACHE, { recursive: true });
    const partial = `${cached}.${randomUUID()}.partial`;
    await writeFile(partial, audio);
    await rename(partial, cached);
    return audio;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function tool(command: string, args: string[]): Promise<void> {
  try {
    await run(command, args);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    const reason = missing ? `${command} is not installed (apt-get install espeak-ng sox)` : `${command} failed: ${(error as Error).message}`;
    throw new Error(`Cannot synthesize the caller's speech: ${reason}`, { cause: error });
  }
}
