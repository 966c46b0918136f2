import { mulawTone } from './pcmu-audio';

/** How fast the simulated voice speaks and how its audio is streamed. */
export interface SpeechTiming {
  /** Audio generated per word of the reply (real speech is ~350 ms/word; shorter keeps tests fast). */
  msPerWord: number;
  /** Audio carried by one `response.output_audio.delta`. */
  chunkMs: number;
  /** Wall-clock pause between two deltas: faster than real time, like the real API. */
  chunkIntervalMs: number;
  /** Wall-clock wait from the response's start to its first delta (the model's time to first audio); default `chunkIntervalMs`. */
  firstAudioMs?: number;
}

export const DEFAULT_SPEECH_TIMING: SpeechTiming = { msPerWord: 60, chunkMs: 100, chunkIntervalMs: 20 };

export interface SpokenWord {
  text: string;
  startMs: number;
}

export interface SynthesizedSpeech {
  text: string;
  words: SpokenWord[];
  /** μ-law 8 kHz. */
  audio: Buffer;
  durationMs: number;
}

const VOICE_AMPLITUDE = 0.3;

/**
 * Stands in for text-to-speech: each word becomes `msPerWord` of an audible tone
 * whose pitch (150…450 Hz) depends on the word, so replies are non-silent and
 * deterministic, and their length is proportional to the text.
 */
export function synthesizeSpeech(text: string, msPerWord: number): SynthesizedSpeech {
  const words = text.split(/\s+/).filter(Boolean);
  const spoken = words.map((word, index) => ({ text: word, startMs: index * msPerWord }));
  const audio = Buffer.concat(words.map((word) => mulawTone(msPerWord, pitchOf(word), VOICE_AMPLITUDE)));
  return { text: words.join(' '), words: spoken, audio, durationMs: words.length * msPerWord };
}

/** The words whose audio starts before `ms`: what a listener heard of the reply by then. */
export function transcriptUntil(speech: SynthesizedSpeech, ms: number): string {
  return speech.words
    .filter((word) => word.startMs < ms)
    .map((word) => word.text)
    .join(' ');
}

function pitchOf(word: string): number {
  const hash = [...word].reduce((sum, char) => (sum * 31 + char.charCodeAt(0)) % 301, 7);
  return 150 + hash;
}
