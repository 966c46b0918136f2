/**
 * The simulator's deterministic "brain". It cannot recognise speech, so each
 * caller utterance found by the VAD (or committed by hand) takes the next
 * {@link CallerTurn}: its `caller` text is reported as that utterance's
 * transcript, and its `replies` answer the responses that follow, one reply per
 * response (the first answers the utterance; the next ones answer the
 * `response.create` sent after a tool output, and so on).
 */
export interface ConversationScript {
  /** Spoken for a `response.create` that arrives before the caller has said anything. */
  greeting?: string;
  turns: CallerTurn[];
  /** Spoken when a response has no scripted reply left; default {@link DEFAULT_FALLBACK}. */
  fallback?: string;
}

export interface CallerTurn {
  /** The transcript reported for this caller utterance. */
  caller: string;
  replies: ScriptedReply[];
}

/** A reply, or a function of the conversation so far (e.g. to read the last tool output). */
export type ScriptedReply = AssistantReply | ((conversation: ScriptContext) => AssistantReply);

/** One response: speech, a function call, or speech followed by a function call. */
export type AssistantReply = { say: string; call?: ScriptedToolCall } | { say?: string; call: ScriptedToolCall };

export interface ScriptedToolCall {
  name: string;
  arguments: Record<string, unknown>;
}

export interface ScriptContext {
  /** Transcripts of the caller's utterances so far, oldest first. */
  callerTranscripts: readonly string[];
  /** `function_call_output` items the client sent, oldest first. */
  toolOutputs: readonly ToolOutput[];
}

export interface ToolOutput {
  callId: string;
  /** Name of the function call the output answers. */
  name: string;
  output: string;
}

export const DEFAULT_FALLBACK = "Sorry, I didn't catch that. Could you say it again?";

/** Walks a {@link ConversationScript}; one per connection. */
export class ScriptPlayer {
  private turnIndex = -1;
  private replyIndex = 0;

  constructor(private readonly script: ConversationScript) {}

  /** Starts the next caller turn and returns its transcript ('' once the script has run out of turns). */
  nextCallerTranscript(): string {
    this.turnIndex++;
    this.replyIndex = 0;
    return this.script.turns[this.turnIndex]?.caller ?? '';
  }

  /** The reply for the next response of the current turn: the greeting before any turn, then the fallback once exhausted. */
  nextReply(context: ScriptContext): AssistantReply {
    const fallback = { say: this.script.fallback ?? DEFAULT_FALLBACK };
    if (this.turnIndex < 0) return this.script.greeting === undefined ? fallback : { say: this.script.greeting };
    const reply = this.script.turns[this.turnIndex]?.replies[this.replyIndex++];
    if (!reply) return fallback;
    return typeof reply === 'function' ? reply(context) : reply;
  }
}

/**
 * The text a `response.create` asks to be said verbatim: the first "double-quoted"
 * (or “curly-quoted”) passage of its instructions, as in
 * `Say exactly: "Thanks for calling Bella's Salon!"`.
 */
export function quotedText(instructions: string | undefined): string | undefined {
  const match = instructions?.match(/"([^"]+)"|“([^”]+)”/);
  return match ? (match[1] ?? match[2]) : undefined;
}
