import type {
  ConversationItem,
  RealtimeClientEvent,
  RealtimeError,
  RealtimeResponse,
  RealtimeServerEvent,
  RealtimeSessionCreateRequest,
} from 'openai/resources/realtime/realtime';
import type { RealtimeSession, RealtimeSessionEvents, ResponsePurpose, SessionSettings } from '../realtime-session';
import { lateToolResultNote, textItem, toolOutputItem } from './conversation-items';
import { ConversationReplay } from './conversation-replay';
import { RealtimeSocket, type OpenAIRealtimeSettings } from './realtime-socket';
import { ResponseQueue, type ResponseRequest } from './response-queue';
import { classifyFailure } from './server-failures';
import { sessionUpdateBody } from './session-update';
import { tokenUsage } from './token-usage';
import { storableText } from '../../../text/src/storable-text';

/** Realtime errors that need no action (the server had already cancelled the response). */
const BENIGN_ERRORS = new Set(['response_cancel_not_active']);

/** New connections after a drop (or a server_error) before the session counts as lost. */
const RECONNECTS = 1;
/** Rate-limited responses asked for again in a row before the session counts as lost: a caller is waiting in silence. */
const RATE_LIMIT_RETRIES = 2;
/** Longer than this, a person takes the call rather than the caller waiting for the model. */
const RATE_LIMIT_MAX_WAIT_MS = 5_000;
/** The wait when the server names none, doubled for each retry in a row. */
const RATE_LIMIT_FIRST_WAIT_MS = 1_000;

/**
 * `live`: configured (its `session.update` sent) and taking audio, items and
 * responses; `connecting`: waiting for a socket, and after a drop also for its
 * `session.updated`.
 */
type Phase = 'connecting' | 'live' | 'closed';

/**
 * A `RealtimeSession` on the OpenAI Realtime API (GA): one WebSocket at a
 * time. Configuring it is `session.update` answered by `session.updated`;
 * after a drop, or a `server_error` (an `error` event, or a response that
 * failed with one), a new socket gets the same `session.update`, then the
 * conversation so far as text items, then what the lost one still owed. A
 * rate-limited response is asked for again after the wait the server names.
 */
export class OpenAIRealtimeSession implements RealtimeSession {
  private phase: Phase = 'connecting';
  private socket: RealtimeSocket | undefined;
  /** Bumped for every socket; function calls remember the socket they came from. */
  private connection = 0;
  private reconnectsLeft = RECONNECTS;
  private reconnecting = false;
  /** What the lost connection still owed the caller, asked for once the new one is live. */
  private owed: ResponseRequest[] = [];
  private rateLimitedInARow = 0;
  private sessionBody: RealtimeSessionCreateRequest | undefined;
  /** The `session.update` sent on the current socket, until `session.updated` answers it. */
  private updateEventId: string | undefined;
  /** The `configure` call waiting for the first `session.updated`. */
  private configuring: { resolve(): void; reject(error: Error): void } | undefined;
  private readonly opening: Promise<RealtimeSocket>;
  private readonly replay = new ConversationReplay();
  private readonly functionCalls = new Map<string, number>();
  private readonly responses = new ResponseQueue((event) => this.socket?.send(event));

  constructor(
    private readonly settings: OpenAIRealtimeSettings,
    private readonly events: RealtimeSessionEvents,
  ) {
    this.opening = this.connect();
    // A failure to connect is reported by `configure`; until then it is not an unhandled rejection.
    this.opening.catch(() => undefined);
  }

  get activeResponseId(): string | undefined {
    return this.responses.activeResponseId;
  }

  async configure(settings: SessionSettings): Promise<void> {
    const session = sessionUpdateBody(settings);
    this.sessionBody = session;
    const socket = await this.opening;
    if (this.phase === 'closed') throw new Error('Realtime session closed');
    return new Promise((resolve, reject) => {
      this.configuring = { resolve, reject };
      this.setUp(socket, session);
    });
  }

  sendAudio(payload: string): boolean {
    if (this.phase !== 'live') return false;
    this.socket?.appendAudio(payload);
    return true;
  }

  addText(role: 'user' | 'assistant', text: string): void {
    // What the agent said is part of the conversation a new connection is given.
    if (role === 'assistant') this.replay.said('agent', text);
    if (role === 'assistant' && this.phase !== 'live') return;
    this.addItem(textItem(role, text));
  }

  sendToolResult(call: { callId: string; name: string }, output: string): void {
    const fromThisSocket = this.functionCalls.get(call.callId) === this.connection;
    if (!fromThisSocket) return this.addItem(lateToolResultNote(call.name, output));
    // A new connection would not have the call: it is told the result as a note.
    this.replay.record(lateToolResultNote(call.name, output));
    this.addItem(toolOutputItem(call.callId, output));
  }

  requestResponse(purpose: ResponsePurpose, instructions?: string): void {
    if (this.phase !== 'closed') this.responses.request(purpose, instructions);
  }

