import { z } from 'zod';

// Twilio's messaging webhooks as we act on them; other fields are dropped
// here (the signature guard has already checked them all).

const MessageSid = z.string().regex(/^(SM|MM)[0-9a-f]{32}$/, 'expected a MessageSid: SM or MM followed by 32 hex digits');
const required = z.string().min(1, 'required');

/** A text a customer sent to one of our numbers. */
export const InboundSmsWebhookSchema = z.object({
  MessageSid,
  From: required,
  To: required,
  /** Empty for a picture-only MMS. */
  Body: z.string().default(''),
  /** Present only when a Messaging Service with Advanced Opt-Out matched a keyword (and answered it itself). */
  OptOutType: z.enum(['STOP', 'START', 'HELP']).optional(),
});
export type InboundSmsWebhook = z.output<typeof InboundSmsWebhookSchema>;

export const SmsStatusCallbackSchema = z.object({
  MessageSid,
  /** queued, sending, sent, delivered, undelivered, failed, read… */
  MessageStatus: z.string().regex(/^[a-z_]+$/, 'expected a Twilio message status such as delivered'),
  ErrorCode: z.coerce.number().int().positive().optional(),
});
export type SmsStatusCallback = z.output<typeof SmsStatusCallbackSchema>;

/** The status callback URL names the workflow that sent the message. */
export const SmsStatusQuerySchema = z.object({
  workflowId: z.string().min(1, 'the status callback URL must name the workflow (?workflowId=…)').max(255),
});
export type SmsStatusQuery = z.output<typeof SmsStatusQuerySchema>;
