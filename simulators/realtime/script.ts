import type { AssistantReply, ConversationPlan, PlanFactory, ScriptContext } from './plan';

/**
 * A deterministic conversation: each caller utterance found by the VAD (or
 * committed by hand) takes the next {@link CallerTurn}: its `caller` text is
 * reported as that utterance's transcript, and its `replies` answer the
 * responses that follow, one reply per response (the first answers the
 * utterance; the next ones answer the `response.create` sent after a tool
 * output, and so on).
 */
export interface ConversationScript {
  /** Spoken for a `response.create` that arrives before the caller has said anything. */
  greeting?: string;
  turns: CallerTurn[];
  /** Spoken once the conversation has left the script and no off-script plan takes over; default {@link DEFAULT_FALLBACK}. */
  fallback?: string;
}

export interface CallerTurn {
  /** The transcript reported for this caller utterance. */
  caller: string;
  replies: ScriptedReply[];
}

/**
 * A reply, or a function of the conversation so far (e.g. to read the last
 * tool output) that returns undefined when the conversation is not what the
 * script expects (the output it needs is missing or failed).
 */
export type ScriptedReply = AssistantReply | ((conversation: ScriptContext) => AssistantReply | undefined);

export const DEFAULT_FALLBACK = "Sorry, I didn't catch that. Could you say it again?";

/**
 * Each connection plays `script` from its start. Once the conversation leaves
 * it (a reply function returns undefined, a turn has no reply left, or the
 * caller speaks after the last turn), `offScript` takes over the rest of the
 * connection; without one the script's fallback line answers.
 */
export function playScript(script: ConversationScript, offScript?: PlanFactory): PlanFactory {
  return (session) => new ScriptPlayer(script, offScript && (() => offScript(session)));
}

/** Walks a {@link ConversationScript}; one per connection. */
export class ScriptPlayer implements ConversationPlan {
  private turnIndex = -1;
  private replyIndex = 0;
  private takenOver: ConversationPlan | undefined;

  constructor(
    private readonly script: ConversationScript,
    private readonly offScript?: () => ConversationPlan,
  ) {}

  /** Starts the next caller turn and returns its transcript ('' once the script has run out of turns and nothing takes over). */
  nextCallerTranscript(audioMs: number): string {
    if (this.takenOver) return this.takenOver.nextCallerTranscript(audioMs);
    this.turnIndex++;
    this.replyIndex = 0;
    const turn = this.script.turns[this.turnIndex];
    if (turn) return turn.caller;
    return this.leaveScript()?.nextCallerTranscript(audioMs) ?? '';
  }

  /** The reply for the next response of the current turn: the greeting before any turn. */
  nextReply(conversation: ScriptContext): AssistantReply {
    if (this.takenOver) return this.takenOver.nextReply(conversation);
    const fallback = { say: this.script.fallback ?? DEFAULT_FALLBACK };
    if (this.turnIndex < 0) return this.script.greeting === undefined ? fallback : { say: this.script.greeting };
    const reply = this.script.turns[this.turnIndex]?.replies[this.replyIndex++];
    const resolved = typeof reply === 'function' ? reply(conversation) : reply;
    if (resolved) return resolved;
    return this.leaveScript()?.nextReply(conversation) ?? fallback;
  }

  private leaveScript(): ConversationPlan | undefined {
    this.takenOver = this.offScript?.();
    return this.takenOver;
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
