import {
  invalidRequest,
  parseClientEvent,
  type ClientEvent,
  type ClientItem,
  type RealtimeErrorDetails,
  type ReceivedClientEvent,
  type ResponseParams,
} from './client-events';
import { Conversation, heardTranscript, wireItem, type ConversationEntry } from './conversation';
import { newId } from './ids';
import { ResponseRun, type ResponsePlan, type ResponseRecord } from './response-run';
import type { ConversationPlan, PlanFactory } from './plan';
import { quotedText } from './script';
import type { ServerEventPayload } from './server-events';
import {
  defaultSessionConfig,
  mergeSessionConfig,
  vadSettingsOf,
  wireSession,
  type SessionConfig,
  type SessionUpdate,
} from './session-config';
import type { ServerFault } from './server-faults';
import { synthesizeSpeech, type SpeechTiming } from './speech-synthesis';
import { cachedTokens, callerAudioTokens, contextTokens, textTokens, type TokenCounts } from './usage';
import { EnergyVad } from './vad';

/** The socket a session talks through. */
export interface SessionConnection {
  /** Sends one text frame; a no-op once the socket is closed. */
  send(text: string): void;
  /** The session cannot go on (its plan threw, or a bug): end this connection. Called once; the session is closed by then. */
  fault(error: unknown): void;
}

/** Everything a test may want to inspect about one connection (`simulator.sessions[i]`). */
export interface SessionRecord {
  /** The effective session config, replaced on every accepted `session.update`. */
  config: SessionConfig;
  /** Every client message that was a JSON object, in order, valid or not. */
  clientEvents: ReceivedClientEvent[];
  callerUtterances: CallerUtteranceRecord[];
  truncations: TruncationRecord[];
  functionCallOutputs: FunctionCallOutputRecord[];
  responses: ResponseRecord[];
  /** The `error` events sent to the client. */
  errors: Array<RealtimeErrorDetails | ServerFault>;
  closed: boolean;
  /** Why the session failed, if it did (see {@link SessionConnection.fault}). */
  fault?: string;
}

export interface CallerUtteranceRecord {
  itemId: string;
  audioStartMs: number;
  audioEndMs: number;
  transcript: string;
}

export interface TruncationRecord {
  itemId: string;
  contentIndex: number;
  audioEndMs: number;
  generatedMs: number;
  /** The item's transcript after the unheard part was dropped. */
  heardTranscript: string;
}

export interface FunctionCallOutputRecord {
  callId: string;
  name: string;
  output: string;
}

/** How long the simulated server takes to answer a connection and a `session.update`. */
export interface ServerLatency {
  /** From the WebSocket upgrade request to the handshake's answer. */
  connectMs: number;
  /** From `session.update` to `session.updated` (later events are handled meanwhile, in order). */
  sessionUpdatedMs: number;
}

export interface SessionOptions {
  model: string;
  /** Default 0: `session.updated` at once. */
  sessionUpdatedMs?: number;
  /** Chooses this connection's plan, once the first caller utterance or unquoted response needs it. */
  plan: PlanFactory;
  timing: SpeechTiming;
  /** The session config carried by the ephemeral key the client connected with. */
  initialSession?: SessionUpdate;
  /** Asked as each response starts: a fault it must fail with instead (see RealtimeSimulator.failResponses). */
  responseFault?: () => ServerFault | undefined;
}

const MIN_COMMIT_MS = 100;

/** One Realtime connection: session config, input audio buffer with VAD, conversation and responses. */
export class RealtimeSession {
  readonly record: SessionRecord;
  private readonly conversation = new Conversation();
  private readonly conversationId = newId('conv');
  private plan: ConversationPlan | undefined;
  private readonly vad = new EnergyVad();
  private inputBufferStartMs = 0;
  private utteranceInProgress: { itemId: string; audioStartMs: number } | undefined;
  private activeResponse: ResponseRun | undefined;
  private previousInputTokens: TokenCounts | undefined;

  constructor(
    private readonly connection: SessionConnection,
    private readonly options: SessionOptions,
  ) {
    const defaults = defaultSessionConfig(options.initialSession?.model ?? options.model);
    const config = options.initialSession ? mergeSessionConfig(defaults, options.initialSession) : defaults;
    this.record = { config, clientEvents: [], callerUtterances: [], truncations: [], functionCallOutputs: [], responses: [], errors: [], closed: false };
  }

  private get config(): SessionConfig {
    return this.record.config;
  }

  open(): void {
    this.send({ type: 'session.created', session: wireSession(this.config) });
  }

  receive(text: string): void {
    if (this.record.closed) return;
    try {
      const parsed = parseClientEvent(text);
      if (parsed.received) this.record.clientEvents.push(parsed.received);
      if (!parsed.ok) return this.sendError(parsed.error, parsed.eventId);
      const error = this.handle(parsed.event);
      if (error) this.sendError(error, parsed.event.event_id);
    } catch (error) {
      this.fail(error);
    }
  }

