import { greetingInstructions as greetingFor, inboundInstructions } from '../../../libs/realtime/src/agent-instructions';
import type { SessionSettings } from '../../../libs/realtime/src/realtime-session';
import type { AgentProfile } from './agent-profiles';
import { outboundGreeting, outboundInstructions } from './outbound-agent';

// What the bridge tells the model, in one place: the session, the greeting,
// the filler line and keypress notes.

/** The agent's session: the tenant's instructions, voice and tools. */
export function sessionSettings(profile: AgentProfile, callerNumber: string): SessionSettings {
  const instructions = profile.outbound ? outboundInstructions(profile, profile.outbound, callerNumber) : inboundInstructions(profile, callerNumber || undefined);
  return { instructions, voice: profile.voice, tools: profile.tools };
}

/** Said verbatim once when no recording of the greeting is cached: the only time the agent names itself. */
export function greetingInstructions(profile: AgentProfile): string {
  return profile.outbound ? greetingFor(outboundGreeting(profile, profile.outbound), 'person you called') : greetingFor(profile.greeting);
}

/** Asked for once when a tool is slow, so the caller does not sit in silence. */
export const FILLER_INSTRUCTIONS = 'The tool is still working. Say only: "One moment while I check that." Do not call any tool.';

export function keypadNote(digit: string): string {
  return `The caller pressed ${digit} on the keypad.`;
}
