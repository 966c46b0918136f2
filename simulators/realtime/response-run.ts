import type {
  RealtimeResponse,
  RealtimeResponseStatus,
  RealtimeResponseUsage,
} from 'openai/resources/realtime/realtime';
import type { RealtimeErrorDetails } from './client-events';
import type { ServerFault } from './server-faults';
import { heardTranscript, wireItem, type ConversationEntry } from './conversation';
import { newId } from './ids';
import { pcmuDurationMs, splitIntoFrames } from './pcmu-audio';
import type { AudioFormat } from './session-config';
import { WIRE_NULL, type SendServerEvent } from './server-events';
import type { SpeechTiming, SynthesizedSpeech } from './speech-synthesis';
import { assistantAudioTokens, responseUsage, textTokens, type TokenCounts } from './usage';

/** What one response will produce, decided by the script when it is created. */
export interface ResponsePlan {
  speech?: SynthesizedSpeech;
  toolCall?: { name: string; arguments: string };
  /** The response fails at once (the script calls a tool the session does not declare, or an injected server fault). */
  failure?: RealtimeErrorDetails | ServerFault;
}

export type ResponseStatus = 'in_progress' | 'completed' | 'cancelled' | 'failed';
export type CancelReason = 'turn_detected' | 'client_cancelled';

/** One response as seen by tests (`simulator.sessions[i].responses`). */
export interface ResponseRecord {
  id: string;
  /** What created it: the server VAD (`create_response`) or the client's `response.create`. */
  trigger: 'turn_detection' | 'response.create';
  instructions?: string;
  status: ResponseStatus;
  /** Why it was cancelled; `connection_closed` when the socket went away mid-response (nothing more was sent). */
  cancelReason?: CancelReason | 'connection_closed';
  /** The scripted speech (all of it, however much was generated before a cancel). */
  speechText?: string;
  toolCall?: { callId: string; name: string; arguments: string };
  failure?: RealtimeErrorDetails | ServerFault;
  usage?: RealtimeResponseUsage;
}

export interface ResponseHost {
  send: SendServerEvent;
  /** Adds an output item to the conversation; returns the id of the item before it. */
  addItem(entry: ConversationEntry): string | null;
  finished(run: ResponseRun): void;
}

export interface ResponseSettings {
  trigger: ResponseRecord['trigger'];
  instructions?: string;
  conversationId: string;
  timing: SpeechTiming;
  audioOutput: { format: AudioFormat; voice: string | { id: string } };
  metadata: Record<string, string> | null;
  maxOutputTokens: number | 'inf';
  inputTokens: TokenCounts;
  cachedTokens: TokenCounts;
}

type AssistantAudioEntry = Extract<ConversationEntry, { kind: 'assistant_audio' }>;
type FunctionCallEntry = Extract<ConversationEntry, { kind: 'function_call' }>;

const ARGUMENT_DELTA_CHARS = 16;
const RATE_LIMITS = { requests: 5_000, tokens: 400_000 };

/**
 * Streams one response with the GA event sequence (protocols.md §3.7): audio in
 * `chunkMs` deltas every `chunkIntervalMs` with the transcript interleaved, then
 * the function call if any, then `response.done` with usage. A cancel stops the
 * deltas, closes the open item as incomplete and ends with a cancelled `response.done`.
 */
export class ResponseRun {
  readonly record: ResponseRecord;
  private readonly output: Array<AssistantAudioEntry | FunctionCallEntry> = [];
  private openSpeech: { entry: AssistantAudioEntry; outputIndex: number } | undefined;
  private pause: { timer: NodeJS.Timeout; resume: () => void } | undefined;
  private done = false;

  constructor(
    private readonly host: ResponseHost,
    private readonly plan: ResponsePlan,
    private readonly settings: ResponseSettings,
  ) {
    this.record = {
      id: newId('resp'),
      trigger: settings.trigger,
      instructions: settings.instructions,
      status: 'in_progress',
      speechText: plan.speech?.text,
      failure: plan.failure,
    };
  }

