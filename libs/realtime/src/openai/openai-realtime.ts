import type { RealtimeBackend, RealtimeSession, RealtimeSessionEvents } from '../realtime-session';
import { OpenAIRealtimeSession } from './openai-realtime-session';
import type { OpenAIRealtimeSettings } from './realtime-socket';

export type { OpenAIRealtimeSettings } from './realtime-socket';

/** The OpenAI Realtime API (GA interface) over a WebSocket, at a configurable URL (the simulator's in local mode). */
export class OpenAIRealtime implements RealtimeBackend {
  constructor(private readonly settings: OpenAIRealtimeSettings) {}

  openSession(events: RealtimeSessionEvents): RealtimeSession {
    return new OpenAIRealtimeSession(this.settings, events);
  }
}