  withdrawResponse(purpose: ResponsePurpose): void {
    this.responses.withdraw(purpose);
  }

  cancelResponse(responseId: string): void {
    this.sendLive({ type: 'response.cancel', response_id: responseId });
  }

  truncate(itemId: string, heardMs: number): void {
    this.sendLive({ type: 'conversation.item.truncate', item_id: itemId, content_index: 0, audio_end_ms: heardMs });
  }

  close(): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    this.socket?.close();
    this.socket = undefined;
    this.takeConfiguring()?.reject(new Error('Realtime session closed'));
  }

  private async connect(): Promise<RealtimeSocket> {
    const connection = ++this.connection;
    const isCurrent = () => connection === this.connection && this.phase !== 'closed';
    const socket = await RealtimeSocket.open(this.settings, {
      onEvent: (event, receivedAt) => {
        if (isCurrent()) this.receive(event, receivedAt);
      },
      onLost: (detail) => {
        if (isCurrent()) this.connectionLost(detail);
      },
    });
    if (this.phase === 'closed') {
      socket.close();
      throw new Error('Realtime session closed');
    }
    this.socket = socket;
    return socket;
  }

  /**
   * Sends `session.update` on `socket`. The server applies a socket's events
   * in order, so the first connection is live right behind it: the greeting
   * need not wait for `session.updated`. After a drop, the conversation so far
   * waits for `session.updated`, so a refused update does not take it.
   */
  private setUp(socket: RealtimeSocket, session: RealtimeSessionCreateRequest): void {
    if (!socket.isOpen) return this.connectionLost('closed before the session was configured');
    this.updateEventId = `switchboard_session_${this.connection}`;
    socket.send({ type: 'session.update', event_id: this.updateEventId, session });
    if (!this.reconnecting) this.goLive();
  }

  private receive(event: RealtimeServerEvent, receivedAt: bigint): void {
    try {
      this.dispatch(event, receivedAt);
    } catch (error) {
      this.events.error({ message: `handling ${event.type} failed`, cause: error });
    }
  }

  private dispatch(event: RealtimeServerEvent, receivedAt: bigint): void {
    switch (event.type) {
      case 'response.output_audio.delta':
        // The delta goes to the caller as it is: anything but base64 text is not audio.
        if (typeof event.delta !== 'string') throw new Error('audio delta without base64 audio');
        return this.events.agentAudio(event.delta, event.item_id, event.response_id, receivedAt);
      case 'input_audio_buffer.speech_started':
        return this.events.speechStarted(receivedAt);
      case 'session.updated':
        return this.sessionUpdated();
      case 'response.created':
        if (event.response.id) this.responses.responseCreated(event.response.id);
        return;
      case 'response.done':
        return this.responseDone(event.response);
      case 'conversation.item.input_audio_transcription.completed':
        return this.transcript('caller', event.transcript);
      case 'response.output_audio_transcript.done':
        return this.transcript('agent', event.transcript);
      // Both announce a function call: the first one counts.
      case 'response.function_call_arguments.done':
        return this.functionCall(event.call_id, event.name, event.arguments);
      case 'response.output_item.done':
        if (event.item.type === 'function_call' && event.item.call_id && event.item.name) {
          this.functionCall(event.item.call_id, event.item.name, event.item.arguments ?? '');
        }
        return;
      case 'error':
        return this.serverError(event.error);
    }
  }

  /** The backend accepted the session: `configure` resolves, and a new connection after a drop goes live. */
  private sessionUpdated(): void {
    if (this.updateEventId === undefined) return;
    this.updateEventId = undefined;
    const restored = this.reconnecting;
    if (restored) this.goLive();
    this.takeConfiguring()?.resolve();
    if (restored) this.events.restored();
  }

  /** First (after a drop) the conversation so far, then whatever waited for a connection. */
  private goLive(): void {
    this.phase = 'live';
    const restored = this.reconnecting;
    this.reconnecting = false;
    const { items, owesReply } = this.replay.take();
    for (const item of items) this.sendLive({ type: 'conversation.item.create', item });
    for (const request of this.owed.splice(0)) this.responses.request(request.purpose, request.instructions);
    if (restored && owesReply) this.responses.request('reply');
    this.responses.resume();
  }

  private responseDone(response: RealtimeResponse): void {
    if (response.usage) this.events.usage(tokenUsage(response.usage));
    if (!response.id) return;
    const request = this.responses.requestBehind(response.id);
    this.responses.responseDone(response.id);
    this.events.responseDone(response.id);
    if (response.status === 'failed') this.responseFailed(request, response.status_details?.error);
    else if (response.status === 'completed') this.rateLimitedInARow = 0;
  }

  /**
   * A response the server could not generate: a server error restarts the
   * connection, a rate limit asks again later, a spent quota loses the session
   * (a person takes the caller rather than silence).
   */
  private responseFailed(request: ResponseRequest | undefined, error: { type?: string; code?: string; message?: string } | undefined): void {
    const failure = classifyFailure(error);
    const message = error?.message ?? error?.type ?? 'no details';
    if (failure.kind === 'server_error') return this.restart(`response failed with server_error: ${message}`, request);
    if (failure.kind === 'unrecoverable') return this.fail(`response failed with ${error?.code}: ${message}`);
    if (failure.kind === 'rate_limited') return this.rateLimited(request, { message, code: error?.code }, failure.waitMs);
    this.events.error({ message: `response failed: ${message}`, code: error?.code });
  }

  /** Kept in the call's history and written to PostgreSQL: the text is made storable first. */
  private transcript(role: 'caller' | 'agent', text: string): void {
    const trimmed = storableText(text).trim();
    if (!trimmed) return;
    this.replay.said(role, trimmed);
    this.events.transcript(role, trimmed);
  }

  private functionCall(callId: string, name: string, rawArguments: string): void {
    if (this.functionCalls.has(callId)) return;
    this.functionCalls.set(callId, this.connection);
    this.events.functionCall(callId, name, rawArguments);
  }

  private serverError(error: RealtimeError): void {
    // Another socket would be refused the same settings.
    if (this.updateEventId !== undefined && error.event_id === this.updateEventId) return this.fail(`session.update refused: ${error.message}`);
    const code = error.code ?? undefined;
    const failure = classifyFailure(error);
    if (failure.kind === 'server_error') return this.restart(`server_error: ${error.message}`);
    if (failure.kind === 'unrecoverable') return this.fail(`${code}: ${error.message}`);
    const refused = this.responses.requestFailed(error.event_id, code);
    if (refused && failure.kind === 'rate_limited') return this.rateLimited(refused, { message: error.message, code }, failure.waitMs);
    if (refused) return this.events.error({ message: `response.create refused: ${error.message}`, code });
    if (code && BENIGN_ERRORS.has(code)) return;
    this.events.error({ message: error.message, code });
  }

  /**
   * The response is asked for again after the wait the server names (or a
   * doubling one), a few times in a row; after that, or when the server
   * asks for longer than a caller can wait, the session is lost.
   */
  private rateLimited(request: ResponseRequest | undefined, { message, code }: { message: string; code?: string }, namedWaitMs: number | undefined): void {
    const waitMs = namedWaitMs ?? RATE_LIMIT_FIRST_WAIT_MS * 2 ** this.rateLimitedInARow;
    if (this.rateLimitedInARow === RATE_LIMIT_RETRIES || waitMs > RATE_LIMIT_MAX_WAIT_MS) return this.fail(`rate limited: ${message}`);
    this.rateLimitedInARow++;
    this.events.error({ message: `rate limited, asking again in ${waitMs} ms: ${message}`, code });
    // A filler's moment has passed by then.
    if (!request || request.purpose === 'filler') return;
    const connection = this.connection;
    setTimeout(() => {
      if (connection === this.connection && this.phase === 'live') this.responses.request(request.purpose, request.instructions);
    }, waitMs);
  }

  /** The server failed this connection's work: a new one, as after a drop, which is also asked for the response that failed. */
  private restart(detail: string, failed?: ResponseRequest): void {
    this.socket?.close();
    this.connectionLost(detail);
    if (failed && failed.purpose !== 'filler' && this.phase !== 'closed') this.owed.unshift(failed);
  }

  /** A live session sends the item now; otherwise the next connection gets it. */
  private addItem(item: ConversationItem): void {
    if (this.phase === 'live') this.sendLive({ type: 'conversation.item.create', item });
    else if (this.phase !== 'closed') this.replay.hold(item);
  }

  private sendLive(event: RealtimeClientEvent): void {
    if (this.phase === 'live') this.socket?.send(event);
  }

  /**
   * A socket dropped: a new one, configured as the last one was; the
   * conversation is restored once it is live. Before `configure` there is
   * nothing to configure it with: `configure` finds the socket closed.
   */
  private connectionLost(detail: string): void {
    this.socket = undefined;
    this.updateEventId = undefined;
    const session = this.sessionBody;
    if (!session) return;
    if (this.reconnectsLeft === 0) return this.fail(`Realtime lost again: ${detail}`);
    this.reconnectsLeft--;
    this.reconnecting = true;
    this.phase = 'connecting';
    this.owed = this.responses.reset();
    this.events.reconnecting(detail);
    this.connect().then(
      (socket) => this.setUp(socket, session),
      (error: Error) => this.fail(`Realtime reconnect failed: ${error.message}`),
    );
  }

  /** Gone for good: a `configure` still waiting is refused, otherwise the session is lost. */
  private fail(detail: string): void {
    if (this.phase === 'closed') return;
    const configuring = this.takeConfiguring();
    this.close();
    if (configuring) configuring.reject(new Error(detail));
    else this.events.lost(detail);
  }

  private takeConfiguring(): { resolve(): void; reject(error: Error): void } | undefined {
    const configuring = this.configuring;
    this.configuring = undefined;
    return configuring;
  }
}
