import type {
  ConversationItem,
  RealtimeResponseCreateParams,
  RealtimeSessionCreateRequest,
} from 'openai/resources/realtime/realtime';
import type { TranscriptTurn } from '../../../libs/calls/src';
import { realtimeToolDefinitions } from '../../../libs/tools/src';
import type { AgentProfile } from './agent-profile';

// What the bridge tells the model, in one place: the session config, the
// greeting, the filler line and how a lost conversation is restored.

const TRANSCRIPTION_MODEL = 'gpt-4o-mini-transcribe';

/** The agent's whole session: μ-law both ways (no transcoding on the phone path), server VAD that may interrupt. */
export function sessionConfig(profile: AgentProfile): RealtimeSessionCreateRequest {
  return {
    type: 'realtime',
    instructions: sessionInstructions(profile),
    output_modalities: ['audio'],
    audio: {
      input: {
        format: { type: 'audio/pcmu' },
        transcription: { model: TRANSCRIPTION_MODEL },
        turn_detection: {
          type: 'server_vad',
          threshold: 0.5,
          prefix_padding_ms: 300,
          silence_duration_ms: 500,
          create_response: true,
          interrupt_response: true,
        },
      },
      output: { format: { type: 'audio/pcmu' }, voice: profile.voice },
    },
    tools: realtimeToolDefinitions(profile.toolPacks),
    tool_choice: 'auto',
  };
}

/**
 * The tenant's instructions plus the rules of a phone call. The greeting is
 * where the agent introduces itself, so these say it already has.
 */
export function sessionInstructions(profile: AgentProfile): string {
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
export function greetingResponse(profile: AgentProfile): RealtimeResponseCreateParams {
  return { instructions: `Greet the caller. Say exactly this and nothing else: "${profile.greeting}"` };
}

/** Asked for once when a tool is slow, so the caller does not sit in silence. */
export const FILLER_RESPONSE: RealtimeResponseCreateParams = {
  instructions: 'The tool is still working. Say only: "One moment while I check that." Do not call any tool.',
};

export function keypadNote(digit: string): ConversationItem {
  return userText(`The caller pressed ${digit} on the keypad.`);
}

/** A tool result that arrives after a reconnect: its function call is not in the new session, so it comes as a note. */
export function lateToolResultNote(name: string, output: string): ConversationItem {
  const text = `The ${name} tool you called before the connection was restored returned: ${output}`;
  return { type: 'message', role: 'system', content: [{ type: 'input_text', text }] };
}

/** The conversation so far as text items, for a new session after the socket dropped. */
export function conversationReplay(turns: readonly TranscriptTurn[]): ConversationItem[] {
  return turns.flatMap((turn): ConversationItem[] => {
    if (turn.role === 'caller') return [userText(turn.text)];
    if (turn.role === 'agent') return [{ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: turn.text }] }];
    return [];
  });
}

function userText(text: string): ConversationItem {
  return { type: 'message', role: 'user', content: [{ type: 'input_text', text }] };
}
