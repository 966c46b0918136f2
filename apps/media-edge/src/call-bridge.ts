import type { Logger } from 'pino';
import type { PrismaClient } from '../../../libs/db/src/prisma';
import type { RealtimeBackend, RealtimeSession } from '../../../libs/realtime/src/realtime-session';
import type { EncryptionKey } from '../../../libs/encryption/src/key-ring';
import type { CallsClient } from '../../../libs/temporal/src/calls-client';
import type { ToolResult } from '../../../libs/tools/src';
import { handOverToPerson } from './agent-failover';
import type { AgentProfile, AgentProfiles } from './agent-profiles';
import { CACHED_GREETING_ITEM, CachedGreeting } from './cached-greeting';
import { CallRecording } from './call-recording';
import { CallSignals } from './call-signals';
import type { SignalGate } from './signal-gate';
import type { StreamClaims } from './stream-claims';
import { outboundProfile } from './outbound-brief';
import { CloseCode, type CallerLeg } from './caller-leg';
import { secondsSince, type MediaEdgeMetrics } from './metrics';
import { PlayoutTracker } from './playout-tracker';
import { FILLER_INSTRUCTIONS, greetingInstructions, keypadNote, sessionSettings } from './session-setup';
import { ToolRunner, type ToolCallRequest } from './tool-runner';
import { untilAnswered, type Backoff } from './workflow-retry';

/** What every bridge of a media-edge shares. */
export interface BridgeServices {
  calls: CallsClient;
  /** What outbound agents call about (read-only). */
  db: PrismaClient;
  /** Claims each call's one stream, across instances. */
  streamClaims: StreamClaims;
  /** The tenants' agents, cached per tenant. */
  profiles: AgentProfiles;
  /** The speech-to-speech model the calls talk to. */
  realtime: RealtimeBackend;
  recordingsDir: string;
  /** Recordings are encrypted under it; without one they are plain WAV files. */
  recordingKey?: EncryptionKey;
  metrics: MediaEdgeMetrics;
  /** Shared by every call: caps the signals in flight to Temporal. */
  signalGate: SignalGate;
  log: Logger;
}

export interface BridgedCall {
  callSid: string;
  tenantId: string;
  /** The other party, from the stream token. */
  callerNumber: string;
  /** A call we placed (the stream token says so). */
  outbound?: boolean;
  /** Twilio's stream id; browser calls have none. */
  streamSid?: string;
  leg: CallerLeg;
  /** `process.hrtime.bigint()` when the stream token was accepted. */
  admittedAt: bigint;
}

/** How long a hang-up waits for tool Updates still running before telling the workflow the caller is gone. */
const TOOL_SETTLE_LIMIT_MS = 30_000;
/** Between attempts of a runTool Update that did not reach Temporal (each attempt has the SDK's own retries inside). */
const TOOL_UPDATE_BACKOFF: Backoff = { initialBackoffMs: 200, maxBackoffMs: 2_000 };

/**
 * One live call: the caller's leg on one side, a Realtime session (the
 * `RealtimeSession` port) on the other. Forwards audio both ways, handles
 * barge-in, runs the model's function calls as `runTool` Updates and reports
 * transcripts, keypresses and usage to the call's workflow. The session
 * reconnects by itself; when it is lost for good, a person takes the call.
 * Transport-agnostic: the leg speaks μ-law.
 */
