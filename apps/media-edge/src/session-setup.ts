import type { SessionSettings } from '../../../libs/realtime/src/realtime-session';
import { realtimeToolDefinitions } from '../../../libs/tools/src';
import type { AgentProfile } from './agent-profile';
import { outboundGreeting, outboundInstructions } from './outbound-agent';

// What the bridge tells the model, in one place: the session, the greeting,
// the filler line and keypress notes.

/** The agent's session: the tenant's instructions, voice and tools. */
export function sessionSettings(profile: AgentProfile): SessionSettings {
  return { instructions: sessionInstructions(profile), voice: profile.voice, tools: realtimeToolDefinitions(profile.toolPacks) };
}

/**
 * The tenant's instructions plus the rules of a phone call. The greeting is
 * where the agent introduces itself, so these say it already has.
 */
function sessionInstructions(profile: AgentProfile): string {
  if (profile.outbound) return outboundInstructions(profile, profile.outbound);
  return [
    profile.instructions,
    '',
    'Rules for this phone call:',
    `- You speak for ${profile.brand} as ${profile.agentName}. You have already greeted the caller and said your name; do not introduce yourself again.`,
    `- The caller's phone number is ${profile.callerNumber}. Use it to look them up; do not ask for it.`,
    '- Be brief: one or two short sentences per turn, plain spoken language, no lists.',
    '- Before transferring the caller to a person, tell them you are transferring them, then call transfer_to_human.',
    '- A note like "The caller pressed 1 on the keypad." means the caller pressed that key.',
  ].join('\n');
}

/** Said verbatim once, when the session is ready: the only time the agent names itself. */
export function greetingInstructions(profile: AgentProfile): string {
  const greeting = profile.outbound ? outboundGreeting(profile, profile.outbound) : profile.greeting;
  return `Greet the ${profile.outbound ? 'person you called' : 'caller'}. Say exactly this and nothing else: "${greeting}"`;
}

/** Asked for once when a tool is slow, so the caller does not sit in silence. */
export const FILLER_INSTRUCTIONS = 'The tool is still working. Say only: "One moment while I check that." Do not call any tool.';

export function keypadNote(digit: string): string {
  return `The caller pressed ${digit} on the keypad.`;
}
