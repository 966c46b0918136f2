import { randomUUID } from 'node:crypto';
import type { SignalDefinition } from '@temporalio/common';
import type { Logger } from 'pino';
import type { DtmfPress, MediaEvent, TokenUsage, TranscriptTurn, TurnRole } from '../../../libs/calls/src';
import type { CallHandle } from '../../../libs/temporal/src/calls-client';
import {
  dtmfSignal,
  mediaConnectedSignal,
  mediaDisconnectedSignal,
  transcriptTurnSignal,
  usageSignal,
  type Sequenced,
} from '../../../libs/calls/src/call-messages';
import { secondsSince, type MediaEdgeMetrics } from './metrics';
import { untilAnswered, type Backoff } from './workflow-retry';

export interface SignalRetryOptions extends Backoff {
  /** One signal RPC may take this long before it counts as failed and is retried. */
  attemptTimeoutMs: number;
}

export const DEFAULT_SIGNAL_RETRY: SignalRetryOptions = { attemptTimeoutMs: 10_000, initialBackoffMs: 200, maxBackoffMs: 5_000 };

interface QueuedSignal {
  name: string;
  send: () => Promise<void>;
  queuedAt: bigint;
}

type Delivery = 'delivered' | 'workflow_closed' | 'rejected';

/**
 * What the bridge tells the call's workflow. Signals go one after another,
 * each retried with backoff until it is delivered: Temporal does not order
 * concurrent signals, and transcript turns and the final `mediaDisconnected`
 * must arrive in the order they happened. A retry can deliver a signal the
 * server had already taken, so each carries this bridge's id and its number,
 * and the workflow applies it once. Retrying ends when the workflow has
 * closed: what is still queued then is dropped, logged and counted.
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
  private readonly queue: QueuedSignal[] = [];
  private pumping: Promise<void> | undefined;
  private workflowClosed = false;

  constructor(
    private readonly handle: CallHandle,
    private readonly log: Logger,
    private readonly metrics: MediaEdgeMetrics,
    private readonly retry: SignalRetryOptions = DEFAULT_SIGNAL_RETRY,
  ) {
    this.workflowGone = new Promise((resolve) => (this.markGone = resolve));
  }

  mediaConnected(streamSid: string | undefined): void {
    this.enqueue(mediaConnectedSignal, { at: now(), streamSid });
  }

  turn(role: TurnRole, text: string): void {
    this.enqueue<TranscriptTurn>(transcriptTurnSignal, { role, text, at: now() });
  }

  dtmf(digit: string): void {
    this.enqueue<DtmfPress>(dtmfSignal, { digit, at: now() });
  }

  usage(usage: TokenUsage): void {
    this.enqueue(usageSignal, usage);
  }

  /** The last signal of a bridge; resolves once it (and everything before it) was delivered or dropped. */
  mediaDisconnected(streamSid: string | undefined, reason: string): Promise<void> {
    this.enqueue<MediaEvent>(mediaDisconnectedSignal, { at: now(), streamSid, reason });
    return this.pumping ?? Promise.resolve();
  }

  private enqueue<T>(signal: SignalDefinition<[Sequenced<T>]>, payload: T): void {
    const origin = { bridgeId: this.bridgeId, seq: ++this.seq };
    this.metrics.signalsQueued.inc();
    if (this.workflowClosed) return this.abandon([signal.name], 'workflow_closed');
    this.queue.push({ name: signal.name, send: () => this.handle.signal(signal, { ...payload, origin }), queuedAt: process.hrtime.bigint() });
    this.metrics.signalsPending.inc();
    this.pumping ??= this.pump().finally(() => (this.pumping = undefined));
  }

  private async pump(): Promise<void> {
    while (this.queue.length > 0) {
      const delivery = await this.deliver(this.queue[0]);
      const sent = this.queue.shift()!;
      this.metrics.signalsPending.dec();
      if (delivery === 'rejected') this.abandon([sent.name], 'rejected');
      if (delivery === 'delivered') this.delivered++;
      if (delivery === 'workflow_closed') {
        this.workflowClosed = true;
        this.markGone({ unknownCall: this.delivered === 0 });
        const dropped = [sent, ...this.queue.splice(0)];
        this.metrics.signalsPending.dec(dropped.length - 1);
        this.abandon(
          dropped.map((signal) => signal.name),
          'workflow_closed',
        );
      }
    }
  }

  private async deliver(signal: QueuedSignal): Promise<Delivery> {
    const sent = await untilAnswered(
      () => this.handle.client.withDeadline(Date.now() + this.retry.attemptTimeoutMs, signal.send),
      this.retry,
      (reason, attempt, backoffMs) => {
        this.metrics.signalRetries.inc();
        this.log.warn({ reason, signal: signal.name, attempt, backoffMs }, 'signal to the call workflow failed; retrying');
      },
    );
    if (sent.outcome === 'answered') {
      this.metrics.signalDeliverySeconds.observe(secondsSince(signal.queuedAt));
      return 'delivered';
    }
    if (sent.outcome === 'rejected') this.log.error({ err: sent.error, signal: signal.name }, 'the call workflow refused a signal');
    return sent.outcome;
  }

  private abandon(names: string[], reason: 'workflow_closed' | 'rejected'): void {
    this.metrics.signalsAbandoned.inc({ reason }, names.length);
    if (reason === 'workflow_closed') this.log.info({ signals: names }, 'call workflow has closed: signals dropped');
  }
}

const now = () => new Date().toISOString();