  /** An `error` event the server raises on its own, e.g. a `server_error`; the session stays open. */
  raise(fault: ServerFault): void {
    if (this.record.closed) return;
    this.record.errors.push(fault);
    this.send({ type: 'error', error: { ...fault, event_id: null } });
  }

  connectionClosed(): void {
    this.record.closed = true;
    this.activeResponse?.abandon();
    this.activeResponse = undefined;
  }

  /** Whatever went wrong ends this connection only. */
  private fail(error: unknown): void {
    if (this.record.closed) return;
    this.record.fault = error instanceof Error ? error.message : String(error);
    this.connectionClosed();
    this.connection.fault(error);
  }

  /** The plan is chosen when first needed: by then the client's session.update has said who is calling. */
  private currentPlan(): ConversationPlan {
    this.plan ??= this.options.plan({ instructions: this.config.instructions, toolNames: this.config.tools.map((tool) => tool.name) });
    return this.plan;
  }

  /** Handles a valid client event; returns the error to report, if any. */
  private handle(event: ClientEvent): RealtimeErrorDetails | undefined {
    switch (event.type) {
      case 'session.update':
        return this.updateSession(event.session);
      case 'input_audio_buffer.append':
        return this.appendAudio(Buffer.from(event.audio, 'base64'));
      case 'input_audio_buffer.commit':
        return this.commitInputBuffer();
      case 'input_audio_buffer.clear':
        return this.clearInputBuffer();
      case 'conversation.item.create':
        return this.createItem(event.item, event.previous_item_id);
      case 'conversation.item.truncate':
        return this.truncate(event.item_id, event.content_index, event.audio_end_ms);
      case 'conversation.item.delete':
        return this.deleteItem(event.item_id);
      case 'response.create':
        return this.createResponse(event.response);
      case 'response.cancel':
        return this.cancelResponse(event.response_id);
    }
  }

  private updateSession(update: SessionUpdate): RealtimeErrorDetails | undefined {
    if (update.model !== undefined && update.model !== this.config.model) {
      return invalidRequest('invalid_value', 'The model of a session cannot be changed.', 'session.model');
    }
    const voice = update.audio?.output?.voice;
    if (voice !== undefined && JSON.stringify(voice) !== JSON.stringify(this.config.audio.output.voice) && this.conversation.hasAssistantAudio()) {
      return invalidRequest('cannot_update_voice', "Cannot update a conversation's voice if assistant audio is present.", 'session.audio.output.voice');
    }
    this.record.config = mergeSessionConfig(this.config, update);
    const updated = { type: 'session.updated', session: wireSession(this.config) } as const;
    const delayMs = this.options.sessionUpdatedMs ?? 0;
    if (delayMs > 0) setTimeout(() => this.record.closed || this.send(updated), delayMs);
    else this.send(updated);
  }

  private appendAudio(audio: Buffer): RealtimeErrorDetails | undefined {
    if (this.config.audio.input.format.type !== 'audio/pcmu') return unsupportedFormat('audio.input.format');
    const turnDetection = this.config.audio.input.turn_detection;
    for (const vadEvent of this.vad.push(audio, vadSettingsOf(turnDetection), this.inputBufferStartMs)) {
      if (vadEvent.type === 'speech_started') {
        const itemId = newId('item');
        this.utteranceInProgress = { itemId, audioStartMs: vadEvent.audioStartMs };
        this.send({ type: 'input_audio_buffer.speech_started', audio_start_ms: vadEvent.audioStartMs, item_id: itemId });
        if (turnDetection?.interrupt_response) this.activeResponse?.cancel('turn_detected');
      } else if (this.utteranceInProgress) {
        const { itemId, audioStartMs } = this.utteranceInProgress;
        this.send({ type: 'input_audio_buffer.speech_stopped', audio_end_ms: vadEvent.audioEndMs, item_id: itemId });
        this.commitCallerAudio(itemId, audioStartMs, vadEvent.audioEndMs);
        const refused = turnDetection?.create_response && !this.activeResponse && this.startResponse('turn_detection');
        if (refused) return refused;
      }
    }
  }

  private commitInputBuffer(): RealtimeErrorDetails | undefined {
    const bufferedMs = this.vad.clockMs - this.inputBufferStartMs;
    if (bufferedMs < MIN_COMMIT_MS) {
      return invalidRequest(
        'input_audio_buffer_commit_empty',
        `Error committing input audio buffer: buffer too small. Expected at least ${MIN_COMMIT_MS}ms of audio, but buffer only has ${bufferedMs.toFixed(2)}ms of audio.`,
      );
    }
    const itemId = this.utteranceInProgress?.itemId ?? newId('item');
    this.vad.reset();
    this.commitCallerAudio(itemId, this.inputBufferStartMs, this.vad.clockMs);
  }

