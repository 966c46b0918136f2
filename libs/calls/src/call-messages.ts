import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ToolResult } from '../../tools/src';
import type {
  CallState,
  CallStatusUpdate,
  DtmfPress,
  HandOverRequest,
  MediaEvent,
  RunToolRequest,
  SpeakPermission,
  TokenUsage,
  TranscriptTurn,
  TransferOutcome,
} from './';

// The call workflow's public surface. Clients (API, media-edge, demo) import
// these definitions, never the workflow body.

export const transcriptTurnSignal = defineSignal<[TranscriptTurn]>('transcriptTurn');
export const dtmfSignal = defineSignal<[DtmfPress]>('dtmf');
export const mediaConnectedSignal = defineSignal<[MediaEvent]>('mediaConnected');
export const mediaDisconnectedSignal = defineSignal<[MediaEvent]>('mediaDisconnected');
export const callStatusSignal = defineSignal<[CallStatusUpdate]>('callStatus');
/** Token usage since the previous report (a delta, summed by the workflow). */
export const usageSignal = defineSignal<[TokenUsage]>('usage');

/** Runs a tool once per Update id (= Realtime call id); rejected early when invalid. */
export const runToolUpdate = defineUpdate<ToolResult, [RunToolRequest]>('runTool');

/**
 * The agent cannot go on (the Realtime API is gone): the caller is handed to
 * the tenant's primary number. Fails when the caller is already with a person.
 */
export const handOverToPersonUpdate = defineUpdate<TransferOutcome, [HandOverRequest]>('handOverToPerson');

/**
 * Resolves when the agent may start talking: at once on inbound calls; on
 * outbound ones when AMD says who answered, or after the call's grace period.
 */
export const mayAgentSpeakUpdate = defineUpdate<SpeakPermission, []>('mayAgentSpeak');

export const callStateQuery = defineQuery<CallState>('state');
