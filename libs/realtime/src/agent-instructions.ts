// What an inbound agent is told, whoever connects it to the model: the
// media-edge for phone and local browser calls, the API's browser sessions
// for the browser's own connection to OpenAI.

/** The parts of a tenant's agent the instructions name. */
export interface AgentPersona {
  instructions: string;
  brand: string;
  agentName: string;
}

/**
 * The tenant's instructions plus the rules of a call. The greeting is where
 * the agent introduces itself, so these say it already has. Without a known
 * number (a browser user who gave none) the agent asks when a tool needs one.
 */
export function inboundInstructions(agent: AgentPersona, callerNumber: string | undefined): string {
  return [
    agent.instructions,
    '',
    'Rules for this phone call:',
    `- You speak for ${agent.brand} as ${agent.agentName}. You have already greeted the caller and said your name; do not introduce yourself again.`,
    callerNumber
      ? `- The caller's phone number is ${callerNumber}. Use it to look them up; do not ask for it.`
      : "- The caller's phone number is not known: ask for it when a tool needs one.",
    '- Be brief: one or two short sentences per turn, plain spoken language, no lists.',
    '- Before transferring the caller to a person, tell them you are transferring them, then call transfer_to_human.',
    '- A note like "The caller pressed 1 on the keypad." means the caller pressed that key.',
  ].join('\n');
}

/** Said verbatim once when no recording of the greeting is played: the only time the agent names itself. */
export function greetingInstructions(greeting: string, whom: 'caller' | 'person you called' = 'caller'): string {
  return `Greet the ${whom}. Say exactly this and nothing else: "${greeting}"`;
}
