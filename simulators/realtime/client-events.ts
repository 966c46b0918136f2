import { z } from 'zod';
import {
  audioFormatSchema,
  functionToolSchema,
  maxOutputTokensSchema,
  outputModalitiesSchema,
  sessionUpdateSchema,
  toolChoiceSchema,
  voiceSchema,
} from './session-config';

const eventId = z.string().max(512).optional();

const contentPartSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('input_text'), text: z.string() }),
  z.strictObject({ type: z.literal('input_audio'), audio: z.base64().optional(), transcript: z.string().nullable().optional() }),
  z.strictObject({ type: z.literal('input_image'), image_url: z.string(), detail: z.enum(['auto', 'low', 'high']).optional() }),
  z.strictObject({ type: z.literal('output_text'), text: z.string() }),
  z.strictObject({ type: z.literal('output_audio'), audio: z.base64().optional(), transcript: z.string().nullable().optional() }),
]);

const PARTS_BY_ROLE = {
  user: ['input_text', 'input_audio', 'input_image'],
  system: ['input_text'],
  assistant: ['output_text', 'output_audio'],
} as const;

const itemBase = {
  id: z.string().max(32).optional(),
  object: z.literal('realtime.item').optional(),
  status: z.enum(['completed', 'incomplete', 'in_progress']).optional(),
};

const messageItemSchema = z
  .strictObject({
    ...itemBase,
    type: z.literal('message'),
    role: z.enum(['user', 'system', 'assistant']),
    content: z.array(contentPartSchema).min(1),
  })
  .superRefine((item, context) => {
    const allowed: readonly string[] = PARTS_BY_ROLE[item.role];
    item.content.forEach((part, index) => {
      if (!allowed.includes(part.type)) {
        context.addIssue({
          code: 'custom',
          path: ['content', index, 'type'],
          message: `a ${item.role} message takes ${allowed.join(' / ')} content, not ${part.type}`,
        });
      }
    });
  });

const itemSchema = z.discriminatedUnion('type', [
  messageItemSchema,
  z.strictObject({ ...itemBase, type: z.literal('function_call'), call_id: z.string(), name: z.string(), arguments: z.string() }),
  z.strictObject({ ...itemBase, type: z.literal('function_call_output'), call_id: z.string(), output: z.string() }),
]);

const responseParamsSchema = z.strictObject({
  instructions: z.string().optional(),
  output_modalities: outputModalitiesSchema.optional(),
  audio: z
    .strictObject({ output: z.strictObject({ format: audioFormatSchema.optional(), voice: voiceSchema.optional() }).optional() })
    .optional(),
  tools: z.array(functionToolSchema).optional(),
  tool_choice: toolChoiceSchema.optional(),
  conversation: z.string().optional(),
  input: z.array(itemSchema).optional(),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
  max_output_tokens: maxOutputTokensSchema.optional(),
});

/** The GA client events the simulator implements (protocols.md §3.5). */
const CLIENT_EVENT_SCHEMAS = {
  'session.update': z.strictObject({ type: z.literal('session.update'), event_id: eventId, session: sessionUpdateSchema }),
  'input_audio_buffer.append': z.strictObject({ type: z.literal('input_audio_buffer.append'), event_id: eventId, audio: z.base64() }),
  'input_audio_buffer.commit': z.strictObject({ type: z.literal('input_audio_buffer.commit'), event_id: eventId }),
  'input_audio_buffer.clear': z.strictObject({ type: z.literal('input_audio_buffer.clear'), event_id: eventId }),
  'conversation.item.create': z.strictObject({
    type: z.literal('conversation.item.create'),
    event_id: eventId,
    previous_item_id: z.string().nullable().optional(),
    item: itemSchema,
  }),
  'conversation.item.truncate': z.strictObject({
    type: z.literal('conversation.item.truncate'),
    event_id: eventId,
    item_id: z.string(),
    content_index: z.number().int().min(0),
    audio_end_ms: z.number().int().min(0),
  }),
  'conversation.item.delete': z.strictObject({ type: z.literal('conversation.item.delete'), event_id: eventId, item_id: z.string() }),
  'response.create': z.strictObject({ type: z.literal('response.create'), event_id: eventId, response: responseParamsSchema.optional() }),
  'response.cancel': z.strictObject({ type: z.literal('response.cancel'), event_id: eventId, response_id: z.string().optional() }),
};

