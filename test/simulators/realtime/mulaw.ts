/**
 * G.711 μ-law codec (ITU-T G.711, the "PCMU" of Twilio Media Streams and of the
 * Realtime API's `{type:'audio/pcmu'}`): one byte per 16-bit linear sample.
 */

const BIAS = 0x84;
const CLIP = 32635;

/** Decodes one μ-law byte to a 16-bit linear sample (−32124…32124). */
export function decodeMulawSample(byte: number): number {
  const inverted = ~byte & 0xff;
  const exponent = (inverted >> 4) & 0x07;
  const magnitude = ((((inverted & 0x0f) << 3) + BIAS) << exponent) - BIAS;
  return inverted & 0x80 ? 0 - magnitude : magnitude; // 0 - 0 is +0, -0 would not be
}

/** Encodes one 16-bit linear sample to a μ-law byte. */
export function encodeMulawSample(sample: number): number {
  const sign = sample < 0 ? 0x80 : 0;
  const biased = Math.min(Math.abs(Math.round(sample)), CLIP) + BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (biased & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (biased >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

export function decodeMulaw(bytes: Uint8Array): Int16Array {
  return Int16Array.from(bytes, decodeMulawSample);
}

export function encodeMulaw(samples: ArrayLike<number>): Buffer {
  return Buffer.from(Array.from(samples, encodeMulawSample));
}
