import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Which kind of socket the caller's audio travels on. */
export type Transport = 'twilio' | 'browser';

/**
 * Bucket bounds `perDecade` to a factor of ten, log-spaced from `from` to `to`
 * seconds (3 significant digits). 20 a decade: neighbouring bounds differ by
 * 12 %, so a p50 or p99 interpolated within a bucket is never further off
 * than that (the old 2–2.5× buckets could be off by half).
 */
function logBuckets(from: number, to: number, perDecade: number): number[] {
  const count = Math.round(Math.log10(to / from) * perDecade);
  return Array.from({ length: count + 1 }, (_, i) => Number((from * 10 ** (i / perDecade)).toPrecision(3)));
}

/** 1 µs … 100 ms, finely: forwarding a frame or reacting to a barge-in should cost microseconds, and their p99 matters. */
const LATENCY_BUCKETS = logBuckets(0.000_001, 0.1, 20);

/**
 * Sampling interval of the event-loop delay monitor among the process metrics
 * (`nodejs_eventloop_lag_p99_seconds` and co. count it in: the lag is what
 * exceeds it). Those percentiles restart at every scrape.
 */
export const EVENT_LOOP_MONITORING_PRECISION_MS = 10;

/** Everything the media-edge exports on `GET /metrics`, in a registry of its own. */
export class MediaEdgeMetrics {
  readonly registry = new Registry();

  readonly framesIn = new Counter({
    name: 'media_edge_frames_in_total',
    help: 'Caller audio frames received',
    labelNames: ['transport'] as const,
    registers: [this.registry],
  });

  readonly framesOut = new Counter({
    name: 'media_edge_frames_out_total',
    help: 'Agent audio frames sent to the caller',
    labelNames: ['transport'] as const,
    registers: [this.registry],
  });

  readonly malformedFrames = new Counter({
    name: 'media_edge_malformed_frames_total',
    help: 'Inbound messages dropped because they were not valid JSON or not a known message shape',
    labelNames: ['transport'] as const,
    registers: [this.registry],
  });

  readonly rejectedStreams = new Counter({
    name: 'media_edge_rejected_streams_total',
    help: 'Streams closed at start, by reason (missing, malformed, bad_signature, expired, wrong_call, duplicate: the call has a stream already, here or on another instance, unknown_call)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly uncheckedStreams = new Counter({
    name: 'media_edge_unchecked_streams_total',
    help: 'Streams let through without their claim in PostgreSQL (it failed or was late): a second stream for such a call is refused on this instance only',
    registers: [this.registry],
  });

  readonly realtimeReconnects = new Counter({
    name: 'media_edge_realtime_reconnects_total',
    help: 'Realtime sessions re-opened mid-call: the socket dropped, or the server failed it (server_error)',
    registers: [this.registry],
  });

  readonly realtimeErrors = new Counter({
    name: 'media_edge_realtime_errors_total',
    help: 'Errors a Realtime session reported and went on after (a refused event, a rate-limited response asked for again…), by code ("none" without one)',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  readonly streamSetupSeconds = new Histogram({
    name: 'media_edge_stream_setup_seconds',
    help: "From the stream's start to its first agent audio, by phase: token_check (start received → admitted), config (→ agent profile in hand, session configuring), first_frame (→ first agent audio sent)",
    labelNames: ['phase'] as const,
    buckets: logBuckets(0.000_1, 2, 20),
    registers: [this.registry],
  });

  readonly greetings = new Counter({
    name: 'media_edge_greetings_total',
    help: 'Calls greeted, by where the greeting came from: the cached recording, or the model speaking it',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  readonly bargeInSeconds = new Histogram({
    name: 'media_edge_barge_in_seconds',
    help: 'From speech_started received to clear sent to the caller',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly forwardingSeconds = new Histogram({
    name: 'media_edge_forwarding_seconds',
    help: 'Latency the media-edge adds to one audio frame (to_realtime: caller frame in → append out; to_caller: delta in → media out)',
    labelNames: ['direction'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly activeCalls = new Gauge({
    name: 'media_edge_active_calls',
    help: 'Calls with a live bridge on this instance',
    registers: [this.registry],
  });

  readonly toolCallsInFlight = new Gauge({
    name: 'media_edge_tool_calls_in_flight',
    help: 'runTool Updates sent and not yet answered',
    registers: [this.registry],
  });

  readonly toolUpdateRetries = new Counter({
    name: 'media_edge_tool_update_retries_total',
    help: 'runTool Updates that failed to reach Temporal and were sent again (same Update id: the tool still runs once)',
    registers: [this.registry],
  });

  readonly signalsQueued = new Counter({
    name: 'media_edge_signals_queued_total',
    help: 'Events the bridges queued for call workflows: turns, keypad presses, media and usage reports (each is delivered once in a signal, or abandoned)',
    registers: [this.registry],
  });

  readonly signalEventsPerSignal = new Histogram({
    name: 'media_edge_signal_events',
    help: 'Events each delivered signal carried: 1 while Temporal keeps up, more when events queued behind a slow signal',
    buckets: [1, 2, 3, 5, 10, 20, 50, 100],
    registers: [this.registry],
  });

  readonly signalDeliverySeconds = new Histogram({
    name: 'media_edge_signal_delivery_seconds',
    help: 'From the event to its signal accepted by Temporal, retries included',
    buckets: logBuckets(0.001, 600, 10),
    registers: [this.registry],
  });

  readonly signalRetries = new Counter({
    name: 'media_edge_signal_retries_total',
    help: 'Signal RPCs to call workflows that failed and were retried',
    registers: [this.registry],
  });

  readonly signalsAbandoned = new Counter({
    name: 'media_edge_signals_abandoned_total',
    help: 'Events never delivered, by reason (workflow_closed: the call workflow had ended; rejected: the server refused their signal)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly signalsPending = new Gauge({
    name: 'media_edge_signals_pending',
    help: 'Events queued or in a signal being retried, not yet delivered',
    registers: [this.registry],
  });

  readonly toolCallSeconds = new Histogram({
    name: 'media_edge_tool_call_seconds',
    help: 'From the model’s function call to the tool result, as the caller waits for it',
    labelNames: ['outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 0.7, 1, 2, 5, 10, 30],
    registers: [this.registry],
  });
}

/** Seconds since `start` (a `process.hrtime.bigint()` reading). */
export function secondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}
