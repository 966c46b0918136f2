import { mulawSilence, mulawTone, PCMU_BYTES_PER_MS, splitIntoFrames } from '../../simulators/realtime';
import { CALLER_TALKS, FRAME_MS, FRAMES_PER_CYCLE } from './conversation-plan';

/** A −13 dBFS tone: well above the simulator VAD's −35 dBFS threshold. */
const VOICE = { frequencyHz: 440, amplitude: 0.3 };
const LONGEST_TALK_FRAMES = Math.max(...CALLER_TALKS.map(([from, to]) => to - from));

/** A quiet line (μ-law 0xFF). */
export const SILENCE_PAYLOAD = mulawSilence(FRAME_MS).toString('base64');
const VOICE_PAYLOADS = splitIntoFrames(mulawTone(LONGEST_TALK_FRAMES * FRAME_MS, VOICE.frequencyHz, VOICE.amplitude), FRAME_MS).map((frame) =>
  frame.toString('base64'),
);

/** The base64 μ-law payload of the caller's frame `conversationFrame` frames into the conversation (precomputed: no per-frame encoding). */
export function callerPayloadAt(conversationFrame: number): string {
  const position = conversationFrame % FRAMES_PER_CYCLE;
  for (const [from, to] of CALLER_TALKS) if (position >= from && position < to) return VOICE_PAYLOADS[position - from];
  return SILENCE_PAYLOAD;
}

/** Playback time of a base64 μ-law payload, from its length alone. */
export function payloadDurationMs(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return ((base64.length * 3) / 4 - padding) / PCMU_BYTES_PER_MS;
}
