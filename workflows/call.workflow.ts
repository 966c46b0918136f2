import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  executeChild,
  ParentClosePolicy,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  TimeoutFailure,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CallActivities } from '../activities';
// Modules, not the libs/calls barrel: workflow code evaluates every module it imports once per workflow.
import { callParties } from '../libs/calls/src/call-parties';
import { isFinalCallStatus, isLaterCallStatus } from '../libs/calls/src/call-status';
import {
  EMPTY_USAGE,
  postCallWorkflowId,
  STREAM_LOST,
  STREAM_LOST_NOTE,
  type CallContext,
  type CallResult,
  type CallState,
  type CallWorkflowInput,
  type DtmfPress,
  type MediaEvent,
  type NumberedTurn,
  type ToolCallLogEntry,
  type TokenUsage,
  type TranscriptTurn,
} from '../libs/calls/src/call-types';
import { LeadScoreKey, OutcomeKey } from '../libs/temporal/src/search-attributes';
import { checkToolCall, fail, findToolSpec, type ToolResult } from '../libs/tools/src';
import {
  bridgeEventsSignal,
  callStateQuery,
  callStatusSignal,
  dtmfSignal,
  handOverToPersonUpdate,
  mayAgentSpeakUpdate,
  mediaConnectedSignal,
  mediaDisconnectedSignal,
  runToolUpdate,
  transcriptTurnSignal,
  usageSignal,
  type BridgeEvent,
  type Sequenced,
} from '../libs/calls/src/call-messages';
import { startRequestedCallback } from './call-callbacks';
import { answeredBySignal } from '../libs/outbound/src/outbound-messages';
import { isVoicemailVerdict } from '../libs/outbound/src/outbound-call';
import { storableText } from '../libs/text/src/storable-text';
import { CallTransfers } from './call-transfers';
import { SignalDedupe } from './signal-dedupe';
import { postCallWorkflow } from './post-call.workflow';

/** Turns are written to PostgreSQL in batches of this size, during and after the call. */
export const TURN_BATCH_SIZE = 25;
const RECENT_TURNS_KEPT = 12;
const DEFAULT_HISTORY_LIMIT = 10_000;
/** A call nobody hangs up (a lost status callback) still wraps up. */
const MAX_CALL_DURATION_MS = 4 * 60 * 60 * 1000;

const bookkeeping = proxyActivities<CallActivities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});

// A caller is waiting on the line: retry fast, and give up after a few tries
// so the agent can say so instead of going silent.
const TOOL_ACTIVITY_OPTIONS = {
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '2 seconds', maximumAttempts: 4 },
} as const;
const tools = proxyActivities<CallActivities>(TOOL_ACTIVITY_OPTIONS);
// A fast tool runs inside the Update's workflow task, on the worker that holds
// the call: no activity task travels through the server (docs/tools.md).
const FAST_TOOL_OPTIONS = {
  startToCloseTimeout: '5 seconds',
  retry: { initialInterval: '100 milliseconds', backoffCoefficient: 2, maximumInterval: '1 second', maximumAttempts: 4 },
} as const;
const fastTools = proxyLocalActivities<CallActivities>(FAST_TOOL_OPTIONS);
/** Calls recorded before fast tools became local activities replay with normal ones. */
const FAST_TOOLS_PATCH = 'fast-tools-as-local-activities';
/** Calls whose fast tool failed for good before this was caught failed that Update; they replay so. */
const LOCAL_TOOL_FAILURES_PATCH = 'local-tool-failures-unavailable';

/**
 * One phone (or browser) call, `call-<CallSid>`. Live events arrive as
 * signals, tool calls as `runTool` Updates, the media-edge's failover as the
 * `handOverToPerson` Update; when the caller is gone it persists the
 * transcript and hands over to the post-call workflow.
 */
