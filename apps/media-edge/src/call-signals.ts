import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { TokenUsage, TurnRole } from '../../../libs/calls/src';
import type { CallHandle } from '../../../libs/temporal/src/calls-client';
import { bridgeEventsSignal, type BridgeEvent, type NumberedBridgeEvent } from '../../../libs/calls/src/call-messages';
import { secondsSince, type MediaEdgeMetrics } from './metrics';
import type { SignalGate } from './signal-gate';
import { untilAnswered, type Backoff } from './workflow-retry';

export interface SignalRetryOptions extends Backoff {
  /** One signal RPC may take this long before it counts as failed and is retried. */
  attemptTimeoutMs: number;
}

export const DEFAULT_SIGNAL_RETRY: SignalRetryOptions = { attemptTimeoutMs: 10_000, initialBackoffMs: 200, maxBackoffMs: 5_000 };

interface QueuedEvent {
  event: NumberedBridgeEvent;
  /** Its JSON size, counted once: a signal's events stay within `MAX_SIGNAL_BYTES`. */
  bytes: number;
  queuedAt: bigint;
}

type Delivery = 'delivered' | 'workflow_closed' | 'rejected';

/** A signal carries at most this many events, and this many bytes of them (Temporal refuses payloads over 2 MB). */
const MAX_EVENTS_PER_SIGNAL = 100;
const MAX_SIGNAL_BYTES = 256 * 1024;

/**
 * What the bridge tells the call's workflow. One signal is in flight at a
 * time (and the process's `SignalGate` caps them over all calls), retried
 * with backoff until it is delivered: Temporal does not order
 * concurrent signals, and transcript turns and the final `mediaDisconnected`
 * must arrive in the order they happened. Whatever happens meanwhile queues
 * and goes in the next signal, so a slow Temporal gets fewer, larger signals
 * rather than a growing pile of them. A retry can deliver events the server
 * had already taken, so each carries this bridge's id and its number, and the
 * workflow applies it once. Retrying ends when the workflow has closed: what
 * is still queued then is dropped, logged and counted.
 */
export class CallSignals {
  /**
   * Resolves when a signal finds no running workflow: the call has ended, or
   * never existed (`unknownCall`: not one signal was ever delivered).
   */
  readonly workflowGone: Promise<{ unknownCall: boolean }>;
  private markGone!: (gone: { unknownCall: boolean }) => void;
  private readonly bridgeId = randomUUID();
  private seq = 0;
  private delivered = 0;
  private readonly queue: QueuedEvent[] = [];
  private pumping: Promise<void> | undefined;
  private workflowClosed = false;

  constructor(
    private readonly handle: CallHandle,
    private readonly log: Logger,
    private readonly metrics: MediaEdgeMetrics,
    private readonly gate: SignalGate,
    private readonly retry: SignalRetryOptions = DEFAULT_SIGNAL_RETRY,
  ) {
    this.workflowGone = new Promise((resolve) => (this.markGone = resolve));
  }

  mediaConnected(streamSid: string | undefined): void {
    this.enqueue({ kind: 'mediaConnected', at: now(), streamSid });
  }

  turn(role: TurnRole, text: string): void {
    this.enqueue({ kind: 'turn', role, text, at: now() });
  }

  dtmf(digit: string): void {
    this.enqueue({ kind: 'dtmf', digit, at: now() });
  }

  usage(usage: TokenUsage): void {
    this.enqueue({ kind: 'usage', ...usage });
  }

  /** The last event of a bridge; resolves once it (and everything before it) was delivered or dropped. */
  mediaDisconnected(streamSid: string | undefined, reason: string): Promise<void> {
    this.enqueue({ kind: 'mediaDisconnected', at: now(), streamSid, reason });
    return this.pumping ?? Promise.resolve();
  }

