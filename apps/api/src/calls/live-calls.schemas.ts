import { z } from 'zod';

export const RunToolBody = z.strictObject({
  toolCallId: z
    .string()
    .regex(/^[\x21-\x7e]{1,128}$/, 'expected the Realtime call id: 1 to 128 visible ASCII characters')
    .describe('The Realtime function call id (`call_…`); it is the Update id, so a repeated request runs the tool once'),
  name: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'expected a tool name such as add_note'),
  args: z.record(z.string(), z.unknown()).default({}).describe("The tool's arguments, as the model gave them"),
});
export type RunToolBody = z.output<typeof RunToolBody>;

/** The envelope every tool returns, to the model as to this route. */
export const ToolResultView = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) }),
]);

const tokens = z.number().int().min(0).optional();
/** `response.done.response.usage` as the Realtime API sends it (other fields are ignored). */
const RealtimeUsage = z.object({
  input_token_details: z
    .object({ text_tokens: tokens, audio_tokens: tokens, cached_tokens_details: z.object({ text_tokens: tokens, audio_tokens: tokens }).optional() })
    .optional(),
  output_token_details: z.object({ text_tokens: tokens, audio_tokens: tokens }).optional(),
});

export const CallEventBody = z.strictObject({
  seq: z.number().int().min(1).describe('1, 2, 3, … per conversation, in order: a retried event is applied once'),
  event: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('connected') }),
    z.strictObject({ type: z.literal('turn'), role: z.enum(['caller', 'agent']), text: z.string().trim().min(1).max(10_000) }),
    z.strictObject({ type: z.literal('usage'), usage: RealtimeUsage }),
    z.strictObject({ type: z.literal('ended'), reason: z.string().regex(/^[a-z_]{1,40}$/).optional() }),
  ]),
});
export type CallEventBody = z.output<typeof CallEventBody>;
