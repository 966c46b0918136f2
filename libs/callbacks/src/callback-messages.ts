import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { BusinessHours } from '../../agent-config/src/agent-config';
import type { ContactHours } from '../../contact-hours/src/contact-hours';

// The callback's contract: what starts `callback-<id>`, what it answers, and
// the Updates the API sends it. Clients import these, never a workflow body.

export const callbackWorkflowId = (callbackId: string) => `callback-${callbackId}`;
/** The text to the staff member on duty, sent by the SMS follow-up path. */
export const callbackStaffTextWorkflowId = (callbackId: string) => `sms-callback-${callbackId}`;
/** The AI call a callback places: an outbound call (libs/outbound) with purpose callback. */
export const callbackCallWorkflowId = (callbackId: string) => `callback-call-${callbackId}`;
export const CALLBACK_WORKFLOW_TYPE = 'callbackWorkflow';

/** Who asked: a caller, through the request_callback tool, or a REST client. */
export type CallbackSource = 'call' | 'rest';

export interface CallbackRequest {
  callbackId: string;
  tenantId: string;
  phone: string;
  name?: string;
  reason: string;
  notes?: string;
  /** ISO instant the customer asked for; absent is "as soon as we may". */
  requestedAt?: string;
  /** The call it was asked for on, when it was. */
  callSid?: string;
  source: CallbackSource;
}

/** AgentConfig.callbackAction, as the workflow carries it out. */
export type CallbackAction = 'sms_staff' | 'ai_call' | 'both';

/**
 * waiting: recorded, its due time not yet worked out. scheduled: on its
 * durable timer. acting: due, its action under way. completed, failed,
 * cancelled: final.
 */
export type CallbackStatus = 'waiting' | 'scheduled' | 'acting' | 'completed' | 'failed' | 'cancelled';
export const FINAL_CALLBACK_STATUSES: readonly CallbackStatus[] = ['completed', 'failed', 'cancelled'];

export interface CallbackState extends CallbackRequest {
  status: CallbackStatus;
  /** When it acts: the requested time clamped into business and contact hours. */
  dueAt?: string;
  action?: CallbackAction;
  /** What happened, or why not: staff_texted, ai_call_unavailable, no_staff_number… */
  outcome?: string;
}

export interface RescheduleCallback {
  /** ISO instant; it is clamped into business and contact hours like the first request. */
  requestedAt: string;
}

export interface CancelCallback {
  reason?: string;
}

export const callbackStateQuery = defineQuery<CallbackState>('callbackState');
/** Resolves once the callback has its due time: what a creating request answers with. */
export const callbackScheduledUpdate = defineUpdate<CallbackState>('callbackScheduled');
export const rescheduleCallbackUpdate = defineUpdate<CallbackState, [RescheduleCallback]>('rescheduleCallback');
export const cancelCallbackUpdate = defineUpdate<CallbackState, [CancelCallback]>('cancelCallback');

/** The tenant's settings a callback is scheduled and carried out by, as the workflow's first activity reads them. */
export interface CallbackSettings {
  timeZone: string;
  contactHours: ContactHours;
  businessHours: BusinessHours;
  action: CallbackAction;
}

/** The workflow's signature, for clients that start it by type name. */
export type CallbackWorkflow = (request: CallbackRequest) => Promise<CallbackState>;
