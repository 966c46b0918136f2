/** μ-law 8 kHz: one byte per sample. */
const BYTES_PER_MS = 8;
/** Audio per message to the caller, as the Realtime API's deltas carry it. */
const CHUNK_MS = 100;

/** The playout tracker's item id for the cached greeting, which is no Realtime item. */
export const CACHED_GREETING_ITEM = 'cached-greeting';

/**
 * The tenant's greeting from the cache, played by the media-edge itself.
 * The model is told what the caller heard of it only once that is known
 * (played to the end, or cut short by the caller), as an assistant message.
 */
export class CachedGreeting {
  readonly durationMs: number;

  constructor(
    readonly text: string,
    private readonly audio: Buffer,
  ) {
    this.durationMs = Math.floor(audio.length / BYTES_PER_MS);
  }

  /** The audio as base64 chunks, in order. */
  *chunks(): Generator<string> {
    const chunkBytes = CHUNK_MS * BYTES_PER_MS;
    for (let offset = 0; offset < this.audio.length; offset += chunkBytes) {
      yield this.audio.subarray(offset, offset + chunkBytes).toString('base64');
    }
  }

  /**
   * The words the caller heard in the first `playedMs`, estimated in
   * proportion to the audio's length (the recording has no word timings).
   */
  heardText(playedMs: number): string {
    if (playedMs >= this.durationMs) return this.text;
    const words = this.text.split(/\s+/).filter(Boolean);
    return words.slice(0, Math.floor((words.length * playedMs) / this.durationMs)).join(' ');
  }
}