export async function callWorkflow(input: CallWorkflowInput): Promise<CallResult> {
  const carried = input.carried;
  let context: CallContext | undefined = carried?.context;
  let nextSeq = carried?.nextSeq ?? 0;
  let pendingTurns: NumberedTurn[] = carried?.pendingTurns ?? [];
  let recentTurns: NumberedTurn[] = carried?.recentTurns ?? [];
  const toolCalls: ToolCallLogEntry[] = carried?.toolCalls ?? [];
  let dtmfDigits = carried?.dtmfDigits ?? '';
  let usage: TokenUsage = carried?.usage ?? EMPTY_USAGE;
  let mediaConnected = carried?.mediaConnected ?? false;
  let twilioStatus = carried?.twilioStatus;
  let answeredBy = carried?.answeredBy;
  let ended = false;
  let streamLost = false;
  const transfers = new CallTransfers(input, carried?.withPerson);
  const runsSoFar = (carried?.runsSoFar ?? 0) + 1;
  const signalsSeen = new SignalDedupe(carried?.signalsSeen);
  /** The media-edge retries a signal until it is delivered: a numbered one is applied once. */
  const once =
    <T>(apply: (payload: T) => void) =>
    (payload: Sequenced<T>) => {
      if (!payload.origin || signalsSeen.firstDelivery(payload.origin)) apply(payload);
    };

  const state = (): CallState => ({
    callSid: input.callSid,
    tenantId: input.tenantId,
    direction: input.direction,
    from: input.from,
    to: input.to,
    phase: ended ? 'wrapping_up' : 'in_progress',
    mediaConnected,
    twilioStatus,
    answeredBy,
    outbound: input.outbound,
    toolPacks: input.toolPacks,
    withPerson: transfers.withPerson,
    turnCount: nextSeq,
    recentTurns,
    toolCalls,
    dtmfDigits,
    usage,
    runsSoFar,
  });
  const refreshMemo = () =>
    upsertMemo({ tenant: context?.tenantName, agent: context?.agentName, turns: nextSeq, toolCalls: toolCalls.length, lastTool: toolCalls.at(-1)?.name });

  setHandler(callStateQuery, state);

  const addTurn = ({ role, text, at }: TranscriptTurn) => {
    const numbered = { role, text, at, seq: nextSeq++ };
    pendingTurns.push(numbered);
    recentTurns = [...recentTurns, numbered].slice(-RECENT_TURNS_KEPT);
  };
  const addDigit = ({ digit }: DtmfPress) => {
    dtmfDigits += digit;
  };
  const connectMedia = () => {
    mediaConnected = true;
  };
  const disconnectMedia = ({ reason, at }: MediaEvent) => {
    // The media socket going away means the caller is gone, whatever Twilio says later.
    mediaConnected = false;
    ended = true;
    // Twilio may ask again: the loss goes into the transcript once.
    if (reason !== STREAM_LOST || streamLost) return;
    streamLost = true;
    addTurn({ role: 'system', text: STREAM_LOST_NOTE, at });
  };
  const addTokens = (delta: TokenUsage) => {
    usage = addUsage(usage, delta);
  };
  const applyBridgeEvent = (event: BridgeEvent) => {
    switch (event.kind) {
      case 'turn':
        return addTurn(event);
      case 'dtmf':
        return addDigit(event);
      case 'mediaConnected':
        return connectMedia();
      case 'mediaDisconnected':
        return disconnectMedia(event);
      case 'usage':
        return addTokens(event);
    }
  };
  setHandler(bridgeEventsSignal, ({ events }) => events.forEach(once(applyBridgeEvent)));
  setHandler(transcriptTurnSignal, once(addTurn));
  setHandler(dtmfSignal, once(addDigit));
  setHandler(mediaConnectedSignal, once(connectMedia));
  setHandler(mediaDisconnectedSignal, once(disconnectMedia));
  setHandler(callStatusSignal, ({ status }) => {
    if (!isLaterCallStatus(status, twilioStatus)) return;
    twilioStatus = status;
    if (isFinalCallStatus(status)) ended = true;
  });
  setHandler(usageSignal, once(addTokens));
  setHandler(answeredBySignal, (report) => {
    answeredBy = report.answeredBy;
  });
  setHandler(mayAgentSpeakUpdate, async () => {
    // Silent through a voicemail greeting: AMD with DetectMessageEnd answers once the greeting is over.
    if (input.outbound) await condition(() => answeredBy !== undefined || ended, input.outbound.amdGraceMs);
    return { answeredBy, speak: !ended && !isVoicemailVerdict(answeredBy) && answeredBy !== 'fax' };
  });

  /** The tool's activity, then the transfer or callback it asked for; what the model is told. */
  const runToolActivity = async (toolCallId: string, name: string, args: Record<string, unknown>): Promise<ToolResult> => {
    const request = {
      tenantId: input.tenantId,
      toolCallId,
      name,
      args,
      callSid: input.callSid,
      callerNumber: callParties(input).callerNumber,
      toolPacks: input.toolPacks,
    };
    const summary = `tool ${name}`;
    let execution;
    try {
      execution =
        findToolSpec(name)?.execution === 'fast' && patched(FAST_TOOLS_PATCH)
          ? await fastTools.executeToolCall.executeWithOptions({ ...FAST_TOOL_OPTIONS, summary }, [request])
          : await tools.executeToolCall.executeWithOptions({ ...TOOL_ACTIVITY_OPTIONS, summary }, [request]);
    } catch (error) {
      if (!(error instanceof ActivityFailure) && !(isLocalActivityFailure(error) && patched(LOCAL_TOOL_FAILURES_PATCH))) throw error;
      return fail('tool_unavailable', `${name} is not working right now; offer to take a message or transfer.`);
    }
    if (execution.transfer) return transfers.completeToolTransfer(toolCallId, execution.transfer);
    const { callback, ...result } = execution;
    if (callback) await startRequestedCallback(callback);
    return result;
  };

  setHandler(
    runToolUpdate,
    async ({ toolCallId, name, args }): Promise<ToolResult> => {
      // The tool-call row references the call's row: wait until the call is recorded.
      await condition(() => context !== undefined);
      // Parsed again for the schema's defaults; the validator already accepted it.
      const check = checkToolCall(name, args, input.toolPacks);
      if (!check.ok) throw invalidRequest(check.reason);
      const result = await runToolActivity(toolCallId, name, check.args);
      toolCalls.push({ toolCallId, name, ok: result.ok, errorCode: result.ok ? undefined : result.error.code });
      refreshMemo();
      return result;
    },
    {
      // Rejected here, an Update leaves no trace in history and the model is told why.
      validator: ({ toolCallId, name, args }) => {
        if (!toolCallId) throw invalidRequest('toolCallId is required');
        const check = checkToolCall(name, args, input.toolPacks);
        if (!check.ok) throw invalidRequest(check.reason);
      },
    },
  );

  setHandler(
    handOverToPersonUpdate,
    async (request) => {
      // The transfer row references the call's row: wait until the call is recorded.
      await condition(() => context !== undefined);
      return transfers.handOver(request);
    },
    {
      validator: ({ handOverId, reason }) => {
        if (!handOverId) throw invalidRequest('handOverId is required');
        if (!reason) throw invalidRequest('reason is required');
      },
    },
  );

  // Handlers are registered before this first await: a signal or Update that
  // arrives with the workflow's first task is never refused.
  context ??= await bookkeeping.recordCallStarted({
    callSid: input.callSid,
    tenantId: input.tenantId,
    direction: input.direction,
    from: input.from,
    to: input.to,
    startedAt: input.startedAt,
  });
  refreshMemo();
  const historyLimit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  const mustContinueAsNew = () => workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= historyLimit;
  const flushTurns = async (minimum: number) => {
    while (pendingTurns.length >= Math.max(minimum, 1)) {
      const batch = pendingTurns.slice(0, TURN_BATCH_SIZE);
      await bookkeeping.persistTurns({ callSid: input.callSid, turns: batch });
      pendingTurns = pendingTurns.slice(batch.length);
    }
  };

  const deadline = Date.parse(input.startedAt) + MAX_CALL_DURATION_MS;
  while (!ended) {
    const timedOut = !(await condition(
      () => ended || pendingTurns.length >= TURN_BATCH_SIZE || mustContinueAsNew(),
      Math.max(deadline - Date.now(), 1),
    ));
    if (timedOut) ended = true;
    await flushTurns(TURN_BATCH_SIZE);
    if (!ended && mustContinueAsNew()) {
      // Let running tools finish so their results land in this run, then carry on fresh.
      await condition(allHandlersFinished);
      await continueAsNew<typeof callWorkflow>({
        ...input,
        carried: {
          nextSeq,
          pendingTurns,
          recentTurns,
          toolCalls,
          dtmfDigits,
          usage,
          mediaConnected,
          twilioStatus,
          answeredBy,
          withPerson: transfers.withPerson,
          context,
          runsSoFar,
          signalsSeen: signalsSeen.carry(),
        },
      });
    }
  }

  await condition(allHandlersFinished);
  await flushTurns(1);
  await bookkeeping.recordCallEnded({ callSid: input.callSid, endedAt: new Date().toISOString(), twilioStatus, answeredBy, usage });

  const { summary, costUsd } = await executeChild(postCallWorkflow, {
    workflowId: postCallWorkflowId(input.callSid),
    args: [{ callSid: input.callSid, tenantId: input.tenantId }],
    // What happens after the call must happen even if this call's run is terminated.
    parentClosePolicy: ParentClosePolicy.ABANDON,
  });
  upsertSearchAttributes([
    { key: OutcomeKey, value: summary.outcome },
    { key: LeadScoreKey, value: summary.lead_score },
  ]);
  upsertMemo({ outcome: summary.outcome, summary: summary.summary });
  return { callSid: input.callSid, turnCount: nextSeq, toolCalls, summary, costUsd };
}

/** A local activity's last failure comes as itself (the ApplicationFailure it threw, a TimeoutFailure), not inside an ActivityFailure. */
function isLocalActivityFailure(error: unknown): boolean {
  return error instanceof ApplicationFailure || error instanceof TimeoutFailure;
}

/**
 * A request the workflow refuses: the Update fails with this reason (never the
 * workflow task). The reason may quote the request; a failure's message goes
 * to the worker's core as UTF-8, which a lone surrogate would make invalid.
 */
function invalidRequest(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: 'InvalidRequest', message: storableText(message), nonRetryable: true });
}

function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    inputTextTokens: a.inputTextTokens + b.inputTextTokens,
    inputAudioTokens: a.inputAudioTokens + b.inputAudioTokens,
    cachedTextTokens: a.cachedTextTokens + b.cachedTextTokens,
    cachedAudioTokens: a.cachedAudioTokens + b.cachedAudioTokens,
    outputTextTokens: a.outputTextTokens + b.outputTextTokens,
    outputAudioTokens: a.outputAudioTokens + b.outputAudioTokens,
  };
}
