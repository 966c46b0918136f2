import type { ConversationItem } from 'openai/resources/realtime/realtime';
import type { ScriptContext } from './plan';
import { WIRE_NULL } from './server-events';
import { transcriptUntil, type SynthesizedSpeech } from './speech-synthesis';

/** The conversation the simulated model "remembers", one entry per item, in order. */
export type ConversationEntry =
  | { kind: 'caller_audio'; id: string; audioMs: number; transcript: string }
  | { kind: 'assistant_audio'; id: string; speech: SynthesizedSpeech; generatedMs: number; truncatedAtMs?: number }
  | { kind: 'text'; id: string; role: 'user' | 'system' | 'assistant'; text: string }
  | { kind: 'function_call'; id: string; callId: string; name: string; arguments: string }
  | { kind: 'function_call_output'; id: string; callId: string; output: string };

export class Conversation {
  private readonly entries: ConversationEntry[] = [];

  get all(): readonly ConversationEntry[] {
    return this.entries;
  }

  /** Appends an entry (or inserts it after `previousItemId`); returns the id of the item before it. */
  add(entry: ConversationEntry, previousItemId?: string | null): string | null {
    const index = previousItemId ? this.entries.findIndex((e) => e.id === previousItemId) + 1 : this.entries.length;
    this.entries.splice(index, 0, entry);
    return this.entries[index - 1]?.id ?? null;
  }

  find(id: string): ConversationEntry | undefined {
    return this.entries.find((entry) => entry.id === id);
  }

  delete(id: string): boolean {
    const index = this.entries.findIndex((entry) => entry.id === id);
    if (index >= 0) this.entries.splice(index, 1);
    return index >= 0;
  }

  hasAssistantAudio(): boolean {
    return this.entries.some((entry) => entry.kind === 'assistant_audio' && entry.generatedMs > 0);
  }

  functionCall(callId: string): Extract<ConversationEntry, { kind: 'function_call' }> | undefined {
    return this.entries.find((e): e is Extract<ConversationEntry, { kind: 'function_call' }> => e.kind === 'function_call' && e.callId === callId);
  }

  scriptContext(): ScriptContext {
    return {
      callerTranscripts: this.entries.flatMap((entry) => (entry.kind === 'caller_audio' ? [entry.transcript] : [])),
      toolCalls: this.entries.flatMap((entry) => (entry.kind === 'function_call' ? [{ callId: entry.callId, name: entry.name }] : [])),
      toolOutputs: this.entries.flatMap((entry) =>
        entry.kind === 'function_call_output'
          ? [{ callId: entry.callId, name: this.functionCall(entry.callId)?.name ?? '', output: entry.output }]
          : [],
      ),
    };
  }
}

/** The wire form of an entry, as in `conversation.item.added` / `.done` and `response.output_item.*`. */
export function wireItem(entry: ConversationEntry, status: 'in_progress' | 'completed' | 'incomplete' = 'completed'): ConversationItem {
  const base = { id: entry.id, object: 'realtime.item' as const, status };
  switch (entry.kind) {
    case 'caller_audio':
      // The transcript arrives later, in conversation.item.input_audio_transcription.completed.
      return { ...base, type: 'message', role: 'user', content: [{ type: 'input_audio', transcript: WIRE_NULL }] };
    case 'assistant_audio':
      return {
        ...base,
        type: 'message',
        role: 'assistant',
        content: status === 'in_progress' ? [] : [{ type: 'output_audio', transcript: heardTranscript(entry) }],
      };
    case 'text':
      return entry.role === 'assistant'
        ? { ...base, type: 'message', role: 'assistant', content: [{ type: 'output_text', text: entry.text }] }
        : { ...base, type: 'message', role: entry.role, content: [{ type: 'input_text', text: entry.text }] };
    case 'function_call':
      return { ...base, type: 'function_call', call_id: entry.callId, name: entry.name, arguments: status === 'in_progress' ? '' : entry.arguments };
    case 'function_call_output':
      return { ...base, type: 'function_call_output', call_id: entry.callId, output: entry.output };
  }
}

/** What remains of an assistant item's transcript: what was generated, minus what a truncation removed. */
export function heardTranscript(entry: Extract<ConversationEntry, { kind: 'assistant_audio' }>): string {
  return transcriptUntil(entry.speech, Math.min(entry.generatedMs, entry.truncatedAtMs ?? Infinity));
}
