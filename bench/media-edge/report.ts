import { cpus, loadavg } from 'node:os';
import { round } from '../stats';
import type { TemporalEngine } from '../../libs/infra/src/temporal-server';
import type { WorkflowsEnded } from './call-workflows';
import type { CpuPlacement } from './cpu-placement';
import type { FrameAccount } from './frame-accounting';
import type { LatencySummary } from './latency-samples';
import type { WindowMeasurement } from './measured-window';
import type { HistogramCounts } from './metrics-scrape';
import type { SignalAccount } from './signal-account';

/** How many calls the bench placed, and how many of them it measured. */
export interface CallCounts {
  attempted: number;
  /** Streams connected within the bench's limit. */
  connected: number;
  /** Connected and heard their greeting in time: every figure but the workflows' is over these. */
  measured: number;
  /** Connected but never heard a greeting in time: hung up and left out. */
  neverUp: number;
}

export interface BenchReport {
  calls: CallCounts;
  seconds: number;
  engine: TemporalEngine;
  window: WindowMeasurement;
  frames: FrameAccount;
  /** False if frames were still moving when the bench stopped waiting for them. */
  countsSettled: boolean;
  /** Streams the media-edge closed while the caller was still talking. */
  droppedCalls: number;
  placement: CpuPlacement;
  workflowsEnded: WorkflowsEnded;
  signals: SignalAccount;
}

const ms = (seconds: number) => round(seconds * 1000, 3);

