/**
 * The simulator's μ-law helpers, as thin adapters over the media-edge codec
 * (libs/audio/src/mulaw.ts) so the repo has one G.711 implementation.
 * These accept any numbers (synthesised float samples): rounded and clamped to 16 bits first.
 */
import { mulawToPcm16, pcm16ToMulaw } from '../../libs/audio/src/mulaw';

function toInt16(sample: number): number {
  return Math.max(-32768, Math.min(32767, Math.round(sample)));
}

export const decodeMulaw: (bytes: Uint8Array) => Int16Array = mulawToPcm16;

export function encodeMulaw(samples: ArrayLike<number>): Buffer {
  const mulaw = pcm16ToMulaw(Int16Array.from(samples, toInt16));
  return Buffer.from(mulaw.buffer, mulaw.byteOffset, mulaw.byteLength);
}

/** Decodes one μ-law byte to a 16-bit linear sample (−32124…32124). */
export function decodeMulawSample(byte: number): number {
  return mulawToPcm16(Uint8Array.of(byte))[0];
}

/** Encodes one sample to a μ-law byte. */
export function encodeMulawSample(sample: number): number {
  return encodeMulaw([sample])[0];
}
