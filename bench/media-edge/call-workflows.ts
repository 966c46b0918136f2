import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowFailedError, WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import { postCallWorkflowId, type CallWorkflowInput } from '../../libs/calls/src';
import { newCallSid } from '../../libs/calls/src/call-sid';
import { signStreamToken } from '../../libs/stream-token/src/stream-token';
import type { CallsClient } from '../../libs/temporal/src/calls-client';
import { DEMO_TENANTS } from '../../prisma/seed/demo-data';
import { callStateQuery, callStatusSignal } from '../../libs/calls/src/call-messages';
import type { CallerIdentity } from './bench-caller';
import { FRAMES_PER_CYCLE } from './conversation-plan';
import { settlesWithin } from '../../libs/infra/src/app-process';

export interface BenchCall {
  input: CallWorkflowInput;
  caller: CallerIdentity;
}

const RPCS_IN_PARALLEL = 25;
const RESULT_RETRY_MS = 1_000;
const WORKER_RETRY_MS = 500;

/**
 * Starts `count` inbound call workflows as the API does on Twilio's webhook,
 * round-robin over the demo tenants, each from its own caller number (which
 * is how the Realtime side tells the calls apart), with signed stream tokens.
 */
export async function startCallWorkflows(
  calls: CallsClient,
  tenantIds: Record<string, string>,
  count: number,
  streamTokenSecret: string,
): Promise<BenchCall[]> {
  const benchCalls = Array.from({ length: count }, (_, index): BenchCall => {
    const tenant = DEMO_TENANTS[index % DEMO_TENANTS.length];
    const tenantId = tenantIds[tenant.slug];
    const callSid = newCallSid();
    const input: CallWorkflowInput = {
      callSid,
      tenantId,
      direction: 'inbound',
      from: benchCallerNumber(index),
      to: tenant.phoneNumber,
      startedAt: new Date().toISOString(),
      toolPacks: tenant.toolPacks,
    };
    const caller: CallerIdentity = {
      callSid,
      streamSid: `MZ${randomBytes(16).toString('hex')}`,
      streamToken: signStreamToken({ callSid, tenantId, callerNumber: input.from }, streamTokenSecret),
      startDelayFrames: Math.round((index * FRAMES_PER_CYCLE) / count),
    };
    return { input, caller };
  });
  for (let i = 0; i < benchCalls.length; i += RPCS_IN_PARALLEL) {
    await Promise.all(benchCalls.slice(i, i + RPCS_IN_PARALLEL).map((call) => calls.startOrAttach(call.input)));
  }
  return benchCalls;
}

/** +1 555 01xx xxxx: one number per bench call. */
function benchCallerNumber(index: number): string {
  return `+155501${String(index).padStart(5, '0')}`;
}

/** Resolves once a worker answers a query on `callSid` (the worker child bundles its workflows first). */
export async function waitForWorker(calls: CallsClient, callSid: string, timeoutMs = 90_000): Promise<void> {
  try {
    await retryUntil(Date.now() + timeoutMs, WORKER_RETRY_MS, () => calls.handle(callSid).query(callStateQuery));
  } catch (error) {
    throw new Error(`no worker answered within ${timeoutMs / 1000} s: ${(error as Error).message}`);
  }
}

/** `attempt` again, `pauseMs` after each failure, until it succeeds; throws its error once `isFinal` says so or `deadline` has passed. */
async function retryUntil<T>(
  deadline: number,
  pauseMs: number,
  attempt: () => Promise<T>,
  { isFinal = () => false, onRetry = () => undefined }: { isFinal?: (error: unknown) => boolean; onRetry?: (error: unknown) => void } = {},
): Promise<T> {
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (isFinal(error) || Date.now() >= deadline) throw error;
      onRetry(error);
      await sleep(pauseMs);
    }
  }
}

/**
 * The calls the media-edge did not take in time end as Twilio would end
 * them: with a `completed` status callback (a caller whose stream never came
 * up hangs up). Their workflows then end and are summarized like the others.
 */
export async function hangUpLeftOut(calls: CallsClient, leftOut: readonly BenchCall[]): Promise<void> {
  const at = new Date().toISOString();
  for (let i = 0; i < leftOut.length; i += RPCS_IN_PARALLEL) {
    await Promise.all(leftOut.slice(i, i + RPCS_IN_PARALLEL).map((call) => hangUp(calls.handle(call.input.callSid), at)));
  }
}

async function hangUp(call: WorkflowHandle, at: string): Promise<void> {
  try {
    await call.signal(callStatusSignal, { status: 'completed', at });
  } catch (error) {
    // Its stream came up after the limit and its caller hung up at once: that call is over already.
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
}

/** How the call workflows ended after the hang-up: how many by themselves, and when the last of them had its summary. */
export interface WorkflowsEnded {
  ended: number;
  summarized: number;
  /** From the hang-up to the last summary; undefined when some never came. */
  allSummarizedMs?: number;
  /** The first error that was not the workflow's own end (e.g. a timed-out long poll), retried until the deadline. */
  firstWaitError?: string;
}

/**
 * Waits up to `timeoutMs` for the call workflows to finish (after the
 * hang-up they persist the transcript and run the post-call summary), then
 * terminates what is left. Returns how many finished by themselves.
 */
export async function endCallWorkflows(client: Client, calls: CallsClient, callSids: readonly string[], timeoutMs: number): Promise<WorkflowsEnded> {
  const since = Date.now();
  const deadline = since + timeoutMs;
  const finished = new Set<string>();
  const summarized = new Set<string>();
  let lastSummaryAt = since;
  let firstWaitError: string | undefined;
  // An overloaded server answers a result long poll with an error long before the workflow ends: ask again.
  const resultBy = (handle: WorkflowHandle): Promise<unknown> =>
    retryUntil(deadline, RESULT_RETRY_MS, () => handle.result(), {
      isFinal: (error) => error instanceof WorkflowFailedError,
      onRetry: (error) => (firstWaitError ??= (error as Error).message),
    });
  const outcomes = callSids.map(async (callSid) => {
    await resultBy(calls.handle(callSid));
    finished.add(callSid);
    // The call starts its post-call workflow before it ends: it exists by now.
    await resultBy(client.workflow.getHandle(postCallWorkflowId(callSid)));
    summarized.add(callSid);
    lastSummaryAt = Date.now();
  });
  await settlesWithin(Promise.allSettled(outcomes), timeoutMs);
  const unfinished = callSids.filter((callSid) => !summarized.has(callSid));
  const handles = unfinished.flatMap((callSid) => [calls.handle(callSid), client.workflow.getHandle(postCallWorkflowId(callSid))]);
  await Promise.allSettled(handles.map((handle) => handle.terminate('media-edge bench over')));
  await Promise.allSettled(outcomes);
  const allSummarized = summarized.size === callSids.length;
  return { ended: finished.size, summarized: summarized.size, allSummarizedMs: allSummarized ? lastSummaryAt - since : undefined, firstWaitError };
}
