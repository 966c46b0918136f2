/**
 * The time a frame was sent, written into its own audio, so whoever receives
 * it (the Realtime side for caller frames, the caller for agent audio) knows
 * how long it took end to end: through the sender's socket, the media-edge's
 * event loop and handler, and back out. The media-edge passes payloads
 * through unchanged, so the stamp survives it.
 *
 * The stamp is the first 9 bytes: 4 bits each (36 bits of microseconds on
 * the monotonic clock, which every process on the machine shares) under a
 * 0xF high nibble, which μ-law decodes to near-silence, so the VAD hears the
 * frame as before. 9 bytes are 12 base64 characters: stamping rewrites only
 * those.
 */
const STAMP_BYTES = 9;
const STAMP_CHARS = (STAMP_BYTES / 3) * 4;
const BITS_PER_BYTE = 4;
const WRAP_US = 2 ** (STAMP_BYTES * BITS_PER_BYTE);

/** Microseconds on CLOCK_MONOTONIC, modulo the stamp's range. */
export function stampClockUs(): number {
  return Number((process.hrtime.bigint() / 1000n) % BigInt(WRAP_US));
}

/** `base64` (μ-law, at least 9 bytes) with the send time in its first 9 bytes. */
export function stampPayload(base64: string, sentAtUs = stampClockUs()): string {
  const stamp = Buffer.alloc(STAMP_BYTES);
  let rest = sentAtUs;
  for (let i = STAMP_BYTES - 1; i >= 0; i--) {
    stamp[i] = 0xf0 | (rest & 0x0f);
    rest = Math.floor(rest / 16);
  }
  return stamp.toString('base64') + base64.slice(STAMP_CHARS);
}

/** Microseconds since the stamp in `base64` was written; undefined for a payload without one. */
export function usSinceStamp(base64: string, nowUs = stampClockUs()): number | undefined {
  const stamp = Buffer.from(base64.slice(0, STAMP_CHARS), 'base64');
  let sentAtUs = 0;
  for (const byte of stamp) {
    if (byte >> 4 !== 0x0f) return undefined;
    sentAtUs = sentAtUs * 16 + (byte & 0x0f);
  }
  return (nowUs - sentAtUs + WRAP_US) % WRAP_US;
}
