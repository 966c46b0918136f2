/** μ-law 8 kHz: one byte per sample. */
const BYTES_PER_MS = 8;

interface ItemPlayout {
  sentBytes: number;
  playedMs: number;
}

export interface UnplayedItem {
  itemId: string;
  /** How much of the item the caller heard, per the last mark echoed before the clear. */
  playedMs: number;
}

/**
 * How much of each assistant item the caller has actually heard. Every chunk
 * sent to the caller is followed by a mark named `<generation>:<ms sent so far
 * for the item>:<item id>`; the echo of a mark means playback got that far. A
 * clear flushes the caller's buffer and makes it echo every pending mark at
 * once, so each clear starts a new generation and older echoes are ignored.
 */
export class PlayoutTracker {
  private generation = 0;
  private readonly items = new Map<string, ItemPlayout>();
  private marksPending = 0;

  /** Agent audio is queued or playing at the caller. */
  get isPlaying(): boolean {
    return this.marksPending > 0;
  }

  /** Records `bytes` of the item's audio as sent; returns the name of the mark to send behind it. */
  sent(itemId: string, bytes: number): string {
    let item = this.items.get(itemId);
    if (!item) this.items.set(itemId, (item = { sentBytes: 0, playedMs: 0 }));
    item.sentBytes += bytes;
    this.marksPending++;
    return `${this.generation}:${Math.floor(item.sentBytes / BYTES_PER_MS)}:${itemId}`;
  }

  /** The caller has heard all of the item sent so far (at least one mark of it came back). */
  heardAll(itemId: string): boolean {
    const item = this.items.get(itemId);
    return item !== undefined && item.playedMs >= Math.floor(item.sentBytes / BYTES_PER_MS);
  }

  /** A mark came back. Names come from the client, so anything unexpected is ignored. */
  played(markName: string): void {
    const [generation, ms, ...itemIdParts] = markName.split(':');
    if (Number(generation) !== this.generation) return;
    const item = this.items.get(itemIdParts.join(':'));
    if (!item) return;
    this.marksPending = Math.max(0, this.marksPending - 1);
    item.playedMs = Math.max(item.playedMs, Number(ms) || 0);
  }

  /** The caller's buffer was cleared: returns the items cut short, and starts a new generation. */
  clear(): UnplayedItem[] {
    const unplayed = [...this.items]
      .filter(([, item]) => item.playedMs < Math.floor(item.sentBytes / BYTES_PER_MS))
      .map(([itemId, item]) => ({ itemId, playedMs: item.playedMs }));
    this.reset();
    return unplayed;
  }

  /** Forgets everything (a new Realtime session has other item ids). */
  reset(): void {
    this.generation++;
    this.items.clear();
    this.marksPending = 0;
  }
}
