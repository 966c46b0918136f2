import { setTimeout as sleep } from 'node:timers/promises';
import { EVENT_LOOP_MONITORING_PRECISION_MS } from '../../apps/media-edge/src/metrics';
import { percentile } from '../stats';
import type { BenchStack } from './bench-stack';
import type { CallerFleet } from './caller-fleet';
import type { LatencySummary } from './latency-samples';
import { LoopLagMonitor } from './loop-lag';
import { MetricsSnapshot, type HistogramCounts } from './metrics-scrape';
import { MachineCpuSampler, ProcessUsageSampler, type ProcessUsage } from './proc-stats';

/** What happened during the measured window, from the media-edge's /metrics and /proc. */
export interface WindowMeasurement {
  /** Frame in → frame out as the far end sees it: from the stamp its sender wrote to its arrival (bench/media-edge/frame-stamp.ts). */
  endToEnd: { toRealtime: LatencySummary; toCaller: LatencySummary };
  /** The media-edge's histograms, observations made during the window only: its handler time per frame… */
  toRealtime: HistogramCounts;
  toCaller: HistogramCounts;
  bargeIn: HistogramCounts;
  /** …and from an event to its signal accepted by Temporal. */
  signalLag: HistogramCounts;
  edgeUsage: ProcessUsage;
  /** How late the media-edge's event loop ran, p99: a frame can wait this long before the handler whose time is measured starts. */
  edgeLoopLagP99Ms: number;
  edgeGc: { pauses: number; totalMs: number };
  /** The callers' process (pacing and CPU) and the Realtime simulator's child process. */
  bench: { loopLagP99Ms: number; clockLateP99Ms: number; clockLateMaxMs: number; cpuPct: number; realtimeCpuPct: number; realtimeLoopLagP99Ms: number };
  /** Every process on the machine (Temporal, PostgreSQL and the worker too), summed over cores. */
  machineCpuPct: number;
}

/** Scrapes the media-edge before and after `seconds` of load and samples the processes meanwhile. */
export async function measureWindow(stack: BenchStack, fleet: CallerFleet, seconds: number): Promise<WindowMeasurement> {
  const loopLag = new LoopLagMonitor();
  fleet.resetPacingStats();
  fleet.toCallerLatency.start();
  stack.realtime.startMeasuring();
  const benchCpuBefore = process.cpuUsage();
  // The process metrics' event-loop percentiles restart at each scrape: the second one covers the window.
  const before = await MetricsSnapshot.scrape(stack.mediaEdgeUrl);
  const edgeUsage = new ProcessUsageSampler(stack.mediaEdge.pid);
  const realtimeUsage = new ProcessUsageSampler(stack.realtime.pid);
  const machineCpu = new MachineCpuSampler();
  await Promise.race([sleep(seconds * 1000), stack.mediaEdge.crashed, stack.realtime.crashed]);
  const after = await MetricsSnapshot.scrape(stack.mediaEdgeUrl);
  const usage = edgeUsage.stop();
  const realtimeCpuPct = realtimeUsage.stop().cpuPct;
  const machineCpuPct = machineCpu.stop();
  const benchCpu = process.cpuUsage(benchCpuBefore);
  const loopLagP99Ms = loopLag.stop();
  const realtime = await stack.realtime.measurement();
  const endToEnd = { toRealtime: realtime.toRealtime, toCaller: fleet.toCallerLatency.stop() };

  const during = (name: string, labels?: Record<string, string>) => after.histogram(name, labels).since(before.histogram(name, labels));
  const increase = (name: string) => after.value(name) - before.value(name);
  return {
    endToEnd,
    toRealtime: during('media_edge_forwarding_seconds', { direction: 'to_realtime' }),
    toCaller: during('media_edge_forwarding_seconds', { direction: 'to_caller' }),
    bargeIn: during('media_edge_barge_in_seconds'),
    signalLag: during('media_edge_signal_delivery_seconds'),
    edgeUsage: usage,
    edgeLoopLagP99Ms: after.value('nodejs_eventloop_lag_p99_seconds') * 1000 - EVENT_LOOP_MONITORING_PRECISION_MS,
    edgeGc: { pauses: increase('nodejs_gc_duration_seconds_count'), totalMs: increase('nodejs_gc_duration_seconds_sum') * 1000 },
    bench: {
      loopLagP99Ms,
      clockLateP99Ms: percentile(fleet.timerLatenessMs, 99),
      // Not Math.max(...samples): a soak's tens of thousands of them overflow the call stack.
      clockLateMaxMs: fleet.timerLatenessMs.reduce((max, ms) => Math.max(max, ms), -Infinity),
      cpuPct: ((benchCpu.user + benchCpu.system) / 1e3 / (seconds * 1000)) * 100,
      realtimeCpuPct,
      realtimeLoopLagP99Ms: realtime.loopLagP99Ms,
    },
    machineCpuPct,
  };
}