  private clearInputBuffer(): undefined {
    this.inputBufferStartMs = this.vad.clockMs;
    this.vad.reset();
    this.utteranceInProgress = undefined;
    this.send({ type: 'input_audio_buffer.cleared' });
  }

  /** The caller said something: it becomes a user item whose transcript comes from the plan. */
  private commitCallerAudio(itemId: string, audioStartMs: number, audioEndMs: number): void {
    this.utteranceInProgress = undefined;
    this.inputBufferStartMs = audioEndMs;
    const transcript = this.currentPlan().nextCallerTranscript(audioEndMs - audioStartMs);
    const entry: ConversationEntry = { kind: 'caller_audio', id: itemId, audioMs: audioEndMs - audioStartMs, transcript };
    const previousItemId = this.conversation.add(entry);
    this.record.callerUtterances.push({ itemId, audioStartMs, audioEndMs, transcript });
    this.send({ type: 'input_audio_buffer.committed', item_id: itemId, previous_item_id: previousItemId });
    this.send({ type: 'conversation.item.added', previous_item_id: previousItemId, item: wireItem(entry) });
    this.send({ type: 'conversation.item.done', previous_item_id: previousItemId, item: wireItem(entry) });
    const transcription = this.config.audio.input.transcription;
    if (!transcription) return;
    const audioTokens = callerAudioTokens(audioEndMs - audioStartMs);
    const outputTokens = textTokens(transcript);
    this.send({
      type: 'conversation.item.input_audio_transcription.completed',
      item_id: itemId,
      content_index: 0,
      transcript,
      usage:
        transcription.model === 'whisper-1'
          ? { type: 'duration', seconds: (audioEndMs - audioStartMs) / 1000 }
          : {
              type: 'tokens',
              input_tokens: audioTokens,
              output_tokens: outputTokens,
              total_tokens: audioTokens + outputTokens,
              input_token_details: { audio_tokens: audioTokens, text_tokens: 0 },
            },
    });
  }

  private createItem(item: ClientItem, previousItemId: string | null | undefined): RealtimeErrorDetails | undefined {
    if (previousItemId && !this.conversation.find(previousItemId)) return itemNotFound(previousItemId, 'previous_item_id');
    const id = item.id ?? newId('item');
    let entry: ConversationEntry;
    switch (item.type) {
      case 'message': {
        const text = item.content.map((part) => ('text' in part ? part.text : 'transcript' in part ? (part.transcript ?? '') : '')).join(' ');
        entry = { kind: 'text', id, role: item.role, text };
        break;
      }
      case 'function_call':
        entry = { kind: 'function_call', id, callId: item.call_id, name: item.name, arguments: item.arguments };
        break;
      case 'function_call_output': {
        const call = this.conversation.functionCall(item.call_id);
        if (!call) {
          return invalidRequest('invalid_value', `Tool call with call_id '${item.call_id}' not found in the conversation.`, 'item.call_id');
        }
        entry = { kind: 'function_call_output', id, callId: item.call_id, output: item.output };
        this.record.functionCallOutputs.push({ callId: item.call_id, name: call.name, output: item.output });
        break;
      }
    }
    const previous = this.conversation.add(entry, previousItemId);
    this.send({ type: 'conversation.item.added', previous_item_id: previous, item: wireItem(entry) });
    this.send({ type: 'conversation.item.done', previous_item_id: previous, item: wireItem(entry) });
  }

  private deleteItem(itemId: string): RealtimeErrorDetails | undefined {
    if (!this.conversation.delete(itemId)) return itemNotFound(itemId);
    this.send({ type: 'conversation.item.deleted', item_id: itemId });
  }

  private truncate(itemId: string, contentIndex: number, audioEndMs: number): RealtimeErrorDetails | undefined {
    const entry = this.conversation.find(itemId);
    if (!entry) return itemNotFound(itemId);
    if (entry.kind !== 'assistant_audio') {
      return invalidRequest('invalid_value', `Item '${itemId}' is not an assistant message with audio.`, 'item_id');
    }
    if (contentIndex !== 0) return invalidRequest('invalid_value', `Item '${itemId}' has no content at index ${contentIndex}.`, 'content_index');
    if (audioEndMs > entry.generatedMs) {
      return invalidRequest('invalid_value', `Audio content of ${entry.generatedMs}ms is already shorter than ${audioEndMs}ms`, 'audio_end_ms');
    }
    entry.truncatedAtMs = audioEndMs;
    this.record.truncations.push({ itemId, contentIndex, audioEndMs, generatedMs: entry.generatedMs, heardTranscript: heardTranscript(entry) });
    this.send({ type: 'conversation.item.truncated', item_id: itemId, content_index: contentIndex, audio_end_ms: audioEndMs });
  }

