import type { Logger } from 'pino';
import type { TokenUsage, TurnRole } from '../../../libs/calls/src';
import type { CallHandle } from '../../../libs/temporal/src/calls-client';
import {
  dtmfSignal,
  mediaConnectedSignal,
  mediaDisconnectedSignal,
  transcriptTurnSignal,
  usageSignal,
} from '../../../libs/calls/src/call-messages';

/**
 * What the bridge tells the call's workflow. Signals go one after another:
 * Temporal does not order concurrent signals, and transcript turns and the
 * final `mediaDisconnected` must arrive in the order they happened. A failed
 * signal is logged; the call goes on.
 */
export class CallSignals {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly handle: CallHandle,
    private readonly log: Logger,
  ) {}

  mediaConnected(streamSid: string | undefined): void {
    this.enqueue('mediaConnected', () => this.handle.signal(mediaConnectedSignal, { at: now(), streamSid }));
  }

  turn(role: TurnRole, text: string): void {
    this.enqueue('transcriptTurn', () => this.handle.signal(transcriptTurnSignal, { role, text, at: now() }));
  }

  dtmf(digit: string): void {
    this.enqueue('dtmf', () => this.handle.signal(dtmfSignal, { digit, at: now() }));
  }

  usage(usage: TokenUsage): void {
    this.enqueue('usage', () => this.handle.signal(usageSignal, usage));
  }

  /** The last signal of a bridge; resolves once it (and everything before it) was sent. */
  mediaDisconnected(streamSid: string | undefined, reason: string): Promise<void> {
    this.enqueue('mediaDisconnected', () => this.handle.signal(mediaDisconnectedSignal, { at: now(), streamSid, reason }));
    return this.chain;
  }

  private enqueue(name: string, send: () => Promise<void>): void {
    this.chain = this.chain.then(send).catch((error: unknown) => this.log.error({ err: error, signal: name }, 'signal to the call workflow failed'));
  }
}

const now = () => new Date().toISOString();
