import { encodeMulaw } from './mulaw';

/** μ-law at 8 kHz, one byte per sample: 8 bytes per millisecond (protocols.md §2.4). */
export const PCMU_BYTES_PER_MS = 8;

/** Digital silence in μ-law (decodes to 0). */
const MULAW_SILENCE_BYTE = 0xff;

export function pcmuDurationMs(bytes: number): number {
  return bytes / PCMU_BYTES_PER_MS;
}

export function mulawSilence(durationMs: number): Buffer {
  return Buffer.alloc(Math.round(durationMs * PCMU_BYTES_PER_MS), MULAW_SILENCE_BYTE);
}

/** A sine tone as μ-law; `amplitude` is a fraction of full scale (0…1). */
export function mulawTone(durationMs: number, frequencyHz: number, amplitude: number): Buffer {
  const sampleCount = Math.round(durationMs * PCMU_BYTES_PER_MS);
  const samplesPerSecond = PCMU_BYTES_PER_MS * 1000;
  const samples = Array.from({ length: sampleCount }, (_, i) =>
    Math.sin((2 * Math.PI * frequencyHz * i) / samplesPerSecond) * amplitude * 32767,
  );
  return encodeMulaw(samples);
}

/** Splits audio into consecutive frames of `frameMs` (the last one may be shorter). */
export function splitIntoFrames(audio: Buffer, frameMs: number): Buffer[] {
  const frameBytes = frameMs * PCMU_BYTES_PER_MS;
  const frames: Buffer[] = [];
  for (let offset = 0; offset < audio.length; offset += frameBytes) frames.push(audio.subarray(offset, offset + frameBytes));
  return frames;
}
