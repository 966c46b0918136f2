import { z } from 'zod';
import { TWILIO_CALL_STATUSES } from '../../../../libs/calls/src';

// The Twilio webhook bodies we act on, checked at the edge. Twilio sends more
// fields than these; unknown ones are dropped here (the signature guard has
// already checked them all).

const CallSid = z.string().regex(/^CA[0-9a-f]{32}$/, 'expected a CallSid: CA followed by 32 hex digits');
const required = z.string().min(1, 'required');
const wholeNumber = z.coerce.number().int().min(0);
const CallStatus = z.enum(TWILIO_CALL_STATUSES);

export const VoiceWebhookSchema = z.object({
  CallSid,
  From: required,
  To: required,
  CallStatus,
  Direction: z.literal('inbound', 'this endpoint answers inbound calls only'),
});
export type VoiceWebhook = z.output<typeof VoiceWebhookSchema>;

export const StatusCallbackSchema = z.object({
  CallSid,
  CallStatus,
  CallDuration: wholeNumber.optional(),
  /** RFC 2822, e.g. "Tue, 10 Jun 2025 14:03:07 +0000". */
  Timestamp: z
    .string()
    .refine((value) => !Number.isNaN(Date.parse(value)), 'expected a date')
    .optional(),
  SequenceNumber: wholeNumber.optional(),
});
export type StatusCallback = z.output<typeof StatusCallbackSchema>;

/** Twilio's request to `<Connect action>` once the call's media stream has ended. */
export const StreamEndedWebhookSchema = z.object({
  CallSid,
  From: required,
  To: required,
  /** `inbound`, or `outbound-api` for the calls we place. */
  Direction: required,
});
export type StreamEndedWebhook = z.output<typeof StreamEndedWebhookSchema>;

export const VoicemailWebhookSchema = z.object({
  CallSid,
  From: z.string().optional(),
  To: z.string().optional(),
  RecordingUrl: z.url(),
  RecordingDuration: wholeNumber,
  RecordingSid: z.string().optional(),
});
export type VoicemailWebhook = z.output<typeof VoicemailWebhookSchema>;
