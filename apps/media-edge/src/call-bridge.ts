import type {
  RealtimeError,
  RealtimeResponse,
  RealtimeServerEvent,
  ResponseAudioDeltaEvent,
} from 'openai/resources/realtime/realtime';
import type { Logger } from 'pino';
import type { TranscriptTurn } from '../../../libs/calls/src';
import type { PrismaClient } from '../../../libs/db/src/prisma';
import type { CallsClient } from '../../../libs/temporal/src/calls-client';
import { handOverToPerson } from './agent-failover';
import { loadAgentProfile, type AgentProfile } from './agent-profile';
import { CallRecording } from './call-recording';
import { CallSignals } from './call-signals';
import { CloseCode, type CallerLeg } from './caller-leg';
import { secondsSince, type MediaEdgeMetrics } from './metrics';
import { PlayoutTracker } from './playout-tracker';
import { RealtimeConnection, type RealtimeSettings } from './realtime-connection';
import { ResponseQueue } from './response-queue';
import {
  conversationReplay,
  FILLER_RESPONSE,
  greetingResponse,
  keypadNote,
  lateToolResultNote,
  sessionConfig,
} from './session-setup';
import { ToolRunner } from './tool-runner';

/** What every bridge of a media-edge shares. */
export interface BridgeServices {
  calls: CallsClient;
  db: PrismaClient;
  realtime: RealtimeSettings;
  recordingsDir: string;
  metrics: MediaEdgeMetrics;
  log: Logger;
}

export interface BridgedCall {
  callSid: string;
  tenantId: string;
  /** Twilio's stream id; browser calls have none. */
  streamSid?: string;
  leg: CallerLeg;
}

/** What to do once a new Realtime session has accepted its config. */
type SessionStart = 'greet' | 'restore';

/** Realtime errors that need no action (the server had already cancelled the response). */
const BENIGN_ERRORS = new Set(['response_cancel_not_active']);

/** How long a hang-up waits for tool Updates still running before telling the workflow the caller is gone. */
const TOOL_SETTLE_LIMIT_MS = 30_000;

/**
 * One live call: the caller's leg on one side, an OpenAI Realtime session on
 * the other. Forwards audio both ways, handles barge-in, runs the model's
 * function calls as `runTool` Updates and reports transcripts, keypresses and
 * usage to the call's workflow. Transport-agnostic: the leg speaks μ-law.
 */
export class CallBridge {
  readonly ended: Promise<void>;
  private markEnded!: () => void;
  private endReason: string | undefined;
  private profile: AgentProfile | undefined;
  private realtime: RealtimeConnection | undefined;
  private sessionStart: SessionStart | undefined;
  private sessionUpdateEventId: string | undefined;
  /** Bumped for every Realtime session; tool calls remember the session they came from. */
  private session = 0;
  private reconnected = false;
  /** The model called `end_call`: hang up once the caller has heard the rest. */
  private hangUpWhenQuiet = false;
  private recording: CallRecording | undefined;
  private readonly transcript: TranscriptTurn[] = [];
  private readonly responses = new ResponseQueue((event) => this.realtime?.send(event));
  private readonly playout = new PlayoutTracker();
  /** Responses being cancelled by a barge-in: their late audio deltas are dropped. */
  private readonly droppedResponses = new Set<string>();
  private readonly toolCallSessions = new Map<string, number>();
  /** Results of tool calls whose session is gone, waiting for the restored one. */
  private readonly lateToolResults: Array<{ name: string; output: string }> = [];
  private readonly tools: ToolRunner;
  private readonly signals: CallSignals;
  private readonly log: Logger;
  private readonly metrics: MediaEdgeMetrics;
  private readonly framesIn;
  private readonly framesOut;
  private readonly forwardedToRealtime;
  private readonly forwardedToCaller;

