import type { ConversationItem } from 'openai/resources/realtime/realtime';
import { textItem } from './conversation-items';

/**
 * What a new connection is given: the conversation so far as text (what the
 * caller and the agent said, and notes of the tool results; the audio and the
 * tool calls stay with the lost connection), then the items that came while
 * no connection could take them.
 */
export class ConversationReplay {
  private readonly spoken: ConversationItem[] = [];
  private readonly held: ConversationItem[] = [];
  private callerSpokeLast = false;

  said(role: 'caller' | 'agent', text: string): void {
    this.spoken.push(textItem(role === 'caller' ? 'user' : 'assistant', text));
    this.callerSpokeLast = role === 'caller';
  }

  /** An item of the conversation so far that is not speech, e.g. a note of a tool's result. */
  record(item: ConversationItem): void {
    this.spoken.push(item);
  }

  /** An item for the next connection. */
  hold(item: ConversationItem): void {
    this.held.push(item);
  }

  /** The items for a new connection (held ones are given once); `owesReply` when the caller is waiting for an answer. */
  take(): { items: ConversationItem[]; owesReply: boolean } {
    const held = this.held.splice(0);
    return { items: [...this.spoken, ...held], owesReply: held.length > 0 || this.callerSpokeLast };
  }
}
