import { z } from 'zod';

// Twilio Media Streams messages (protocols.md §2). Inbound ones are checked
// for the fields we use; extra fields Twilio may add are allowed.

const streamSid = z.string().min(1);

const connectedMessage = z.object({ event: z.literal('connected') });

const startMessage = z.object({
  event: z.literal('start'),
  streamSid,
  start: z.object({
    streamSid,
    callSid: z.string().min(1),
    accountSid: z.string().optional(),
    customParameters: z.record(z.string(), z.string()).optional(),
  }),
});

const mediaMessage = z.object({
  event: z.literal('media'),
  media: z.object({ payload: z.base64() }),
});

const markMessage = z.object({ event: z.literal('mark'), mark: z.object({ name: z.string() }) });

const dtmfMessage = z.object({ event: z.literal('dtmf'), dtmf: z.object({ digit: z.string().regex(/^[0-9*#A-D]$/) }) });

const stopMessage = z.object({ event: z.literal('stop') });

export const twilioMessageSchema = z.discriminatedUnion('event', [
  connectedMessage,
  startMessage,
  mediaMessage,
  markMessage,
  dtmfMessage,
  stopMessage,
]);

export type TwilioStart = z.infer<typeof startMessage>;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The hot path: ~50 media frames a second per call get this hand-written check
 * (the same one the schema makes) instead of a zod parse. Anything else,
 * including a media frame that fails it, goes through {@link twilioMessageSchema}.
 */
export function mediaPayloadOf(message: unknown): string | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { event, media } = message as { event?: unknown; media?: { payload?: unknown } | null };
  if (event !== 'media' || typeof media !== 'object' || media === null) return undefined;
  const payload = media.payload;
  return typeof payload === 'string' && payload.length % 4 === 0 && BASE64.test(payload) ? payload : undefined;
}

/**
 * The messages to one stream (each carries its id). `media` and `mark` go out
 * with every agent frame: their JSON is the stream's fixed prefix plus one
 * escaped string, with no object built per frame.
 */
export function outboundTo(streamSid: string) {
  const sid = JSON.stringify(streamSid);
  const mediaPrefix = `{"event":"media","streamSid":${sid},"media":{"payload":`;
  const markPrefix = `{"event":"mark","streamSid":${sid},"mark":{"name":`;
  const clear = `{"event":"clear","streamSid":${sid}}`;
  return {
    media: (payload: string) => `${mediaPrefix}${JSON.stringify(payload)}}}`,
    mark: (name: string) => `${markPrefix}${JSON.stringify(name)}}}`,
    clear: () => clear,
  };
}
