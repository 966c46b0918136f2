import { BYTES_PER_MS } from './media-format';

type PlayoutEntry = { kind: 'audio'; audio: Buffer; playedBytes: number } | { kind: 'mark'; name: string };

export interface PlayoutListener {
  /** Playback reached the mark, or a `clear` flushed it (protocols.md §2.3). */
  markReached(name: string, flushedByClear: boolean): void;
  /** Agent audio started playing after silence. */
  audioStarted(): void;
  /** Everything queued has been played. */
  audioFinished(): void;
}

/**
 * Twilio's playback buffer for the agent's audio (protocols.md §2.6): a FIFO
 * of audio and marks drained in real time (8 bytes per ms); a mark is
 * echoed when the drain reaches it; `clear` drops the unplayed audio and
 * echoes every pending mark at once. Times are milliseconds on the call's clock.
 */
export class SpeakerPlayout {
  private readonly queue: PlayoutEntry[] = [];
  private readonly played: Buffer[] = [];
  private playedBytes = 0;
  /** Since when audio has been playing without a gap, and how much had played before. */
  private burst: { startedAtMs: number; playedBytesBefore: number } | undefined;

  constructor(private readonly listener: PlayoutListener) {}

  get playedMs(): number {
    return this.playedBytes / BYTES_PER_MS;
  }

  /** Audio received but not played yet. */
  get queuedMs(): number {
    return this.queue.reduce((bytes, entry) => bytes + (entry.kind === 'audio' ? entry.audio.length - entry.playedBytes : 0), 0) / BYTES_PER_MS;
  }

  /** Everything the caller heard, in order. */
  playedAudio(): Buffer {
    return Buffer.concat(this.played);
  }

  enqueueAudio(audio: Buffer, nowMs: number): void {
    this.advanceTo(nowMs);
    if (audio.length === 0) return;
    this.queue.push({ kind: 'audio', audio, playedBytes: 0 });
    if (this.burst) return;
    this.burst = { startedAtMs: nowMs, playedBytesBefore: this.playedBytes };
    this.listener.audioStarted();
  }

  enqueueMark(name: string, nowMs: number): void {
    this.queue.push({ kind: 'mark', name });
    this.advanceTo(nowMs);
  }

  clear(nowMs: number): void {
    this.advanceTo(nowMs);
    const flushed = this.queue.splice(0);
    this.burst = undefined;
    for (const entry of flushed) if (entry.kind === 'mark') this.listener.markReached(entry.name, true);
  }

  /** Plays what is due by `nowMs`, echoing the marks reached on the way. */
  advanceTo(nowMs: number): void {
    let budget = this.burst ? Math.floor((nowMs - this.burst.startedAtMs) * BYTES_PER_MS) - (this.playedBytes - this.burst.playedBytesBefore) : 0;
    while (this.queue.length > 0) {
      const head = this.queue[0];
      if (head.kind === 'mark') {
        this.queue.shift();
        this.listener.markReached(head.name, false);
        continue;
      }
      if (budget <= 0) break;
      const chunk = head.audio.subarray(head.playedBytes, head.playedBytes + budget);
      this.played.push(chunk);
      this.playedBytes += chunk.length;
      head.playedBytes += chunk.length;
      budget -= chunk.length;
      if (head.playedBytes === head.audio.length) this.queue.shift();
    }
    if (this.burst && !this.queue.some((entry) => entry.kind === 'audio')) {
      this.burst = undefined;
      this.listener.audioFinished();
    }
  }
}
