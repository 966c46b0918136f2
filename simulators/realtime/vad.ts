import { decodeMulaw } from './mulaw';
import { PCMU_BYTES_PER_MS } from './pcmu-audio';

/** Server VAD parameters, as in `audio.input.turn_detection` (protocols.md §3.4). */
export interface VadSettings {
  /** 0…1; mapped to an energy level by {@link thresholdDbfs}. */
  threshold: number;
  prefixPaddingMs: number;
  silenceDurationMs: number;
}

export type VadEvent = { type: 'speech_started'; audioStartMs: number } | { type: 'speech_stopped'; audioEndMs: number };

/** The VAD looks at the audio in windows of this length. */
const VAD_WINDOW_MS = 10;
const WINDOW_BYTES = VAD_WINDOW_MS * PCMU_BYTES_PER_MS;

/**
 * The real server VAD is a model whose `threshold` is a probability; this one
 * compares window energy with a level: 0 → −60 dBFS, 0.5 (default) → −35 dBFS,
 * 1 → −10 dBFS. Phone speech sits around −30…−15 dBFS, line noise below −50.
 */
function thresholdDbfs(threshold: number): number {
  return -60 + 50 * threshold;
}

function windowLevelDbfs(window: Uint8Array): number {
  const samples = decodeMulaw(window);
  const meanSquare = samples.reduce((sum, s) => sum + s * s, 0) / samples.length;
  return 10 * Math.log10(meanSquare / 32768 ** 2);
}

/**
 * Energy VAD on the appended-audio clock: every byte ever appended advances the
 * clock by 1/8 ms, so event offsets are "ms since the session's first appended
 * audio", like the real `audio_start_ms` / `audio_end_ms`.
 *
 * - speech starts in the first window louder than the threshold;
 *   `audio_start_ms` = that window's start − `prefix_padding_ms` (not before
 *   `earliestStartMs`, the start of the uncommitted buffer);
 * - speech stops once `silence_duration_ms` of quiet windows follow the last
 *   loud one; `audio_end_ms` = end of the last loud window + `silence_duration_ms`.
 */
export class EnergyVad {
  private analysedBytes = 0;
  private unanalysed: Buffer = Buffer.alloc(0);
  private speaking = false;
  private lastLoudWindowEndMs = 0;

  get clockMs(): number {
    return (this.analysedBytes + this.unanalysed.length) / PCMU_BYTES_PER_MS;
  }

  /** Advances the clock by `audio`; detects speech unless `settings` is null (turn detection off). */
  push(audio: Buffer, settings: VadSettings | null, earliestStartMs: number): VadEvent[] {
    if (!settings) this.reset();
    const events: VadEvent[] = [];
    let pending = Buffer.concat([this.unanalysed, audio]);
    while (pending.length >= WINDOW_BYTES) {
      const windowStartMs = this.analysedBytes / PCMU_BYTES_PER_MS;
      const event = settings && this.observe(pending.subarray(0, WINDOW_BYTES), windowStartMs, settings, earliestStartMs);
      if (event) events.push(event);
      this.analysedBytes += WINDOW_BYTES;
      pending = pending.subarray(WINDOW_BYTES);
    }
    this.unanalysed = Buffer.from(pending);
    return events;
  }

  /** Forgets speech in progress (the buffer was cleared or committed by hand). */
  reset(): void {
    this.speaking = false;
  }

  private observe(window: Buffer, windowStartMs: number, settings: VadSettings, earliestStartMs: number): VadEvent | undefined {
    const windowEndMs = windowStartMs + VAD_WINDOW_MS;
    if (windowLevelDbfs(window) > thresholdDbfs(settings.threshold)) {
      this.lastLoudWindowEndMs = windowEndMs;
      if (this.speaking) return undefined;
      this.speaking = true;
      return { type: 'speech_started', audioStartMs: Math.max(earliestStartMs, windowStartMs - settings.prefixPaddingMs) };
    }
    if (!this.speaking || windowEndMs - this.lastLoudWindowEndMs < settings.silenceDurationMs) return undefined;
    this.speaking = false;
    return { type: 'speech_stopped', audioEndMs: this.lastLoudWindowEndMs + settings.silenceDurationMs };
  }
}
