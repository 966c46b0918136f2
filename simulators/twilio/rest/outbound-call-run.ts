import { setTimeout as sleep } from 'node:timers/promises';
import type { CallbackSender } from './callback-sender';
import type { AnsweringCallee, CalleeScript } from './callee-script';
import type { CallLine } from './call-line';
import type { CallProgress } from './call-progress';
import type { SimulatedCall } from './call-resource';
import { fetchCallTwiml } from './call-twiml';

export interface OutboundCallContext {
  progress: CallProgress;
  callbacks: CallbackSender;
  lineFor(call: SimulatedCall): CallLine;
  /** Aborted when the simulator closes. */
  signal: AbortSignal;
}

/** Reported as `MachineDetectionDuration` (ms) for a callee without a greeting; the simulator does not make the caller wait for it. */
const MACHINE_DETECTION_DURATION_MS = 2000;

/**
 * What happens after `calls.create` returns: dialing, ringing, then the
 * callee's scripted outcome, with the status callbacks, the TwiML request
 * to `Url` and, with answering-machine detection, its verdict.
 */
export async function runOutboundCall(call: SimulatedCall, callee: CalleeScript, context: OutboundCallContext): Promise<void> {
  const { progress, signal } = context;
  progress.report(call, 'initiated');
  if (callee.outcome === 'busy' || callee.outcome === 'failed') return progress.report(call, callee.outcome);
  progress.report(call, 'ringing');
  await sleep(callee.ringMs ?? 0, undefined, { signal });
  if (call.ended) return; // cancelled while ringing
  if (callee.outcome === 'answer') return answer(call, callee, context);
  progress.report(call, 'no-answer');
}

async function answer(call: SimulatedCall, callee: AnsweringCallee, context: OutboundCallContext): Promise<void> {
  const machineDetection = call.createParam('MachineDetection');
  const asyncAmd = call.createParam('AsyncAmd') === 'true';
  const answeredBy = callee.answeredBy ?? 'human';
  if (machineDetection && !asyncAmd) call.answeredBy = answeredBy; // synchronous AMD: the verdict comes with the TwiML request
  context.progress.report(call, 'in-progress');
  const twiml = await fetchCallTwiml(call, context.callbacks);
  if (machineDetection && asyncAmd) void reportAsyncAmd(call, answeredBy, callee.greetingMs ?? 0, context);
  if (!twiml.ok) return context.progress.report(call, 'completed');
  if (call.ended) return;
  if (callee.onAnswered) return callee.onAnswered({ ...context.lineFor(call), twiml: twiml.twiml, verbs: twiml.verbs, twimlUrl: twiml.url });
  await sleep(callee.talkMs ?? 0, undefined, { signal: context.signal });
  context.progress.report(call, 'completed');
}

async function reportAsyncAmd(call: SimulatedCall, answeredBy: NonNullable<SimulatedCall['answeredBy']>, greetingMs: number, context: OutboundCallContext): Promise<void> {
  await sleep(greetingMs, undefined, { signal: context.signal }).catch(() => undefined);
  if (call.ended || context.signal.aborted) return;
  call.answeredBy = answeredBy;
  const url = call.createParam('AsyncAmdStatusCallback');
  if (!url) return;
  void context.callbacks.send({
    purpose: 'async-amd',
    resourceSid: call.sid,
    url,
    method: call.createParam('AsyncAmdStatusCallbackMethod') === 'GET' ? 'GET' : 'POST',
    params: {
      AccountSid: call.accountSid,
      AnsweredBy: answeredBy,
      CallSid: call.sid,
      MachineDetectionDuration: String(greetingMs || MACHINE_DETECTION_DURATION_MS),
    },
  });
}