/** GA client events the real server knows but this simulator does not play. */
const NOT_SIMULATED = ['conversation.item.retrieve', 'output_audio_buffer.clear'];

type ClientEventType = keyof typeof CLIENT_EVENT_SCHEMAS;
export type ClientEvent = z.infer<(typeof CLIENT_EVENT_SCHEMAS)[ClientEventType]>;
export type ClientItem = z.infer<typeof itemSchema>;
export type ResponseParams = z.infer<typeof responseParamsSchema>;

/** The `error` of an `error` event (protocols.md §3.8). */
export interface RealtimeErrorDetails {
  type: 'invalid_request_error';
  code: string;
  message: string;
  param: string | null;
}

/** A client message as received (when it was a JSON object), valid or not. */
export type ReceivedClientEvent = Record<string, unknown>;

export type ParsedClientEvent =
  | { ok: true; event: ClientEvent; received: ReceivedClientEvent }
  | { ok: false; error: RealtimeErrorDetails; eventId?: string; received?: ReceivedClientEvent };

export function invalidRequest(code: string, message: string, param: string | null = null): RealtimeErrorDetails {
  return { type: 'invalid_request_error', code, message, param };
}

/** Parses and validates one client message the way the real server does: unknown parameters are errors too. */
export function parseClientEvent(text: string): ParsedClientEvent {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: invalidRequest('invalid_json', 'The client event is not valid JSON.') };
  }
  if (!isRecord(raw)) return { ok: false, error: invalidRequest('invalid_json', 'A client event must be a JSON object.') };
  const eventId = typeof raw.event_id === 'string' ? raw.event_id : undefined;
  const type = raw.type;
  if (typeof type !== 'string' || !isClientEventType(type)) {
    const message = NOT_SIMULATED.includes(String(type))
      ? `'${String(type)}' is a valid client event that RealtimeSimulator does not simulate.`
      : `Invalid value: '${String(type)}'. Supported values are: ${Object.keys(CLIENT_EVENT_SCHEMAS).map((t) => `'${t}'`).join(', ')}.`;
    return { ok: false, eventId, received: raw, error: invalidRequest('invalid_value', message, 'type') };
  }
  const parsed = CLIENT_EVENT_SCHEMAS[type].safeParse(raw);
  if (parsed.success) return { ok: true, event: parsed.data, received: raw };
  return { ok: false, eventId, received: raw, error: describeIssue(parsed.error.issues[0], raw) };
}

/** Describes a validation failure with the real API's error codes and parameter names. */
export function describeIssue(issue: z.core.$ZodIssue, raw: unknown): RealtimeErrorDetails {
  if (issue.code === 'unrecognized_keys') {
    const param = paramName([...issue.path, issue.keys[0]]);
    return invalidRequest('unknown_parameter', `Unknown parameter: '${param}'.`, param);
  }
  const param = paramName(issue.path);
  if (valueAt(raw, issue.path) === undefined) {
    return invalidRequest('missing_required_parameter', `Missing required parameter: '${param}'.`, param);
  }
  return invalidRequest('invalid_value', `Invalid value for '${param}': ${issue.message}.`, param);
}

/** `['session', 'tools', 0, 'name']` → `session.tools[0].name`, as the real API names parameters. */
function paramName(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i ? '.' : ''}${String(key)}`)).join('');
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((node, key) => (isRecord(node) || Array.isArray(node) ? (node as Record<PropertyKey, unknown>)[key] : undefined), value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isClientEventType(type: string): type is ClientEventType {
  return Object.hasOwn(CLIENT_EVENT_SCHEMAS, type);
}
