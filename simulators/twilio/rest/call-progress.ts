import type { CallbackSender } from './callback-sender';
import type { CallStatus, SimulatedCall, StatusCallbackEvent } from './call-resource';
import { rfc2822 } from './twilio-formats';

/** A step of a call's progress: a status, or `initiated` (dialing started; the resource stays `queued`). */
export type CallStep = 'initiated' | CallStatus;

/**
 * Moves calls through their statuses and reports each step to the call's
 * StatusCallback when it subscribed to that step's event (protocols.md §1.4),
 * numbering the callbacks of a call 0, 1, 2…
 */
export class CallProgress {
  private readonly sequenceNumbers = new Map<string, number>();

  constructor(
    private readonly callbacks: CallbackSender,
    private readonly onChange: (call: SimulatedCall) => void,
  ) {}

  /** Ignored once the call has ended. */
  report(call: SimulatedCall, step: CallStep): void {
    if (call.ended) return;
    if (step !== 'initiated') call.setStatus(step);
    this.onChange(call);
    const subscription = call.statusCallback;
    const event = eventOf(step);
    if (!subscription || !event || !subscription.events.has(event)) return;
    const sequenceNumber = this.sequenceNumbers.get(call.sid) ?? 0;
    this.sequenceNumbers.set(call.sid, sequenceNumber + 1);
    void this.callbacks.send({
      purpose: 'call-status',
      resourceSid: call.sid,
      url: subscription.url,
      method: subscription.method,
      params: {
        ...call.requestParams(step),
        CallbackSource: 'call-progress-events',
        SequenceNumber: String(sequenceNumber),
        Timestamp: rfc2822(new Date()),
        ...(call.ended ? { CallDuration: String(call.durationSeconds) } : {}),
      },
    });
  }
}

function eventOf(step: CallStep): StatusCallbackEvent | undefined {
  switch (step) {
    case 'initiated':
    case 'ringing':
      return step;
    case 'in-progress':
      return 'answered';
    case 'queued':
      return undefined;
    default:
      return 'completed';
  }
}