  private createResponse(params: ResponseParams | undefined): RealtimeErrorDetails | undefined {
    if (this.activeResponse) {
      return invalidRequest(
        'conversation_already_has_active_response',
        `Conversation already has an active response in progress: ${this.activeResponse.id}. Wait until the response is finished before creating a new one.`,
      );
    }
    return this.startResponse('response.create', params);
  }

  private cancelResponse(responseId: string | undefined): RealtimeErrorDetails | undefined {
    if (!this.activeResponse || (responseId && responseId !== this.activeResponse.id)) {
      return invalidRequest('response_cancel_not_active', 'Cancellation failed: no active response found');
    }
    this.activeResponse.cancel('client_cancelled');
  }

  private startResponse(trigger: ResponseRecord['trigger'], params?: ResponseParams): RealtimeErrorDetails | undefined {
    const gap = this.simulationGap(params);
    if (gap) return gap;
    const instructions = params?.instructions ?? this.config.instructions;
    const tools = params?.tools ?? this.config.tools;
    const inputTokens = contextTokens(`${instructions} ${tools.length ? JSON.stringify(tools) : ''}`, this.conversation.all);
    const cached = cachedTokens(this.previousInputTokens, inputTokens);
    this.previousInputTokens = inputTokens;
    const run = new ResponseRun(
      {
        send: (event) => this.send(event),
        addItem: (entry) => this.conversation.add(entry),
        finished: (finished) => {
          if (this.activeResponse === finished) this.activeResponse = undefined;
        },
      },
      this.planResponse(params),
      {
        trigger,
        instructions: params?.instructions,
        conversationId: this.conversationId,
        timing: this.options.timing,
        audioOutput: { format: this.config.audio.output.format, voice: params?.audio?.output?.voice ?? this.config.audio.output.voice },
        metadata: params?.metadata ?? null,
        maxOutputTokens: params?.max_output_tokens ?? this.config.max_output_tokens,
        inputTokens,
        cachedTokens: cached,
      },
    );
    this.activeResponse = run;
    this.record.responses.push(run.record);
    run.run().catch((error: unknown) => this.fail(error));
  }

  /** An injected fault fails the response; a quoted passage in its instructions is said verbatim; otherwise the plan decides. */
  private planResponse(params: ResponseParams | undefined): ResponsePlan {
    const fault = this.options.responseFault?.();
    if (fault) return { failure: fault };
    const quoted = quotedText(params?.instructions);
    const reply = quoted !== undefined ? { say: quoted } : this.currentPlan().nextReply(this.conversation.scriptContext());
    const speech = reply.say ? synthesizeSpeech(reply.say, this.options.timing.msPerWord) : undefined;
    if (!reply.call) return { speech };
    const toolName = reply.call.name;
    if (!(params?.tools ?? this.config.tools).some((tool) => tool.name === toolName)) {
      return {
        failure: invalidRequest('simulator_undeclared_tool', `The plan calls '${toolName}', but the session does not declare that tool.`),
      };
    }
    return { speech, toolCall: { name: toolName, arguments: JSON.stringify(reply.call.arguments) } };
  }

  /** Responses the simulator cannot play faithfully are refused loudly rather than faked. */
  private simulationGap(params: ResponseParams | undefined): RealtimeErrorDetails | undefined {
    const format = params?.audio?.output?.format ?? this.config.audio.output.format;
    if (format.type !== 'audio/pcmu') return unsupportedFormat('audio.output.format');
    if ((params?.output_modalities ?? this.config.output_modalities)[0] !== 'audio') {
      return invalidRequest('simulator_unsupported', 'RealtimeSimulator only simulates audio responses (output_modalities ["audio"]).');
    }
    if (params?.conversation === 'none') {
      return invalidRequest('simulator_unsupported', 'RealtimeSimulator does not simulate out-of-band responses (conversation "none").');
    }
    return undefined;
  }

  private sendError(error: RealtimeErrorDetails, clientEventId: string | undefined): void {
    this.record.errors.push(error);
    this.send({ type: 'error', error: { ...error, event_id: clientEventId ?? null } });
  }

  private send(event: ServerEventPayload): void {
    this.connection.send(JSON.stringify({ event_id: newId('event'), ...event }));
  }
}

function itemNotFound(itemId: string, param = 'item_id'): RealtimeErrorDetails {
  return invalidRequest('item_not_found', `Item with id '${itemId}' not found in the conversation.`, param);
}

function unsupportedFormat(param: string): RealtimeErrorDetails {
  return invalidRequest(
    'simulator_unsupported',
    `RealtimeSimulator only simulates audio/pcmu: send session.update with ${param} {type:'audio/pcmu'} first.`,
    `session.${param}`,
  );
}
