import type { CallSummary } from './call-summary';
import type { AnsweredBy, OutboundLeg } from '../../outbound/src/outbound-call';
import type { TwilioCallStatus } from './call-status';

/**
 * Shapes shared by the call workflow, its activities and its clients (API,
 * media-edge, demo). Pure types: safe in the workflow sandbox.
 */
export type CallDirection = 'inbound' | 'outbound';
export type TurnRole = 'caller' | 'agent' | 'system';

export interface CallWorkflowInput {
  callSid: string;
  tenantId: string;
  direction: CallDirection;
  from: string;
  to: string;
  /** ISO time the call reached us. */
  startedAt: string;
  /**
   * The tenant's enabled tool packs when the call started. In the input (not
   * loaded by an activity) so the runTool validator works from the very first
   * Update.
   */
  toolPacks: string[];
  /** Outbound calls: the outbound workflow that dialed, and what the call is about. */
  outbound?: OutboundLeg;
  /** Set by continueAsNew: what the previous run had. */
  carried?: CarriedCallState;
  /** History length at which the call continues as new (tests lower it). */
  historyLimit?: number;
}

export interface TranscriptTurn {
  role: TurnRole;
  text: string;
  /** ISO time the turn finished. */
  at: string;
}

export interface NumberedTurn extends TranscriptTurn {
  seq: number;
}

export interface DtmfPress {
  digit: string;
  at: string;
}

export interface MediaEvent {
  at: string;
  streamSid?: string;
  reason?: string;
}

/**
 * The `mediaDisconnected` reason Twilio's side reports (the API, on the
 * `<Connect action>` request): the stream ended without the agent hanging up.
 */
export const STREAM_LOST = 'stream_lost';
/** The system turn the call's transcript records it with. */
export const STREAM_LOST_NOTE = "Audio lost: the call's media stream ended before the agent hung up.";

/** Twilio call status, from the status callback. */
export interface CallStatusUpdate {
  status: TwilioCallStatus;
  at: string;
  durationSeconds?: number;
}

/** Whether the agent may speak on an outbound call: AMD's verdict, or none when the grace period ran out first. */
export interface SpeakPermission {
  answeredBy?: AnsweredBy;
  /** False when a machine answered: the outbound workflow leaves a voicemail instead. */
  speak: boolean;
}

/** Realtime `response.done.usage`, summed by the media-edge. */
export interface TokenUsage {
  inputTextTokens: number;
  inputAudioTokens: number;
  cachedTextTokens: number;
  cachedAudioTokens: number;
  outputTextTokens: number;
  outputAudioTokens: number;
}

export interface RunToolRequest {
  /** Realtime function-call id; the client sends it as the Update id too. */
  toolCallId: string;
  name: string;
  args: unknown;
}

export interface ToolCallLogEntry {
  toolCallId: string;
  name: string;
  ok: boolean;
  errorCode?: string;
}

export type CallPhase = 'in_progress' | 'wrapping_up' | 'completed';

export interface CallState {
  callSid: string;
  tenantId: string;
  direction: CallDirection;
  from: string;
  to: string;
  phase: CallPhase;
  mediaConnected: boolean;
  twilioStatus?: TwilioCallStatus;
  /** Outbound calls: Twilio's AMD verdict, once known. */
  answeredBy?: AnsweredBy;
  outbound?: OutboundLeg;
  /** The packs the agent's tools come from (the validator's list). */
  toolPacks: string[];
  /** The caller is being (or was) transferred to a person. */
  withPerson: boolean;
  turnCount: number;
  recentTurns: NumberedTurn[];
  toolCalls: ToolCallLogEntry[];
  dtmfDigits: string;
  usage: TokenUsage;
  runsSoFar: number;
}

export interface CarriedCallState {
  nextSeq: number;
  pendingTurns: NumberedTurn[];
  recentTurns: NumberedTurn[];
  toolCalls: ToolCallLogEntry[];
  dtmfDigits: string;
  usage: TokenUsage;
  mediaConnected: boolean;
  twilioStatus?: TwilioCallStatus;
  answeredBy?: AnsweredBy;
  /** Absent in runs started before transfers were tracked. */
  withPerson?: boolean;
  context: CallContext;
  runsSoFar: number;
  /** Absent in runs started before the media-edge numbered its signals. */
  signalsSeen?: SeenSignals;
}

/**
 * The numbered signals a call has applied, per bridge: every seq up to
 * `contiguous`, and those in `above` (a bridge sends in order, so `above`
 * stays empty but for a gap).
 */
export type SeenSignals = Array<{ bridgeId: string; contiguous: number; above: number[] }>;

/** What the workflow learns about the tenant when the call starts (for the memo admins see). */
export interface CallContext {
  tenantName: string;
  agentName: string;
}

export interface CallResult {
  callSid: string;
  turnCount: number;
  toolCalls: ToolCallLogEntry[];
  summary: CallSummary;
  costUsd: number;
}

/** The call workflow's signature, for typed client handles (clients never import the workflow itself). */
export type CallWorkflow = (input: CallWorkflowInput) => Promise<CallResult>;
export const CALL_WORKFLOW_TYPE = 'callWorkflow';

export interface PostCallInput {
  callSid: string;
  tenantId: string;
}

export interface PostCallResult {
  summary: CallSummary;
  costUsd: number;
}

export const EMPTY_USAGE: TokenUsage = {
  inputTextTokens: 0,
  inputAudioTokens: 0,
  cachedTextTokens: 0,
  cachedAudioTokens: 0,
  outputTextTokens: 0,
  outputAudioTokens: 0,
};

export const callWorkflowId = (callSid: string) => `call-${callSid}`;
export const postCallWorkflowId = (callSid: string) => `post-call-${callSid}`;
