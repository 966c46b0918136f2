import type { AnsweredBy } from './call-resource';
import type { AnsweredCall } from './call-line';

/** The person (or machine) an outbound call reaches picks up. */
export interface AnsweringCallee {
  outcome: 'answer';
  /** Who picked up; reported verbatim as `AnsweredBy` when the call asked for `MachineDetection`. Default `human`. */
  answeredBy?: AnsweredBy;
  /** How long the phone rings before it is answered. Default 0. */
  ringMs?: number;
  /**
   * A machine's greeting up to its beep: with async AMD the verdict comes this long after the
   * answer (as `MachineDetectionDuration`), the way DetectMessageEnd waits for the beep. Default 0.
   */
  greetingMs?: number;
  /**
   * Takes the answered call over (e.g. a PhoneSimulator following `<Connect><Stream>`): the call
   * stays in progress until the taker or a REST update hangs it up. Without it, the callee
   * listens for `talkMs` and hangs up.
   */
  onAnswered?: (call: AnsweredCall) => void | Promise<void>;
  talkMs?: number;
}

/** The call never connects: busy line, nobody answers before the timeout, or the network fails it. */
export interface UnreachableCallee {
  outcome: 'busy' | 'no-answer' | 'failed';
  /** How long it rings before `no-answer`. Default 0. */
  ringMs?: number;
}

export type CalleeScript = AnsweringCallee | UnreachableCallee;

export const DEFAULT_CALLEE: CalleeScript = { outcome: 'answer' };