/** The human-readable lines, then the `RESULT {…}` line last. */
export function printReport(report: BenchReport): void {
  const { window, frames, placement } = report;
  const { endToEnd, signalLag } = window;
  const { signals } = report;
  const rssByMinute = window.edgeUsage.rssByMinuteMb;
  const rssTrend = slopePerStep(rssByMinute.slice(1));
  const quantiles = (histogram: HistogramCounts) =>
    `p50 ${ms(histogram.quantile(0.5))} ms  p99 ${ms(histogram.quantile(0.99))} ms  (${histogram.count} samples)`;
  const summary = (latency: LatencySummary) => `p50 ${latency.p50Ms} ms  p99 ${latency.p99Ms} ms  max ${latency.maxMs} ms  (${latency.count} frames)`;
  const { calls } = report;
  const lines = [
    `media-edge bench: ${calls.measured} calls, ${report.seconds} s measured, Temporal ${report.engine === 'postgres' ? 'production server on PostgreSQL' : 'dev server'}`,
    ...(calls.measured < calls.attempted
      ? [`calls          WARNING: ${calls.attempted} placed, ${calls.connected} connected in time, ${calls.neverUp} of those never heard a greeting: measured over ${calls.measured}`]
      : []),
    `frame in → out Twilio → Realtime  ${summary(endToEnd.toRealtime)}`,
    `frame in → out Realtime → Twilio  ${summary(endToEnd.toCaller)}`,
    `  (sent → received, stamped in the audio: sockets, both event loops and the handler)`,
    `handler time   Twilio → Realtime  ${quantiles(window.toRealtime)}`,
    `handler time   Realtime → Twilio  ${quantiles(window.toCaller)}`,
    `barge-in       speech_started → clear  ${quantiles(window.bargeIn)}`,
    `signals        lag (event → accepted by Temporal) ${quantiles(signalLag)}`,
    `signals        whole run: ${signals.queued} events queued, ${signals.delivered} delivered in ${signals.signalsSent} signals, ${signals.lost} lost (${signals.abandoned} abandoned), ${signals.retries} retries`,
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
      `event-loop lag p99 ${round(window.edgeLoopLagP99Ms)} ms (in frame in → out, not in handler time)  GC ${window.edgeGc.pauses} pauses, ${round(window.edgeGc.totalMs)} ms`,
    `bench process  event-loop lag p99 ${round(window.bench.loopLagP99Ms)} ms; frame clock late p99 ${round(window.bench.clockLateP99Ms)} ms, ` +
      `max ${round(window.bench.clockLateMaxMs)} ms; CPU ${round(window.bench.cpuPct, 1)} %`,
    `Realtime side  event-loop lag p99 ${round(window.bench.realtimeLoopLagP99Ms)} ms (in frame in → out Twilio → Realtime); CPU ${round(window.bench.realtimeCpuPct, 1)} %`,
    `machine        CPU ${round(window.machineCpuPct, 1)} % of ${cpus().length * 100} %, load average ${loadavg().map((load) => round(load)).join(' ')} (figures under load are not final)`,
    `media-edge     RSS at each minute ${rssByMinute.map((mb) => round(mb, 0)).join(', ') || '(window under a minute)'} MB; trend ${round(rssTrend, 2)} MB/min`,
    `workflows      ${report.workflowsEnded.ended}/${calls.attempted} call workflows ended by themselves after the hang-up, ${report.workflowsEnded.summarized}/${calls.attempted} summarized` +
      (report.workflowsEnded.allSummarizedMs === undefined ? '' : `, the last ${round(report.workflowsEnded.allSummarizedMs / 1000, 1)} s after the hang-up`) +
      (report.workflowsEnded.firstWaitError === undefined ? '' : ` (waiting was retried after: ${report.workflowsEnded.firstWaitError})`),
  ];
  for (const line of lines) console.log(line);
  const result = {
    bench: 'media-edge',
    engine: report.engine,
    calls: calls.measured,
    calls_attempted: calls.attempted,
    calls_connected: calls.connected,
    // The headline: frame in → frame out, the slower direction.
    p50_ms: Math.max(endToEnd.toRealtime.p50Ms, endToEnd.toCaller.p50Ms),
    p99_ms: Math.max(endToEnd.toRealtime.p99Ms, endToEnd.toCaller.p99Ms),
    to_realtime_p99_ms: endToEnd.toRealtime.p99Ms,
    to_caller_p99_ms: endToEnd.toCaller.p99Ms,
    realtime_side_loop_lag_p99_ms: round(window.bench.realtimeLoopLagP99Ms),
    handler_p99_ms: ms(Math.max(window.toRealtime.quantile(0.99), window.toCaller.quantile(0.99))),
    barge_in_p99_ms: ms(window.bargeIn.quantile(0.99)),
    dropped: frames.toRealtime.dropped + frames.toCaller.dropped,
    signal_lag_p50_ms: ms(signalLag.quantile(0.5)),
    signal_lag_p99_ms: ms(signalLag.quantile(0.99)),
    signals_lost: signals.lost,
    signals_sent: signals.signalsSent,
    cpu_pct: round(window.edgeUsage.cpuPct, 1),
    rss_mb: round(window.edgeUsage.peakRssMb, 1),
    rss_by_minute_mb: rssByMinute.map((mb) => round(mb, 1)),
    rss_trend_mb_per_min: round(rssTrend, 2),
    workflows_ended: report.workflowsEnded.ended,
    workflows_summarized: report.workflowsEnded.summarized,
    all_summarized_s: report.workflowsEnded.allSummarizedMs === undefined ? null : round(report.workflowsEnded.allSummarizedMs / 1000, 1),
    load_avg_1m: round(loadavg()[0]),
  };
  console.log(`RESULT ${JSON.stringify(result)}`);
}

/** Least-squares slope of evenly spaced samples, per step; 0 for fewer than two (the first minute is left out by the caller: warm-up). */
function slopePerStep(samples: readonly number[]): number {
  if (samples.length < 2) return 0;
  const meanX = (samples.length - 1) / 2;
  const meanY = samples.reduce((sum, y) => sum + y, 0) / samples.length;
  const covariance = samples.reduce((sum, y, x) => sum + (x - meanX) * (y - meanY), 0);
  const variance = samples.reduce((sum, _y, x) => sum + (x - meanX) ** 2, 0);
  return covariance / variance;
}