export class CallBridge {
  readonly ended: Promise<void>;
  private markEnded!: () => void;
  private endReason: string | undefined;
  /** Another stream has this call: the call's workflow is not this bridge's to tell anything. */
  private refused = false;
  /** The cached greeting while the model has not been told what the caller heard of it. */
  private greeting: CachedGreeting | undefined;
  /** Set from the profile's arrival until the first agent audio is sent. */
  private firstFrameDueSince: bigint | undefined;
  /** The model called `end_call`: hang up once the caller has heard the rest. */
  private hangUpWhenQuiet = false;
  private recording: CallRecording | undefined;
  /** What the caller approves before it runs, from the tenant's profile (legs that can ask). */
  private confirmTools: ReadonlySet<string> = new Set();
  private readonly realtime: RealtimeSession;
  private readonly playout = new PlayoutTracker();
  /** Responses being cancelled by a barge-in: their late audio deltas are dropped. */
  private readonly droppedResponses = new Set<string>();
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
    this.signals = new CallSignals(services.calls.handle(call.callSid), this.log, services.metrics, services.signalGate);
    void this.signals.workflowGone.then(({ unknownCall }) => this.workflowGone(unknownCall));
    this.tools = new ToolRunner({
      requestTool: (toolCallId, name, args) => this.requestTool(toolCallId, name, args),
      approve: (toolCall) => this.approve(toolCall),
      progress: (update) => call.leg.showToolCall(update),
      deliver: (toolCall, output, othersRunning) => this.deliverToolResult(toolCall, output, othersRunning),
      sayFiller: () => this.realtime.requestResponse('filler', FILLER_INSTRUCTIONS),
      metrics: this.metrics,
      log: this.log,
    });
    // Labelled children once per call, so the per-frame path does no label lookups.
    this.framesIn = this.metrics.framesIn.labels(call.leg.transport);
    this.framesOut = this.metrics.framesOut.labels(call.leg.transport);
    this.forwardedToRealtime = this.metrics.forwardingSeconds.labels('to_realtime');
    this.forwardedToCaller = this.metrics.forwardingSeconds.labels('to_caller');
    this.metrics.activeCalls.inc();
    // Connecting starts now: the caller is waiting for the greeting.
    this.realtime = services.realtime.openSession({
      agentAudio: (audio, itemId, responseId, receivedAt) => this.forwardAgentAudio(audio, itemId, responseId, receivedAt),
      speechStarted: (receivedAt) => this.bargeIn(receivedAt),
      transcript: (role, text) => this.addTurn(role, text),
      functionCall: (callId, name, rawArguments) => this.tools.handle(callId, name, rawArguments),
      responseDone: (responseId) => this.responseDone(responseId),
      usage: (usage) => this.signals.usage(usage),
      reconnecting: (detail) => this.realtimeReconnecting(detail),
      restored: () => this.log.info('Realtime session restored'),
      error: ({ message, code, cause }) => {
        this.metrics.realtimeErrors.inc({ code: code ?? 'none' });
        this.log.warn({ code, err: cause }, `Realtime error: ${message}`);
      },
      lost: (detail) => void this.failOver(detail),
    });
  }

  /**
   * Greets at once: the cached greeting plays while the Realtime session is
   * still connecting, or the greeting request goes right behind the session's
   * configuration. Then tells the workflow the media is connected. Only a
   * tenant's first call on this media-edge waits for its profile.
   */
  async start(): Promise<void> {
    const loading = this.loadProfile();
    if ((await this.services.streamClaims.claim(this.call)) === 'taken') return this.refuseDuplicate();
    const profile = await loading;
    if (!profile) {
      this.metrics.rejectedStreams.inc({ reason: 'unknown_call' });
      this.call.leg.close(CloseCode.internalError, 'call setup failed');
      return this.end('setup_failed');
    }
    if (this.endReason !== undefined) return;
    this.confirmTools = profile.confirmTools;
    this.metrics.streamSetupSeconds.observe({ phase: 'config' }, secondsSince(this.call.admittedAt));
    this.firstFrameDueSince = process.hrtime.bigint();
    if (profile.recordingEnabled) this.recording = new CallRecording(this.services.recordingsDir, this.call.callSid, this.services.recordingKey, this.log);
    if (profile.outbound) return this.startOutbound(profile);
    // The greeting request waits for the session's configuration, which goes out first.
    if (profile.greetingAudio) this.playCachedGreeting(new CachedGreeting(profile.greeting, profile.greetingAudio));
    else this.realtime.requestResponse('greeting', greetingInstructions(profile));
    this.realtime.configure(sessionSettings(profile, this.call.callerNumber)).catch((error: Error) => this.failOver(error.message));
    this.metrics.greetings.inc({ source: profile.greetingAudio ? 'cache' : 'model' });
    this.signals.mediaConnected(this.call.streamSid);
  }

  /** The tenant's agent, and on a call we placed what it calls about; undefined when there is no such call to bridge. */
  private async loadProfile(): Promise<AgentProfile | undefined> {
    try {
      const profile = await this.services.profiles.get(this.call.tenantId);
      return this.call.outbound ? await outboundProfile(this.services.db, this.services.calls, this.call.callSid, profile) : profile;
    } catch (error) {
      this.log.error({ err: error }, 'no call to bridge: closing the stream');
      return undefined;
    }
  }

  /** A second stream for a call (a replayed or leaked token): closed before it reaches the call's workflow. */
  private refuseDuplicate(): Promise<void> {
    this.refused = true;
    this.metrics.rejectedStreams.inc({ reason: 'duplicate' });
    this.log.warn('stream rejected: the call has a stream already');
    this.call.leg.close(CloseCode.policyViolation, 'invalid stream token: duplicate');
    return this.end('duplicate_stream');
  }

  /** A call we placed: the session is configured, then the agent speaks first once a person is known to be on the line. */
  private async startOutbound(profile: AgentProfile): Promise<void> {
    this.signals.mediaConnected(this.call.streamSid);
    try {
      await this.realtime.configure(sessionSettings(profile, this.call.callerNumber));
    } catch (error) {
      return this.failOver((error as Error).message);
    }
    if (!(await this.agentMaySpeak())) return;
    this.realtime.requestResponse('greeting', greetingInstructions(profile));
    this.metrics.greetings.inc({ source: 'model' });
  }

  /** On calls we placed, silence until AMD says a person answered (a machine gets a voicemail instead) or its grace period ends. */
  private async agentMaySpeak(): Promise<boolean> {
    try {
      const { speak, answeredBy } = await this.services.calls.mayAgentSpeak(this.call.callSid);
      if (!speak) this.log.info({ answeredBy }, 'agent stays silent: not a person on the line');
      return speak && this.endReason === undefined;
    } catch (error) {
      this.log.warn({ err: error }, 'could not learn who answered; the agent stays silent');
      return false;
    }
  }

  /** Caller audio, base64 μ-law 8 kHz; `receivedAt` is when its frame arrived. */
  callerAudio(payload: string, receivedAt: bigint): void {
    this.framesIn.inc();
    if (!this.realtime.sendAudio(payload)) return;
    this.forwardedToRealtime.observe(secondsSince(receivedAt));
    this.recording?.caller(payload);
  }

  markPlayed(name: string): void {
    this.playout.played(name);
    if (this.greeting && this.playout.heardAll(CACHED_GREETING_ITEM)) this.greetingHeard(this.greeting.text);
    this.hangUpIfQuiet();
  }

  /** A keypress goes to the workflow and, as text, to the model, so spoken menus work. */
  dtmf(digit: string): void {
    this.signals.dtmf(digit);
    this.realtime.addText('user', keypadNote(digit));
    this.realtime.requestResponse('reply');
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
    this.realtime.close();
    this.tools.stop();
    this.metrics.activeCalls.dec();
    await Promise.all([this.recording?.close(), this.tools.settled(TOOL_SETTLE_LIMIT_MS)]);
    if (!this.refused) await this.signals.mediaDisconnected(this.call.streamSid, reason);
    this.markEnded();
  }

  /** The media-edge is stopping: hang up the stream and end. */
  shutdown(): Promise<void> {
    this.call.leg.close(CloseCode.goingAway, 'media-edge shutting down');
    return this.end('media_edge_shutdown');
  }

  private forwardAgentAudio(audio: string, itemId: string, responseId: string, receivedAt: bigint): void {
    if (this.droppedResponses.has(responseId)) return;
    this.playToCaller(audio, itemId);
    this.forwardedToCaller.observe(secondsSince(receivedAt));
  }

  private playToCaller(audio: string, itemId: string): void {
    if (this.firstFrameDueSince !== undefined) {
      this.metrics.streamSetupSeconds.observe({ phase: 'first_frame' }, secondsSince(this.firstFrameDueSince));
      this.firstFrameDueSince = undefined;
    }
    const { leg } = this.call;
    leg.playAudio(audio);
    leg.sendMark(this.playout.sent(itemId, base64ByteLength(audio)));
    this.framesOut.inc();
    this.recording?.agent(audio);
  }

  /** The whole greeting goes to the caller's buffer at once, as the model's deltas do; marks track what was heard. */
  private playCachedGreeting(greeting: CachedGreeting): void {
    this.greeting = greeting;
    for (const chunk of greeting.chunks()) this.playToCaller(chunk, CACHED_GREETING_ITEM);
  }

  /** The model learns what the caller heard of the cached greeting; so does the workflow's transcript. */
  private greetingHeard(heard: string): void {
    this.greeting = undefined;
    if (!heard) return;
    this.realtime.addText('assistant', heard);
    this.addTurn('agent', heard);
  }

  /**
   * The caller started talking. The server cancels its own response
   * (interrupt_response); if the caller is still hearing the agent, we also
   * flush their buffer and tell the model how much of each item was heard.
   */
  private bargeIn(receivedAt: bigint): void {
    const active = this.realtime.activeResponseId;
    if (active) this.droppedResponses.add(active);
    if (!this.playout.isPlaying) return;
    this.call.leg.clearAudio();
    this.metrics.bargeInSeconds.observe(secondsSince(receivedAt));
    this.recording?.clearAgent();
    if (active) this.realtime.cancelResponse(active);
    for (const { itemId, playedMs } of this.playout.clear()) {
      if (itemId !== CACHED_GREETING_ITEM) this.realtime.truncate(itemId, playedMs);
      else if (this.greeting) this.greetingHeard(this.greeting.heardText(playedMs));
    }
  }

  private responseDone(responseId: string): void {
    this.droppedResponses.delete(responseId);
    this.hangUpIfQuiet();
  }

  /** After `end_call`: once no response is running and the caller heard everything, the agent hangs up. */
  private hangUpIfQuiet(): void {
    if (!this.hangUpWhenQuiet || this.endReason !== undefined) return;
    if (this.playout.isPlaying || this.realtime.activeResponseId) return;
    // With <Connect> as the call's only verb, closing the stream ends the phone call.
    this.call.leg.close(CloseCode.normal, 'call ended by the agent');
    void this.end('agent_ended_call');
  }

  private addTurn(role: 'caller' | 'agent', text: string): void {
    this.signals.turn(role, text);
    this.call.leg.showTranscript(role, text);
  }

  /**
   * The tool's `runTool` Update, sent again until Temporal answers it: a tool
   * called while the server is unreachable waits behind the filler line and
   * runs once the server is back (the Update id is the Realtime call id, so it
   * runs once however often it is sent). Only a closed workflow or a refused
   * request end it with an error.
   */
  private async requestTool(toolCallId: string, name: string, args: unknown): Promise<ToolResult> {
    const answer = await untilAnswered(
      () => this.services.calls.runTool(this.call.callSid, toolCallId, name, args),
      TOOL_UPDATE_BACKOFF,
      (reason, attempt, backoffMs) => {
        this.metrics.toolUpdateRetries.inc();
        this.log.warn({ reason, toolCallId, name, attempt, backoffMs }, 'runTool Update did not reach Temporal; sending it again');
      },
    );
    if (answer.outcome === 'answered') return answer.value;
    throw answer.error;
  }

  /** A leg that can ask (a web page) asks before the tools the tenant wants confirmed; anything else runs. */
  private approve(toolCall: ToolCallRequest): Promise<boolean> {
    const { leg } = this.call;
    if (!leg.confirmToolCall || !this.confirmTools.has(toolCall.name)) return Promise.resolve(true);
    return leg.confirmToolCall(toolCall);
  }

  private deliverToolResult(toolCall: { callId: string; name: string }, output: string, othersRunning: boolean): void {
    if (this.endReason !== undefined) return;
    this.realtime.sendToolResult(toolCall, output);
    if (toolCall.name === 'end_call' && (JSON.parse(output) as { ok: boolean }).ok) {
      this.hangUpWhenQuiet = true;
      // A slow end_call may have queued the filler behind the goodbye: the goodbye stays the last thing said.
      this.realtime.withdrawResponse('filler');
      return this.hangUpIfQuiet();
    }
    if (othersRunning) return;
    this.realtime.withdrawResponse('filler');
    this.realtime.requestResponse('reply');
  }

  /** The session is reconnecting: what the caller was hearing belongs to the lost connection. */
  private realtimeReconnecting(detail: string): void {
    // The cached greeting plays on at the caller, beyond the marks' reach: the new connection is told all of it.
    if (this.greeting) this.greetingHeard(this.greeting.text);
    this.playout.reset();
    this.droppedResponses.clear();
    this.metrics.realtimeReconnects.inc();
    this.log.warn({ detail }, 'Realtime connection lost: reconnecting');
  }

  /**
   * The call's workflow is not running: it has ended, or there never was one
   * (a valid token whose call was not started). Nothing would record this
   * conversation or run its tools: the stream is hung up.
   */
  private workflowGone(unknownCall: boolean): void {
    if (this.endReason !== undefined) return;
    this.log.warn({ unknownCall }, 'the call workflow is not running: closing the stream');
    if (unknownCall) this.metrics.rejectedStreams.inc({ reason: 'unknown_call' });
    this.call.leg.close(CloseCode.policyViolation, unknownCall ? 'no such call' : 'the call has ended');
    void this.end('workflow_closed');
  }

  /** The agent cannot go on: a person takes the call, or the stream is hung up. */
  private async failOver(problem: string): Promise<void> {
    if (this.endReason !== undefined) return;
    this.realtime.close();
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
