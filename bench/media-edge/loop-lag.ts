import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** monitorEventLoopDelay reports the interval between its timer's runs: the lag is what exceeds this. */
const RESOLUTION_MS = 5;

/** This process's event-loop lag from now until {@link stop}. */
export class LoopLagMonitor {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });

  constructor() {
    this.histogram.enable();
  }

  /** The p99 lag in ms since the monitor started. */
  stop(): number {
    this.histogram.disable();
    return this.histogram.percentile(99) / 1e6 - RESOLUTION_MS;
  }
}
