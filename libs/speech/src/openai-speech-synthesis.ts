import type OpenAI from 'openai';
import { pcm16ToMulaw } from '../../audio/src/mulaw';
import { resampleClip } from '../../audio/src/resample-clip';
import type { SpeechSynthesis } from './speech-synthesis';

/** The speech API's `pcm` format: 24 kHz, 16-bit little-endian, mono. */
const SPEECH_API_PCM_HZ = 24_000;
const TELEPHONY_HZ = 8_000;

/** OpenAI's speech API (`audio.speech.create`) through the official SDK; its `baseURL` may point at the local simulator. */
export class OpenAISpeechSynthesis implements SpeechSynthesis {
  constructor(
    private readonly client: OpenAI,
    readonly model: string,
  ) {}

  async synthesize({ text, voice }: { text: string; voice: string }): Promise<Buffer> {
    const response = await this.client.audio.speech.create({ model: this.model, voice, input: text, response_format: 'pcm' });
    const pcm = Buffer.from(await response.arrayBuffer());
    const samples = new Int16Array(pcm.length >> 1);
    for (let i = 0; i < samples.length; i++) samples[i] = pcm.readInt16LE(i * 2);
    const mulaw = pcm16ToMulaw(resampleClip(samples, SPEECH_API_PCM_HZ, TELEPHONY_HZ));
    return Buffer.from(mulaw.buffer, mulaw.byteOffset, mulaw.byteLength);
  }
}
