/**
 * Caps the signal RPCs the media-edge has in flight to Temporal, over all
 * its calls. Each call sends one signal at a time; without a cap, a slowed
 * server holds one waiting RPC per call, and once that is more than it
 * answers within the attempt deadline, attempts time out and are sent again
 * while the server still works on the ones nobody waits for: the retries
 * take its capacity (congestion collapse). With the cap, calls take turns in
 * the order they asked, and the events of a waiting call gather into its
 * next signal.
 */
export class SignalGate {
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.inFlight < this.limit) this.inFlight++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      // The slot goes straight to the longest waiter, if any.
      const next = this.waiting.shift();
      if (next) next();
      else this.inFlight--;
    }
  }
}
