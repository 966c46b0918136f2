import { z } from 'zod';
import type { ToolCallProgress, ToolCallRequest } from './tool-runner';

// The `/browser` protocol, modelled on Twilio's: JSON text frames for control,
// binary frames for audio (PCM16 little-endian, 24 kHz, mono, both ways).

export const browserMessageSchema = z.discriminatedUnion('event', [
  /** First frame: the call and its signed stream token (as in Twilio's customParameters). */
  z.object({ event: z.literal('start'), callSid: z.string().min(1), token: z.string().min(1) }),
  /** Echo of a mark we sent, once the page has played the audio before it. */
  z.object({ event: z.literal('mark'), name: z.string() }),
  z.object({ event: z.literal('dtmf'), digit: z.string().regex(/^[0-9*#A-D]$/) }),
  /** The user's answer to a `confirm`. */
  z.object({ event: z.literal('confirmation'), callId: z.string().min(1), approved: z.boolean() }),
  /** The page hung up. */
  z.object({ event: z.literal('stop') }),
]);

/** What the server sends the page besides binary audio. */
export const browserOutbound = {
  mark: (name: string) => JSON.stringify({ event: 'mark', name }),
  clear: () => JSON.stringify({ event: 'clear' }),
  transcript: (role: 'caller' | 'agent', text: string) => JSON.stringify({ event: 'transcript', role, text }),
  /** A tool call's step: `running`, then `done`, `failed` or `declined` with its result. */
  tool: (progress: ToolCallProgress) => JSON.stringify({ event: 'tool', ...progress }),
  /** Asks the user to approve a tool call; answered with a `confirmation`. */
  confirm: (call: ToolCallRequest) => JSON.stringify({ event: 'confirm', ...call }),
};
