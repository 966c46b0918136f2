import type { ConversationItem } from 'openai/resources/realtime/realtime';

// The conversation items the adapter creates, in the GA shapes (protocols.md §3.5).

export function textItem(role: 'user' | 'assistant', text: string): ConversationItem {
  if (role === 'user') return { type: 'message', role, content: [{ type: 'input_text', text }] };
  return { type: 'message', role, content: [{ type: 'output_text', text }] };
}

export function toolOutputItem(callId: string, output: string): ConversationItem {
  return { type: 'function_call_output', call_id: callId, output };
}

/** A tool result whose function call was in a lost connection's conversation, which the new one does not have. */
export function lateToolResultNote(name: string, output: string): ConversationItem {
  const text = `The ${name} tool you called before the connection was restored returned: ${output}`;
  return { type: 'message', role: 'system', content: [{ type: 'input_text', text }] };
}
