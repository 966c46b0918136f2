/**
 * The simulated model's side of one Realtime connection. The simulator cannot
 * recognise speech, so a plan decides both what each caller utterance the VAD
 * found "said" (its transcript) and what the model answers.
 */
export interface ConversationPlan {
  /** The transcript reported for the caller's next utterance, `audioMs` long. */
  nextCallerTranscript(audioMs: number): string;
  /** The reply for the next response whose instructions quote no passage. */
  nextReply(conversation: ScriptContext): AssistantReply;
}

/** What a session knows when its plan is chosen: at its first caller utterance or first unquoted response. */
export interface SessionFacts {
  /** The session's instructions (the media-edge puts the tenant and the caller's number there). */
  instructions: string;
  /** Names of the function tools the session declares. */
  toolNames: readonly string[];
}

/** Chooses the plan of each new connection, so every call gets a plan of its own. */
export type PlanFactory = (session: SessionFacts) => ConversationPlan;

/** One response: speech, a function call, or speech followed by a function call. */
export type AssistantReply = { say: string; call?: ScriptedToolCall } | { say?: string; call: ScriptedToolCall };

export interface ScriptedToolCall {
  name: string;
  arguments: Record<string, unknown>;
}

/** The conversation so far, as the model "remembers" it. */
export interface ScriptContext {
  /** Transcripts of the caller's utterances so far, oldest first. */
  callerTranscripts: readonly string[];
  /** Function calls the model made, oldest first. */
  toolCalls: readonly ToolCall[];
  /** `function_call_output` items the client sent, oldest first. */
  toolOutputs: readonly ToolOutput[];
}

export interface ToolCall {
  callId: string;
  name: string;
}

export interface ToolOutput {
  callId: string;
  /** Name of the function call the output answers. */
  name: string;
  output: string;
}
