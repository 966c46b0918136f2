import type { CallLine } from '../rest/call-line';
import { SimulatedCall } from '../rest/call-resource';

/** An inbound call no REST simulator knows about: nothing updates it, and answering or hanging up only changes its status. */
export function standaloneLine(input: { accountSid: string; authToken: string; from: string; to: string; callSid?: string }): CallLine {
  const call = new SimulatedCall({ sid: input.callSid, accountSid: input.accountSid, from: input.from, to: input.to, direction: 'inbound', status: 'ringing' });
  return {
    call,
    authToken: input.authToken,
    onUpdated: () => () => undefined,
    answer: () => {
      if (call.status === 'ringing') call.setStatus('in-progress');
    },
    hangUp: () => {
      if (!call.ended) call.setStatus('completed');
    },
  };
}