  get id(): string {
    return this.record.id;
  }

  async run(): Promise<void> {
    this.host.send({ type: 'response.created', response: this.snapshot() });
    this.sendRateLimits();
    if (this.plan.failure) {
      const { type, code, message } = this.plan.failure;
      // The wire carries the message too, which the SDK's type leaves out.
      const error: RealtimeResponseStatus.Error & { message: string } = { type, ...(code !== null && { code }), message };
      return this.finish('failed', { type: 'failed', error });
    }
    if (this.plan.speech) await this.streamSpeech(this.plan.speech);
    if (this.done) return;
    if (this.plan.toolCall) this.emitToolCall(this.plan.toolCall.name, this.plan.toolCall.arguments);
    this.finish('completed');
  }

  cancel(reason: CancelReason): void {
    if (this.done) return;
    this.stopPause();
    if (this.openSpeech) this.closeSpeech('incomplete');
    this.record.cancelReason = reason;
    this.finish('cancelled', { type: 'cancelled', reason });
  }

  /** The connection is gone: stop streaming and send nothing more. */
  abandon(): void {
    if (this.done) return;
    this.done = true;
    this.stopPause();
    this.record.status = 'cancelled';
    this.record.cancelReason = 'connection_closed';
  }

  private async streamSpeech(speech: SynthesizedSpeech): Promise<void> {
    const entry: AssistantAudioEntry = { kind: 'assistant_audio', id: newId('item'), speech, generatedMs: 0 };
    const outputIndex = this.addOutputItem(entry);
    const ids = { response_id: this.id, item_id: entry.id, output_index: outputIndex, content_index: 0 };
    this.host.send({ type: 'response.content_part.added', ...ids, part: { type: 'audio', transcript: '' } });
    this.openSpeech = { entry, outputIndex };
    const { chunkMs, chunkIntervalMs, firstAudioMs = chunkIntervalMs } = this.settings.timing;
    for (const [index, chunk] of splitIntoFrames(speech.audio, chunkMs).entries()) {
      await this.wait(index === 0 ? firstAudioMs : chunkIntervalMs);
      if (this.done) return;
      const startMs = entry.generatedMs;
      const endMs = startMs + pcmuDurationMs(chunk.length);
      const words = speech.words.filter((word) => word.startMs >= startMs && word.startMs < endMs);
      if (words.length) {
        const delta = words.map((word) => (word.startMs === 0 ? word.text : ` ${word.text}`)).join('');
        this.host.send({ type: 'response.output_audio_transcript.delta', ...ids, delta });
      }
      this.host.send({ type: 'response.output_audio.delta', ...ids, delta: chunk.toString('base64') });
      entry.generatedMs = endMs;
    }
    this.closeSpeech('completed');
  }

  private closeSpeech(status: 'completed' | 'incomplete'): void {
    if (!this.openSpeech) return;
    const { entry, outputIndex } = this.openSpeech;
    this.openSpeech = undefined;
    const ids = { response_id: this.id, item_id: entry.id, output_index: outputIndex, content_index: 0 };
    const transcript = heardTranscript(entry);
    this.host.send({ type: 'response.output_audio.done', ...ids });
    this.host.send({ type: 'response.output_audio_transcript.done', ...ids, transcript });
    this.host.send({ type: 'response.content_part.done', ...ids, part: { type: 'audio', transcript } });
    this.closeOutputItem(entry, outputIndex, status);
  }

  private emitToolCall(name: string, args: string): void {
    const entry: FunctionCallEntry = { kind: 'function_call', id: newId('item'), callId: newId('call'), name, arguments: args };
    this.record.toolCall = { callId: entry.callId, name, arguments: args };
    const outputIndex = this.addOutputItem(entry);
    const ids = { response_id: this.id, item_id: entry.id, output_index: outputIndex, call_id: entry.callId };
    for (let offset = 0; offset < args.length; offset += ARGUMENT_DELTA_CHARS) {
      this.host.send({ type: 'response.function_call_arguments.delta', ...ids, delta: args.slice(offset, offset + ARGUMENT_DELTA_CHARS) });
    }
    this.host.send({ type: 'response.function_call_arguments.done', ...ids, name, arguments: args });
    this.closeOutputItem(entry, outputIndex, 'completed');
  }

