import { z } from 'zod';
import { TWILIO_CALL_STATUSES } from '../../../../libs/calls/src';

// Twilio's requests about the calls we place, checked at the edge. Each URL
// names the outbound workflow that dialed (?workflowId=…).

const CallSid = z.string().regex(/^CA[0-9a-f]{32}$/, 'expected a CallSid: CA followed by 32 hex digits');
const required = z.string().min(1, 'required');
const AnsweredBy = z.enum(['human', 'machine_start', 'machine_end_beep', 'machine_end_silence', 'machine_end_other', 'fax', 'unknown']);

export const OutboundQuerySchema = z.object({
  workflowId: z.string().min(1, 'the URL must name the outbound workflow (?workflowId=…)').max(255),
});
export type OutboundQuery = z.output<typeof OutboundQuerySchema>;

/** The TwiML request when the callee picks up (`Url` of calls.create). */
export const OutboundAnswerSchema = z.object({
  CallSid,
  From: required,
  To: required,
  Direction: z.literal('outbound-api', 'this endpoint answers calls placed through the REST API only'),
});
export type OutboundAnswer = z.output<typeof OutboundAnswerSchema>;

export const OutboundStatusSchema = z.object({
  CallSid,
  CallStatus: z.enum(TWILIO_CALL_STATUSES),
  CallDuration: z.coerce.number().int().min(0).optional(),
  Timestamp: z
    .string()
    .refine((value) => !Number.isNaN(Date.parse(value)), 'expected a date')
    .optional(),
  SequenceNumber: z.coerce.number().int().min(0).optional(),
  AnsweredBy: AnsweredBy.optional(),
});
export type OutboundStatus = z.output<typeof OutboundStatusSchema>;

/** The async AMD verdict (`asyncAmdStatusCallback`). */
export const AmdCallbackSchema = z.object({
  CallSid,
  AnsweredBy,
  MachineDetectionDuration: z.coerce.number().int().min(0).optional(),
});
export type AmdCallback = z.output<typeof AmdCallbackSchema>;