  constructor(
    private readonly services: BridgeServices,
    private readonly call: BridgedCall,
  ) {
    this.ended = new Promise((resolve) => (this.markEnded = resolve));
    this.metrics = services.metrics;
    this.log = services.log.child({ callSid: call.callSid, tenantId: call.tenantId, transport: call.leg.transport });
    this.signals = new CallSignals(services.calls.handle(call.callSid), this.log);
    this.tools = new ToolRunner({
      requestTool: (toolCallId, name, args) => services.calls.runTool(call.callSid, toolCallId, name, args),
      deliver: (toolCall, output, othersRunning) => this.deliverToolResult(toolCall, output, othersRunning),
      sayFiller: () => this.responses.request('filler', FILLER_RESPONSE),
      metrics: this.metrics,
      log: this.log,
    });
    // Labelled children once per call, so the per-frame path does no label lookups.
    this.framesIn = this.metrics.framesIn.labels(call.leg.transport);
    this.framesOut = this.metrics.framesOut.labels(call.leg.transport);
    this.forwardedToRealtime = this.metrics.forwardingSeconds.labels('to_realtime');
    this.forwardedToCaller = this.metrics.forwardingSeconds.labels('to_caller');
    this.metrics.activeCalls.inc();
  }

  /**
   * Loads the agent and opens the Realtime socket at the same time (the
   * caller is waiting for the greeting), tells the workflow the media is
   * connected, then configures the session.
   */
  async start(): Promise<void> {
    const connecting = this.openRealtime();
    // Its failure is handled once the profile is in; meanwhile it must not count as an unhandled rejection.
    connecting.catch(() => undefined);
    const discardConnection = () => void connecting.then((connection) => connection.close(), () => undefined);
    try {
      this.profile = await loadAgentProfile(this.services.db, this.services.calls, this.call.callSid, this.call.tenantId);
    } catch (error) {
      this.log.error({ err: error }, 'no call to bridge: closing the stream');
      discardConnection();
      this.metrics.rejectedStreams.inc({ reason: 'unknown_call' });
      this.call.leg.close(CloseCode.internalError, 'call setup failed');
      return this.end('setup_failed');
    }
    if (this.endReason !== undefined) return discardConnection();
    this.signals.mediaConnected(this.call.streamSid);
    if (this.profile.recordingEnabled) this.recording = new CallRecording(this.services.recordingsDir, this.call.callSid, this.log);
    try {
      this.useSession(await connecting, 'greet');
    } catch (error) {
      await this.failOver((error as Error).message);
    }
  }

  /** Caller audio, base64 μ-law 8 kHz; `receivedAt` is when its frame arrived. */
  callerAudio(payload: string, receivedAt: bigint): void {
    this.framesIn.inc();
    const realtime = this.realtime;
    if (!realtime) return;
    realtime.send({ type: 'input_audio_buffer.append', audio: payload });
    this.forwardedToRealtime.observe(secondsSince(receivedAt));
    this.recording?.caller(payload);
  }

  markPlayed(name: string): void {
    this.playout.played(name);
    this.hangUpIfQuiet();
  }

  /** A keypress goes to the workflow and, as text, to the model, so spoken menus work. */
  dtmf(digit: string): void {
    this.signals.dtmf(digit);
    if (!this.realtime) return;
    this.realtime.send({ type: 'conversation.item.create', item: keypadNote(digit) });
    this.responses.request('reply');
  }

  /**
   * The call is over for this bridge (idempotent; the first reason wins).
   * Tool Updates already sent keep running in the workflow: the disconnect
   * signal waits for them so the workflow still awaits their handlers.
   */
  async end(reason: string): Promise<void> {
    if (this.endReason !== undefined) return this.ended;
    this.endReason = reason;
    this.log.info({ reason }, 'call bridge ended');
    this.realtime?.close();
    this.realtime = undefined;
    this.tools.stop();
    this.metrics.activeCalls.dec();
    await Promise.all([this.recording?.close(), this.tools.settled(TOOL_SETTLE_LIMIT_MS)]);
    await this.signals.mediaDisconnected(this.call.streamSid, reason);
    this.markEnded();
  }

  /** The media-edge is stopping: hang up the stream and end. */
  shutdown(): Promise<void> {
    this.call.leg.close(CloseCode.goingAway, 'media-edge shutting down');
    return this.end('media_edge_shutdown');
  }

  private openRealtime(): Promise<RealtimeConnection> {
    // Events can arrive before `open` resolves (session.created may share the handshake's packet): they are not ours yet.
    const opened: { connection?: RealtimeConnection } = {};
    const isCurrent = () => opened.connection !== undefined && this.realtime === opened.connection;
    return RealtimeConnection.open(this.services.realtime, {
      onEvent: (event, receivedAt) => {
        if (!isCurrent()) return;
        try {
          this.onRealtimeEvent(event, receivedAt);
        } catch (error) {
          this.log.error({ err: error, event: event.type }, 'Realtime event handling failed');
        }
      },
      onLost: (detail) => {
        if (isCurrent()) this.realtimeLost(detail);
      },
    }).then((connection) => (opened.connection = connection));
  }