  private addOutputItem(entry: AssistantAudioEntry | FunctionCallEntry): number {
    const outputIndex = this.output.push(entry) - 1;
    const previousItemId = this.host.addItem(entry);
    const item = wireItem(entry, 'in_progress');
    this.host.send({ type: 'response.output_item.added', response_id: this.id, output_index: outputIndex, item });
    this.host.send({ type: 'conversation.item.added', previous_item_id: previousItemId, item });
    return outputIndex;
  }

  private closeOutputItem(entry: ConversationEntry, outputIndex: number, status: 'completed' | 'incomplete'): void {
    const item = wireItem(entry, status);
    this.host.send({ type: 'response.output_item.done', response_id: this.id, output_index: outputIndex, item });
    this.host.send({ type: 'conversation.item.done', item });
  }

  private finish(status: Exclude<ResponseStatus, 'in_progress'>, statusDetails?: RealtimeResponseStatus): void {
    this.done = true;
    this.record.status = status;
    this.record.usage = responseUsage(this.settings.inputTokens, this.settings.cachedTokens, this.outputTokens());
    this.host.send({ type: 'response.done', response: this.snapshot(statusDetails, this.record.usage) });
    this.host.finished(this);
  }

  private outputTokens(): TokenCounts {
    return this.output.reduce<TokenCounts>(
      (counts, entry) =>
        entry.kind === 'assistant_audio'
          ? { text: counts.text + textTokens(heardTranscript(entry)), audio: counts.audio + assistantAudioTokens(entry.generatedMs) }
          : { text: counts.text + textTokens(`${entry.name} ${entry.arguments}`), audio: counts.audio },
      { text: 0, audio: 0 },
    );
  }

  private snapshot(statusDetails?: RealtimeResponseStatus, usage?: RealtimeResponseUsage): RealtimeResponse {
    const closed = this.record.status !== 'in_progress';
    return {
      id: this.id,
      object: 'realtime.response',
      status: this.record.status,
      status_details: statusDetails ?? WIRE_NULL,
      output: closed ? this.output.map((entry) => wireItem(entry, this.record.status === 'completed' ? 'completed' : 'incomplete')) : [],
      conversation_id: this.settings.conversationId,
      output_modalities: ['audio'],
      max_output_tokens: this.settings.maxOutputTokens,
      audio: { output: { format: this.settings.audioOutput.format, voice: voiceName(this.settings.audioOutput.voice) } },
      usage: usage ?? WIRE_NULL,
      metadata: this.settings.metadata,
    };
  }

  private sendRateLimits(): void {
    const tokensUsed = this.settings.inputTokens.text + this.settings.inputTokens.audio;
    this.host.send({
      type: 'rate_limits.updated',
      rate_limits: [
        { name: 'requests', limit: RATE_LIMITS.requests, remaining: RATE_LIMITS.requests - 1, reset_seconds: 0.012 },
        { name: 'tokens', limit: RATE_LIMITS.tokens, remaining: RATE_LIMITS.tokens - tokensUsed, reset_seconds: 0.5 },
      ],
    });
  }

  private stopPause(): void {
    if (!this.pause) return;
    clearTimeout(this.pause.timer);
    this.pause.resume();
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const resume = (): void => {
        this.pause = undefined;
        resolve();
      };
      this.pause = { timer: setTimeout(resume, ms), resume };
    });
  }
}

/** The SDK's response type names voices only; a custom voice is reported by its id. */
function voiceName(voice: string | { id: string }): string {
  return typeof voice === 'string' ? voice : voice.id;
}
