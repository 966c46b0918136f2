import type { AssistantReply, ConversationPlan, PlanFactory, ScriptContext, SessionFacts } from './plan';

/** How the media-edge tells the model who is calling (apps/media-edge/src/session-setup.ts). */
const CALLER_NUMBER = /caller's phone number is (\+\d{7,15})\b/;

export const GENERIC_AGENT_LINES = {
  greeting: "Hello, you've reached the local Switchboard agent. How can I help?",
  offer: "I'm the local stand-in agent, so I can't help with that myself, but I can take a message and have someone call you back. I'm noting it now.",
  stillNoting: "One moment, I'm still noting your message.",
  noted: (phone: string) => `Your message is noted: someone will call you back at ${phone}.`,
  notNoted: "Sorry, I couldn't note your message just now. Please call again later.",
  cannotNote: "I'm the local stand-in agent and can't take messages on this line. Please call again later.",
  goodbye: 'Thank you for calling. Goodbye!',
  afterGoodbye: 'Goodbye!',
} as const;

/**
 * A generic but useful agent for any caller no script is written for: it
 * greets, offers to take a message and takes it (`request_callback` with the
 * caller's number), confirms, says goodbye and hangs up (`end_call`). Each
 * reply follows from what the conversation holds, not from a counter, so a
 * barge-in that cancels a reply or an utterance while a tool runs never puts
 * it off its course.
 */
export const genericAgent: PlanFactory = (session) => new GenericAgent(session);

class GenericAgent implements ConversationPlan {
  private readonly callerNumber: string | undefined;

  constructor(private readonly session: SessionFacts) {
    this.callerNumber = session.instructions.match(CALLER_NUMBER)?.[1];
  }

  /** The simulator cannot recognise words: the transcript says so. */
  nextCallerTranscript(audioMs: number): string {
    return `[${(audioMs / 1000).toFixed(1)} s of caller speech]`;
  }

  nextReply(conversation: ScriptContext): AssistantReply {
    const called = (name: string) => conversation.toolCalls.some((call) => call.name === name);
    if (called('end_call')) return { say: GENERIC_AGENT_LINES.afterGoodbye };
    if (conversation.callerTranscripts.length === 0 && conversation.toolCalls.length === 0) return { say: GENERIC_AGENT_LINES.greeting };
    if (!this.declares('request_callback')) return this.goodbye(GENERIC_AGENT_LINES.cannotNote);
    if (!called('request_callback')) {
      const args = { reason: 'The caller reached the local agent and asked to be called back.', ...(this.callerNumber && { phone: this.callerNumber }) };
      return { say: GENERIC_AGENT_LINES.offer, call: { name: 'request_callback', arguments: args } };
    }
    const output = [...conversation.toolOutputs].reverse().find((candidate) => candidate.name === 'request_callback');
    if (!output) return { say: GENERIC_AGENT_LINES.stillNoting };
    const phone = callbackPhone(output.output);
    return this.goodbye(phone ? GENERIC_AGENT_LINES.noted(phone) : GENERIC_AGENT_LINES.notNoted);
  }

  private goodbye(before: string): AssistantReply {
    const say = `${before} ${GENERIC_AGENT_LINES.goodbye}`;
    if (!this.declares('end_call')) return { say };
    return { say, call: { name: 'end_call', arguments: { reason: 'The local agent took the message and said goodbye.' } } };
  }

  private declares(tool: string): boolean {
    return this.session.toolNames.includes(tool);
  }
}

/** The number a successful `request_callback` will call (its output is the tool envelope `{ ok, data: { phone } }`). */
function callbackPhone(output: string): string | undefined {
  try {
    const envelope = JSON.parse(output) as { ok?: boolean; data?: { phone?: unknown } };
    return envelope.ok && typeof envelope.data?.phone === 'string' ? envelope.data.phone : undefined;
  } catch {
    return undefined;
  }
}
