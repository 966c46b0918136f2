import type { TokenUsage } from '../../calls/src';

/**
 * A speech-to-speech model as one phone call needs it (the `RealtimeSession`
 * port). Audio is base64 μ-law 8 kHz both ways, as Twilio carries it. The
 * backend detects the caller's speech, answers on its own when a turn ends,
 * and stops its own response when the caller talks over it.
 *
 * The session owns its lifecycle: it connects as soon as it is opened, is
 * configured once, and after a dropped connection reconnects and restores
 * the conversation so far by itself. Conversation policy (barge-in, filler,
 * hanging up, failover, tools) belongs to whoever holds the session.
 */
export interface RealtimeBackend {
  /** A session for one call; it starts connecting at once (the caller is waiting). */
  openSession(events: RealtimeSessionEvents): RealtimeSession;
}

export interface RealtimeSession {
  /**
   * Resolves once the backend has accepted `settings` (once: reconnects reuse
   * them); rejects when it cannot be reached, refuses them, or is lost before.
   * Caller audio, items and response requests go out right behind the
   * settings, without waiting for that answer; before, they wait (audio is
   * not taken).
   */
  configure(settings: SessionSettings): Promise<void>;
  /** Caller audio; false when the session takes none right now (not configured yet, reconnecting, closed). */
  sendAudio(payload: string): boolean;
  /** A text item in the conversation, e.g. a note about a keypress. Added while reconnecting, it follows the restored conversation. */
  addText(role: 'user' | 'assistant', text: string): void;
  /** The result of a `functionCall`; one whose call came on a connection lost since reaches the model as a note. */
  sendToolResult(call: { callId: string; name: string }, output: string): void;
  /** Asks for a response; requests wait while one is running, and at most one `reply` waits at a time. */
  requestResponse(purpose: ResponsePurpose, instructions?: string): void;
  /** Drops requests of `purpose` that have not started yet. */
  withdrawResponse(purpose: ResponsePurpose): void;
  /** The response being generated now, if any. */
  readonly activeResponseId: string | undefined;
  cancelResponse(responseId: string): void;
  /** The caller heard only the first `heardMs` of an agent item: the model forgets the rest. */
  truncate(itemId: string, heardMs: number): void;
  /** Ends the session; no event follows. Idempotent. */
  close(): void;
}

/** Why a response is asked for: a greeting, a filler line while a tool runs, or an answer. */
export type ResponsePurpose = 'greeting' | 'filler' | 'reply';

export interface SessionSettings {
  /** What the model is told for the whole call. */
  instructions: string;
  voice: string;
  tools: readonly ToolDefinition[];
}

export interface ToolDefinition {
  name: string;
  description: string;
  /** JSON Schema of the arguments. */
  parameters: Record<string, unknown>;
}

/**
 * What a session reports. `receivedAt` is the `process.hrtime.bigint()`
 * reading taken when the event arrived. Agent audio comes as plain arguments
 * so the per-frame path allocates nothing.
 */
export interface RealtimeSessionEvents {
  /** A chunk of agent speech (base64 μ-law 8 kHz) of item `itemId` in response `responseId`. */
  agentAudio(audio: string, itemId: string, responseId: string, receivedAt: bigint): void;
  /** The caller started talking; the backend stops its running response by itself. */
  speechStarted(receivedAt: bigint): void;
  /** What the caller or the agent said, trimmed and never empty. */
  transcript(role: 'caller' | 'agent', text: string): void;
  /** The model calls a tool; once per call id. */
  functionCall(callId: string, name: string, rawArguments: string): void;
  /** A response ended: completed, cancelled or failed. */
  responseDone(responseId: string): void;
  /** Tokens a response used (a delta). */
  usage(usage: TokenUsage): void;
  /** The connection dropped and the session is reconnecting; what was playing belongs to the old one. */
  reconnecting(detail: string): void;
  /** A new connection has the conversation so far, and answers if the caller was waiting for an answer. */
  restored(): void;
  /** Something went wrong that the session survives. */
  error(problem: RealtimeProblem): void;
  /** The session is gone for good (after `configure` resolved); no event follows. */
  lost(detail: string): void;
}

export interface RealtimeProblem {
  message: string;
  code?: string;
  cause?: unknown;
}
