interface Waiter {
  condition: () => boolean;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * Promises that settle when a condition over some state becomes true: the
 * owner calls {@link check} after every change, and {@link fail} when no
 * change can come any more.
 */
export class ConditionWaiters {
  private readonly waiters = new Set<Waiter>();
  private failure: Error | undefined;

  waitUntil(condition: () => boolean): Promise<void> {
    if (condition()) return Promise.resolve();
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiters.add({ condition, resolve, reject }));
  }

  check(): void {
    for (const waiter of this.waiters) {
      if (!waiter.condition()) continue;
      this.waiters.delete(waiter);
      waiter.resolve();
    }
  }

  /** Settles every pending wait: resolved if its condition now holds, rejected with `error` otherwise. */
  fail(error: Error): void {
    this.check();
    this.failure = error;
    for (const waiter of this.waiters) waiter.reject(error);
    this.waiters.clear();
  }
}
