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

/**
 * Where a retried signal came from: the media-edge's bridge numbers its
 * signals 1, 2, 3, … under an id of its own, and the workflow applies each
 * (bridgeId, seq) once, however often a retry delivers it.
 */
export interface SignalOrigin {
  bridgeId: string;
  seq: number;
}

/** A signal payload that may carry its origin; one without it (the API's status callback, a test) is applied as it comes. */
export type Sequenced<T> = T & { origin?: SignalOrigin };

export const transcriptTurnSignal = defineSignal<[Sequenced<TranscriptTurn>]>('transcriptTurn');
export const dtmfSignal = defineSignal<[Sequenced<DtmfPress>]>('dtmf');
export const mediaConnectedSignal = defineSignal<[Sequenced<MediaEvent>]>('mediaConnected');
export const mediaDisconnectedSignal = defineSignal<[Sequenced<MediaEvent>]>('mediaDisconnected');
export const callStatusSignal = defineSignal<[CallStatusUpdate]>('callStatus');
/** Token usage since the previous report (a delta, summed by the workflow). */
export const usageSignal = defineSignal<[Sequenced<TokenUsage>]>('usage');

/** One thing a media-edge bridge reports to the call: each applies as the signal of its kind would. */
export type BridgeEvent =
  | ({ kind: 'turn' } & TranscriptTurn)
  | ({ kind: 'dtmf' } & DtmfPress)
  | ({ kind: 'mediaConnected' } & MediaEvent)
  | ({ kind: 'mediaDisconnected' } & MediaEvent)
  | ({ kind: 'usage' } & TokenUsage);

export type NumberedBridgeEvent = BridgeEvent & { origin: SignalOrigin };

/**
 * The media-edge's one signal: a bridge's events, oldest first, that queued
 * while its previous signal was in flight. When Temporal is slow the bridge
 * sends fewer, larger signals instead of more of them; the workflow applies
 * each numbered event once. The single-kind signals above stay: the API
 * sends `mediaDisconnected`, and call histories recorded before this signal
 * existed replay with the others.
 */
export const bridgeEventsSignal = defineSignal<[{ events: NumberedBridgeEvent[] }]>('bridgeEvents');

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
