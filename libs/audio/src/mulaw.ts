/**
 * G.711 μ-law codec (ITU-T G.711, "PCMU": Twilio Media Streams and the Realtime
 * API's `audio/pcmu`): one byte per 16-bit linear sample, 8 kHz.
 *
 * Both directions are single table lookups per sample. Encoding through a
 * 64 Ki-entry table measured ~2.5× faster than the classic segment search
 * (117 vs 280–360 ns of compute per 160-sample frame on Node 20); the table
 * costs 64 KiB once per process.
 */

/** μ-law byte for digital silence (decodes to 0); 0x7F, "negative zero", also decodes to 0. */
export const MULAW_SILENCE = 0xff;

const BIAS = 0x84;
const CLIP = 32635;

/** G.711 decode of one byte: −32124…32124, the middle of the byte's quantisation interval. */
function decodeByte(byte: number): number {
  const inverted = ~byte & 0xff;
  const exponent = (inverted >> 4) & 0x07;
  const magnitude = ((((inverted & 0x0f) << 3) + BIAS) << exponent) - BIAS;
  return inverted & 0x80 ? -magnitude : magnitude;
}

/** G.711 encode of one 16-bit sample by segment search; only used to fill {@link ENCODE_TABLE}. */
function encodeSample(sample: number): number {
  const sign = sample < 0 ? 0x80 : 0;
  const biased = Math.min(sign ? -sample : sample, CLIP) + BIAS;
  const exponent = 24 - Math.clz32(biased); // biased is 132…32767: its top bit is bit 7…14
  const mantissa = (biased >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

const DECODE_TABLE = Int16Array.from({ length: 256 }, (_, byte) => decodeByte(byte));

/** Indexed by the sample's 16-bit two's-complement pattern (`sample & 0xffff`). */
const ENCODE_TABLE = Uint8Array.from({ length: 0x10000 }, (_, bits) => encodeSample((bits << 16) >> 16));

export function mulawToPcm16(mulaw: Uint8Array): Int16Array {
  const pcm = new Int16Array(mulaw.length);
  for (let i = 0; i < mulaw.length; i++) pcm[i] = DECODE_TABLE[mulaw[i]];
  return pcm;
}

export function pcm16ToMulaw(pcm: Int16Array): Uint8Array {
  const mulaw = new Uint8Array(pcm.length);
  for (let i = 0; i < pcm.length; i++) mulaw[i] = ENCODE_TABLE[pcm[i] & 0xffff];
  return mulaw;
}
