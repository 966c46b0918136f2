import { STREAM_RATE_HZ } from './pcm-capture';

export interface PlaybackHooks {
  /** Playback reached a mark: the page echoes it to the media-edge. */
  markPlayed(name: string): void;
  speaking(active: boolean): void;
}

/**
 * The agent's PCM16 24 kHz audio, chunk after chunk without gaps, with the
 * media-edge's playback model: a mark is echoed once the audio before it has
 * played, and a clear (barge-in) drops what is still queued.
 */
export class PcmPlayback {
  private readonly queued = new Set<AudioBufferSourceNode>();
  private readonly marksAfter = new Map<AudioBufferSourceNode, string[]>();
  private last: AudioBufferSourceNode | undefined;
  private nextStartAt = 0;

  constructor(
    private readonly context: AudioContext,
    private readonly hooks: PlaybackHooks,
  ) {}

  play(samples: Int16Array): void {
    if (samples.length === 0) return;
    const buffer = this.context.createBuffer(1, samples.length, STREAM_RATE_HZ);
    const channel = buffer.getChannelData(0);
    for (let i = 0; i < samples.length; i++) channel[i] = samples[i] / 32768;
    const source = this.context.createBufferSource();
    source.buffer = buffer;
    source.connect(this.context.destination);
    const startAt = Math.max(this.context.currentTime, this.nextStartAt);
    source.start(startAt);
    this.nextStartAt = startAt + buffer.duration;
    source.onended = () => this.finished(source);
    if (this.queued.size === 0) this.hooks.speaking(true);
    this.queued.add(source);
    this.last = source;
  }

  /** A mark behind the audio queued so far. */
  mark(name: string): void {
    if (!this.last || !this.queued.has(this.last)) return this.hooks.markPlayed(name);
    const marks = this.marksAfter.get(this.last) ?? [];
    marks.push(name);
    this.marksAfter.set(this.last, marks);
  }

  /** Barge-in: what is queued is never heard; its marks belong to an old generation, so none is echoed. */
  clear(): void {
    for (const source of this.queued) {
      source.onended = null;
      source.stop();
    }
    this.queued.clear();
    this.marksAfter.clear();
    this.last = undefined;
    this.nextStartAt = 0;
    this.hooks.speaking(false);
  }

  private finished(source: AudioBufferSourceNode): void {
    this.queued.delete(source);
    for (const name of this.marksAfter.get(source) ?? []) this.hooks.markPlayed(name);
    this.marksAfter.delete(source);
    if (this.queued.size === 0) this.hooks.speaking(false);
  }
}
