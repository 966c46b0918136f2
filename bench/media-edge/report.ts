import { cpus } from 'node:os';
import { round } from '../stats';
import type { CpuPlacement } from './cpu-placement';
import type { FrameAccount } from './frame-accounting';
import type { WindowMeasurement } from './measured-window';
import type { HistogramCounts } from './metrics-scrape';

export interface BenchReport {
  calls: number;
  seconds: number;
  window: WindowMeasurement;
  frames: FrameAccount;
  /** False if frames were still moving when the bench stopped waiting for them. */
  countsSettled: boolean;
  /** Streams the media-edge closed while the caller was still talking. */
  droppedCalls: number;
  placement: CpuPlacement;
  workflowsEnded: number;
}

const ms = (seconds: number) => round(seconds * 1000, 3);

/** The human-readable lines, then the `RESULT {…}` line last. */
export function printReport(report: BenchReport): void {
  const { window, frames, placement } = report;
  const quantiles = (histogram: HistogramCounts) =>
    `p50 ${ms(histogram.quantile(0.5))} ms  p99 ${ms(histogram.quantile(0.99))} ms  (${histogram.count} samples)`;
  const lines = [
    `media-edge bench: ${report.calls} calls, ${report.seconds} s measured`,
    `added latency  Twilio → Realtime  ${quantiles(window.toRealtime)}`,
    `added latency  Realtime → Twilio  ${quantiles(window.toCaller)}`,
    `barge-in       speech_started → clear  ${quantiles(window.bargeIn)}`,
    `frames         Twilio → Realtime: ${frames.toRealtime.sent} sent, ${frames.toRealtime.received} appended, ${frames.toRealtime.dropped} dropped (${frames.toRealtime.callsWithDrops} calls)`,
    `frames         Realtime → Twilio: ${frames.toCaller.sent} deltas, ${frames.toCaller.received} media received, ${frames.toCaller.dropped} dropped (${frames.toCaller.callsWithDrops} calls)`,
    ...(report.countsSettled ? [] : ['frames         WARNING: frames were still arriving when the bench stopped waiting']),
    ...(frames.unmatchedCalls ? [`frames         WARNING: ${frames.unmatchedCalls} calls had no Realtime session`] : []),
    ...(frames.toRealtime.callsOverCounted + frames.toCaller.callsOverCounted
      ? [`frames         WARNING: ${frames.toRealtime.callsOverCounted + frames.toCaller.callsOverCounted} calls received more frames than were sent to them`]
      : []),
    ...(report.droppedCalls ? [`calls          WARNING: ${report.droppedCalls} streams closed by the media-edge mid-call`] : []),
    `placement      media-edge alone on CPU ${placement.mediaEdgeCpu}; callers, Realtime simulator, worker and Temporal on CPU ${placement.othersCpus} (worker and Temporal at nice 10)`,
    `media-edge     CPU ${round(window.edgeUsage.cpuPct, 1)} %  peak RSS ${round(window.edgeUsage.peakRssMb, 1)} MB  ` +
      `event-loop lag p99 ${round(window.edgeLoopLagP99Ms)} ms (not in the latencies above)  GC ${window.edgeGc.pauses} pauses, ${round(window.edgeGc.totalMs)} ms`,
    `bench process  event-loop lag p99 ${round(window.bench.loopLagP99Ms)} ms; frame clock late p99 ${round(window.bench.clockLateP99Ms)} ms, ` +
      `max ${round(window.bench.clockLateMaxMs)} ms; CPU ${round(window.bench.cpuPct, 1)} % (+ Realtime simulator ${round(window.bench.realtimeCpuPct, 1)} %)`,
    `machine        CPU ${round(window.machineCpuPct, 1)} % of ${cpus().length * 100} %`,
    `workflows      ${report.workflowsEnded}/${report.calls} call workflows ended by themselves after the hang-up`,
  ];
  for (const line of lines) console.log(line);
  const result = {
    bench: 'media-edge',
    calls: report.calls,
    p50_ms: ms(window.toRealtime.quantile(0.5)),
    p99_ms: ms(window.toRealtime.quantile(0.99)),
    barge_in_p99_ms: ms(window.bargeIn.quantile(0.99)),
    dropped: frames.toRealtime.dropped + frames.toCaller.dropped,
    cpu_pct: round(window.edgeUsage.cpuPct, 1),
    rss_mb: round(window.edgeUsage.peakRssMb, 1),
  };
  console.log(`RESULT ${JSON.stringify(result)}`);
}
