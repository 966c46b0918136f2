import { performance } from 'node:perf_hooks';

/**
 * Ticks once per frame in real time without drift: frame n is due at
 * start + n × frameMs, whatever the timers' lateness. A late wake-up runs
 * every frame that fell due meanwhile, so the count of frames always matches
 * the time elapsed.
 */
export class FrameClock {
  private readonly startedAt = performance.now();
  private framesRun = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly frameMs: number,
    private readonly onFrame: (frameNumber: number) => void,
  ) {
    this.scheduleNext();
  }

  /** Milliseconds since the clock started. */
  now(): number {
    return performance.now() - this.startedAt;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private scheduleNext(): void {
    const dueInMs = (this.framesRun + 1) * this.frameMs - this.now();
    this.timer = setTimeout(() => this.runDueFrames(), Math.max(0, dueInMs));
  }

  private runDueFrames(): void {
    const elapsed = this.now();
    while (!this.stopped && (this.framesRun + 1) * this.frameMs <= elapsed) this.onFrame(++this.framesRun);
    if (!this.stopped) this.scheduleNext();
  }
}