  private enqueue(event: BridgeEvent): void {
    const numbered: NumberedBridgeEvent = { ...event, origin: { bridgeId: this.bridgeId, seq: ++this.seq } };
    this.metrics.signalsQueued.inc();
    if (this.workflowClosed) return this.abandon([numbered], 'workflow_closed');
    this.queue.push({ event: numbered, bytes: Buffer.byteLength(JSON.stringify(numbered)), queuedAt: process.hrtime.bigint() });
    this.metrics.signalsPending.inc();
    this.pumping ??= this.pump();
  }

  /**
   * Sends until the queue is empty, and forgets itself in the same step
   * that finds it empty (no await in between): an event queued a moment
   * later starts a new pump instead of waiting behind a finished one.
   */
  private async pump(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        // The batch is taken once the gate lets this call send: what queued while it waited goes too.
        const { batch, delivery } = await this.gate.run(async () => {
          const next = this.nextBatch();
          return { batch: next, delivery: await this.deliver(next) };
        });
        this.queue.splice(0, batch.length);
        this.metrics.signalsPending.dec(batch.length);
        if (delivery === 'rejected') this.abandon(batch.map(({ event }) => event), 'rejected');
        if (delivery === 'delivered') this.delivered += batch.length;
        if (delivery === 'workflow_closed') {
          this.workflowClosed = true;
          this.markGone({ unknownCall: this.delivered === 0 });
          const unsent = this.queue.splice(0);
          this.metrics.signalsPending.dec(unsent.length);
          this.abandon(
            [...batch, ...unsent].map(({ event }) => event),
            'workflow_closed',
          );
        }
      }
    } finally {
      this.pumping = undefined;
    }
  }

  /** The oldest queued events that fit one signal (always at least one). */
  private nextBatch(): QueuedEvent[] {
    let bytes = 0;
    let count = 0;
    for (const { bytes: size } of this.queue) {
      if (count === MAX_EVENTS_PER_SIGNAL || (count > 0 && bytes + size > MAX_SIGNAL_BYTES)) break;
      bytes += size;
      count++;
    }
    return this.queue.slice(0, count);
  }

  private async deliver(batch: QueuedEvent[]): Promise<Delivery> {
    const events = batch.map(({ event }) => event);
    let failedAttempts = 0;
    const sent = await untilAnswered(
      () => this.handle.client.withDeadline(Date.now() + this.retry.attemptTimeoutMs, () => this.handle.signal(bridgeEventsSignal, { events })),
      this.retry,
      (reason, attempt, backoffMs) => {
        failedAttempts = attempt;
        this.metrics.signalRetries.inc();
        // One warning per outage, not per attempt: under a slow Temporal, logging every retry of every call costs the event loop the audio needs.
        if (attempt === 1) this.log.warn({ reason, events: events.length, backoffMs }, 'signal to the call workflow failed; retrying until it is delivered');
        else this.log.debug({ reason, attempt, backoffMs }, 'signal to the call workflow failed again');
      },
    );
    if (sent.outcome === 'answered') {
      if (failedAttempts > 0) this.log.info({ failedAttempts, events: events.length }, 'signal to the call workflow delivered after retries');
      this.metrics.signalEventsPerSignal.observe(batch.length);
      for (const { queuedAt } of batch) this.metrics.signalDeliverySeconds.observe(secondsSince(queuedAt));
      return 'delivered';
    }
    if (sent.outcome === 'rejected') this.log.error({ err: sent.error, events: kinds(events) }, 'the call workflow refused a signal');
    return sent.outcome;
  }

  private abandon(events: NumberedBridgeEvent[], reason: 'workflow_closed' | 'rejected'): void {
    this.metrics.signalsAbandoned.inc({ reason }, events.length);
    if (reason === 'workflow_closed') this.log.info({ events: kinds(events) }, 'call workflow has closed: events dropped');
  }
}

const now = () => new Date().toISOString();
const kinds = (events: NumberedBridgeEvent[]) => events.map((event) => event.kind);
