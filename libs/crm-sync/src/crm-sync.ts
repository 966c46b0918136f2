import type { CallDirection, CallSummary, TurnRole } from '../../calls/src';

// The CRM sync's contract: what the post-call workflow hands the cloud-sync
// workflow, and what a tenant's CRM receives (docs/crm-webhooks.md).

export const cloudSyncWorkflowId = (outboxId: string) => `sync-${outboxId}`;

/** SyncOutbox.kind of a finished call, and the `type` of its webhook. */
export const CALL_COMPLETED = 'call.completed';

export interface CloudSyncInput {
  tenantId: string;
  outboxId: string;
  /** The wait before each attempt, in ms; its length is the number of attempts. */
  retryScheduleMs: number[];
  /** One attempt gives up after this long. */
  attemptTimeoutMs: number;
}

/** delivered: a 2xx. gone: 410, the receiver wants no more. not_configured: the tenant has no URL any more, or no secret the worker can open. */
export type SyncOutcome = 'delivered' | 'gone' | 'not_configured' | 'exhausted';

export interface CloudSyncResult {
  outcome: SyncOutcome;
  attempts: number;
}

/** One delivery attempt's result; `failed` is retried on the schedule, the rest end the sync. */
export type DeliveryAttempt =
  | { outcome: 'delivered' }
  | { outcome: 'gone' }
  | { outcome: 'not_configured' }
  | { outcome: 'failed'; error: string };

/** The body of every CRM webhook (Standard Webhooks' recommended envelope). */
export interface CrmWebhookBody<Data = unknown> {
  type: string;
  /** When the event happened (ISO); the same on every retry. */
  timestamp: string;
  data: Data;
}

/** `data` of a `call.completed` webhook: the whole call as Switchboard recorded it. */
export interface CallCompletedData {
  callSid: string;
  direction: CallDirection;
  from: string;
  to: string;
  startedAt: string;
  endedAt: string | null;
  /** Twilio's final call status, e.g. completed. */
  status: string;
  outcome: string;
  leadScore: number;
  costUsd: number;
  summary: CallSummary;
  turns: Array<{ seq: number; role: TurnRole; text: string; at: string }>;
  toolCalls: Array<{ id: string; name: string; args: unknown; ok: boolean; result: unknown; at: string }>;
}