  /** Makes `connection` the call's session and configures it; `start` says what follows `session.updated`. */
  private useSession(connection: RealtimeConnection, start: SessionStart): void {
    if (this.endReason !== undefined) return connection.close();
    this.realtime = connection;
    this.session++;
    this.sessionStart = start;
    this.sessionUpdateEventId = `media_edge_session_${this.session}`;
    connection.send({ type: 'session.update', event_id: this.sessionUpdateEventId, session: sessionConfig(this.profile!) });
  }

  private onRealtimeEvent(event: RealtimeServerEvent, receivedAt: bigint): void {
    switch (event.type) {
      case 'response.output_audio.delta':
        return this.forwardAgentAudio(event, receivedAt);
      case 'input_audio_buffer.speech_started':
        return this.bargeIn(receivedAt);
      case 'session.updated':
        return this.sessionReady();
      case 'response.created':
        if (event.response.id) this.responses.responseCreated(event.response.id);
        return;
      case 'response.done':
        return this.responseDone(event.response);
      case 'conversation.item.input_audio_transcription.completed':
        return this.addTurn('caller', event.transcript);
      case 'response.output_audio_transcript.done':
        return this.addTurn('agent', event.transcript);
      case 'response.function_call_arguments.done':
        return this.functionCall(event.call_id, event.name, event.arguments);
      case 'response.output_item.done':
        if (event.item.type === 'function_call' && event.item.call_id && event.item.name) {
          this.functionCall(event.item.call_id, event.item.name, event.item.arguments ?? '');
        }
        return;
      case 'error':
        return this.realtimeError(event.error);
    }
  }

  private forwardAgentAudio(event: ResponseAudioDeltaEvent, receivedAt: bigint): void {
    if (this.droppedResponses.has(event.response_id)) return;
    const { leg } = this.call;
    leg.playAudio(event.delta);
    leg.sendMark(this.playout.sent(event.item_id, base64ByteLength(event.delta)));
    this.forwardedToCaller.observe(secondsSince(receivedAt));
    this.framesOut.inc();
    this.recording?.agent(event.delta);
  }

  /**
   * The caller started talking. The server cancels its own response
   * (interrupt_response); if the caller is still hearing the agent, we also
   * flush their buffer and tell the model how much of each item was heard.
   */
  private bargeIn(receivedAt: bigint): void {
    const active = this.responses.activeResponseId;
    if (active) this.droppedResponses.add(active);
    if (!this.playout.isPlaying) return;
    this.call.leg.clearAudio();
    this.metrics.bargeInSeconds.observe(secondsSince(receivedAt));
    this.recording?.clearAgent();
    if (active) this.realtime?.send({ type: 'response.cancel', response_id: active });
    for (const { itemId, playedMs } of this.playout.clear()) {
      this.realtime?.send({ type: 'conversation.item.truncate', item_id: itemId, content_index: 0, audio_end_ms: playedMs });
    }
  }

  private sessionReady(): void {
    const start = this.sessionStart;
    this.sessionStart = undefined;
    if (start === 'greet') this.responses.request('greeting', greetingResponse(this.profile!));
    if (start === 'restore') this.restoreConversation();
  }

  /** A new session after a drop: the conversation so far as text, then whatever tool results came in meanwhile. */
  private restoreConversation(): void {
    for (const item of conversationReplay(this.transcript)) this.realtime?.send({ type: 'conversation.item.create', item });
    const resultsArrived = this.sendLateToolResults();
    if (resultsArrived || this.transcript.at(-1)?.role === 'caller') this.responses.request('reply');
    this.log.info({ turns: this.transcript.length }, 'Realtime session restored');
  }

  /** Results of tool calls from a lost session, as notes (their function calls are not in this one); true if there were any. */
  private sendLateToolResults(): boolean {
    const late = this.lateToolResults.splice(0);
    for (const { name, output } of late) this.realtime?.send({ type: 'conversation.item.create', item: lateToolResultNote(name, output) });
    return late.length > 0;
  }

