import type { ToolResult } from '../../tools/src';
import type { TwilioCallStatus } from './call-status';
import type { CallSummary } from './call-summary';
import type { CallDirection, CallState, TurnRole } from './call-types';

/** A call as the business sees it (`GET /v1/calls/:callSid`): record, transcript, tools, summary; live state while it lasts. */
export interface CallView {
  callSid: string;
  /** The tenant's slug. */
  tenant: string;
  workflowId: string;
  /** The call's page in the Temporal UI; null when TEMPORAL_UI_URL is not set. */
  temporalUiUrl: string | null;
  /** `/v1/calls/<callSid>/recording` once the call has ended with a recording (its tenant records calls); else null. */
  recordingUrl: string | null;
  direction: CallDirection;
  from: string;
  to: string;
  /** Twilio's status as last recorded: in-progress until the call is over. */
  status: TwilioCallStatus;
  /** ISO times. */
  startedAt: string;
  endedAt: string | null;
  /** From the post-call summary; null until it is written. */
  outcome: string | null;
  leadScore: number | null;
  costUsd: number;
  transcript: Array<{ seq: number; role: TurnRole; text: string; at: string }>;
  toolCalls: Array<{ id: string; name: string; args: unknown; ok: boolean; result: ToolResult; durationMs: number }>;
  /** Written by the post-call workflow; `model` is what wrote it. */
  summary: (CallSummary & { model: string }) | null;
  /** The workflow's `state` query while the call is on; null once it ended or when the workflow does not answer. */
  live: CallState | null;
}
