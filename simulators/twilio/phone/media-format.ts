/** Media Streams audio (protocols.md §2.4): μ-law 8 kHz mono, one byte per sample. */
export const BYTES_PER_MS = 8;
/** Twilio sends the caller's audio in 20 ms frames of 160 bytes. */
export const FRAME_MS = 20;
export const FRAME_BYTES = FRAME_MS * BYTES_PER_MS;
/** μ-law digital silence (decodes to 0). */
export const MULAW_SILENCE = 0xff;