  private responseDone(response: RealtimeResponse): void {
    if (response.usage) this.signals.usage(response.usage);
    if (!response.id) return;
    this.responses.responseDone(response.id);
    this.droppedResponses.delete(response.id);
    this.hangUpIfQuiet();
  }

  /** After `end_call`: once no response is running and the caller heard everything, the agent hangs up. */
  private hangUpIfQuiet(): void {
    if (!this.hangUpWhenQuiet || this.endReason !== undefined) return;
    if (this.playout.isPlaying || this.responses.activeResponseId) return;
    // With <Connect> as the call's only verb, closing the stream ends the phone call.
    this.call.leg.close(CloseCode.normal, 'call ended by the agent');
    void this.end('agent_ended_call');
  }

  private addTurn(role: 'caller' | 'agent', text: string): void {
    const trimmed = text.trim();
    if (!trimmed) return;
    this.transcript.push({ role, text: trimmed, at: new Date().toISOString() });
    this.signals.turn(role, trimmed);
    this.call.leg.showTranscript(role, trimmed);
  }

  private functionCall(callId: string, name: string, rawArguments: string): void {
    if (!this.toolCallSessions.has(callId)) this.toolCallSessions.set(callId, this.session);
    this.tools.handle(callId, name, rawArguments);
  }

  private deliverToolResult(toolCall: { callId: string; name: string }, output: string, othersRunning: boolean): void {
    const session = this.toolCallSessions.get(toolCall.callId);
    this.toolCallSessions.delete(toolCall.callId);
    if (this.endReason !== undefined) return;
    if (!this.realtime || session !== this.session) {
      this.lateToolResults.push({ name: toolCall.name, output });
      // Already restored: no replay will pick it up.
      if (this.realtime && this.sessionStart === undefined && this.sendLateToolResults()) this.responses.request('reply');
      return;
    }
    this.realtime.send({ type: 'conversation.item.create', item: { type: 'function_call_output', call_id: toolCall.callId, output } });
    if (toolCall.name === 'end_call' && (JSON.parse(output) as { ok: boolean }).ok) {
      this.hangUpWhenQuiet = true;
      return this.hangUpIfQuiet();
    }
    if (othersRunning) return;
    this.responses.withdraw('filler');
    this.responses.request('reply');
  }

  private realtimeError(error: RealtimeError): void {
    if (this.responses.requestFailed(error.event_id, error.code)) {
      this.log.warn({ error }, 'response.create refused');
      return;
    }
    if (error.event_id && error.event_id === this.sessionUpdateEventId) {
      void this.failOver(`session.update refused: ${error.message}`);
      return;
    }
    if (error.code && BENIGN_ERRORS.has(error.code)) return this.log.debug({ error }, 'Realtime error (benign)');
    this.log.warn({ error }, 'Realtime error');
  }

  /** The Realtime socket dropped: one new session with the conversation so far; a second loss hands the caller to a person. */
  private realtimeLost(detail: string): void {
    this.realtime = undefined;
    this.responses.reset();
    this.playout.reset();
    this.droppedResponses.clear();
    if (this.reconnected) return void this.failOver(`Realtime lost again: ${detail}`);
    this.reconnected = true;
    this.metrics.realtimeReconnects.inc();
    this.log.warn({ detail }, 'Realtime socket lost: reconnecting once');
    this.openRealtime()
      .then(
        (connection) => this.useSession(connection, 'restore'),
        (error: Error) => this.failOver(`Realtime reconnect failed: ${error.message}`),
      )
      .catch((error: unknown) => this.log.error({ err: error }, 'Realtime reconnect crashed'));
  }

  /** The agent cannot go on: a person takes the call, or the stream is hung up. */
  private async failOver(problem: string): Promise<void> {
    if (this.endReason !== undefined) return;
    this.realtime?.close();
    this.realtime = undefined;
    const { callSid, leg } = this.call;
    const transferred = await handOverToPerson({ calls: this.services.calls, callSid, transport: leg.transport, problem, log: this.log });
    if (transferred) return; // Twilio now stops the stream, which ends the bridge.
    leg.close(CloseCode.internalError, 'agent unavailable');
    await this.end('agent_unavailable');
  }
}

/** Decoded length of a base64 string, without decoding it. */
function base64ByteLength(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return (base64.length * 3) / 4 - padding;
}
