import { percentile, round } from '../stats';

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** End-to-end frame latencies, kept only while measuring. */
export class LatencySamples {
  private samplesUs: number[] = [];
  private measuring = false;

  record(latencyUs: number | undefined): void {
    if (this.measuring && latencyUs !== undefined) this.samplesUs.push(latencyUs);
  }

  start(): void {
    this.samplesUs = [];
    this.measuring = true;
  }

  stop(): LatencySummary {
    this.measuring = false;
    const ms = this.samplesUs.map((us) => us / 1000);
    this.samplesUs = [];
    return { count: ms.length, p50Ms: percentile(ms, 50), p99Ms: percentile(ms, 99), maxMs: round(ms.reduce((max, value) => Math.max(max, value), 0)) };
  }
}
