import type { RealtimeServerEvent } from 'openai/resources/realtime/realtime';

/** A GA server event without its `event_id`, which is stamped when it is sent. */
export type ServerEventPayload = RealtimeServerEvent extends infer Event
  ? Event extends unknown
    ? Omit<Event, 'event_id'>
    : never
  : never;

export type SendServerEvent = (event: ServerEventPayload) => void;

/** The real server sends `null` in a few places where the SDK's types only allow a value or absence. */
export const WIRE_NULL = null as unknown as undefined;
