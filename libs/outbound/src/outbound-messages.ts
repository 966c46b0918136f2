import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { AnsweredByReport, OutboundCallDone, OutboundCallStatus, OutboundLeg } from './outbound-call';

// The outbound call workflow's public surface. The API and parent workflows
// import these definitions, never the workflow body.

export const outboundCallStatusSignal = defineSignal<[OutboundCallStatus]>('outboundCallStatus');
/** The AMD verdict; the live call `call-<CallSid>` gets it too (its agent waits for it). */
export const answeredBySignal = defineSignal<[AnsweredByReport]>('answeredBy');
/** Sent to the parent named in the input when the call is over. */
export const outboundCallDoneSignal = defineSignal<[OutboundCallDone]>('outboundCallDone');
/** What the answered call is about: the API starts `call-<CallSid>` with it. */
export const outboundLegQuery = defineQuery<OutboundLeg>('outboundLeg');
