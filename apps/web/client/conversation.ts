import type { ToolResult } from './agent-api';

// What a live conversation tells the page, whichever way it reaches the model
// (the media-edge in local mode, OpenAI over WebRTC with keys).

export interface ToolCallRequest {
  callId: string;
  name: string;
  args: unknown;
}

export type ToolCallState = 'running' | 'done' | 'failed' | 'declined';

export interface ToolCallUpdate extends ToolCallRequest {
  state: ToolCallState;
  result?: ToolResult;
}

export interface ConversationEvents {
  transcript(role: 'caller' | 'agent', text: string): void;
  toolCall(update: ToolCallUpdate): void;
  /** The user approves (true) or declines a tool call before it runs. */
  confirm(call: ToolCallRequest): Promise<boolean>;
  speaking(who: 'agent' | 'user', active: boolean): void;
  /** The conversation is over; `reason` says why, for the status line. */
  ended(reason: ConversationEnd): void;
}

export type ConversationEnd = 'stopped' | 'agent_ended' | 'connection_lost';

export interface Conversation {
  setMuted(muted: boolean): void;
  /** Hangs up; `ended('stopped')` follows. */
  stop(): void;
}
