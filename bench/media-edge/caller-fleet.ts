import { setTimeout as sleep } from 'node:timers/promises';
import { BenchCaller, type CallerCounts, type CallerIdentity } from './bench-caller';
import { FRAME_MS } from './conversation-plan';
import { LatencySamples } from './latency-samples';
import { settlesWithin } from '../../libs/infra/src/app-process';

/** Callers are spread over this many phases of the 20 ms frame period (1 ms apart). */
const PHASES = 20;
const TICK_MS = FRAME_MS / PHASES;

/**
 * All the bench's callers on ONE drift-free clock. Real streams start at
 * random moments, so their frames do not arrive in step: each caller gets one
 * of {@link PHASES} phases of the 20 ms period, and the clock ticks once per
 * phase (tick k is due at start + k ms and sends the frames of the callers in
 * phase k mod 20). A late timer sends the ticks it missed, so every streaming
 * caller sends exactly 50 frames per second of wall time.
 */
export class CallerFleet {
  /** Agent frame sent by the Realtime side → received by its caller, while measuring. */
  readonly toCallerLatency = new LatencySamples();
  private readonly callers: BenchCaller[] = [];
  private readonly callersByPhase: BenchCaller[][] = Array.from({ length: PHASES }, () => []);
  private readonly clockStartMs = performance.now();
  private ticksDone = 0;
  /** The frame number at which the conversations began. */
  private conversationStartFrame: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** How late each timer fired after its tick was due, in ms: the pacing the callers actually kept. */
  private latenessMs: number[] = [];

  private constructor() {
    this.scheduleNextTick();
  }

  /**
   * Connects one caller per identity to `url`, spread evenly over `rampMs`,
   * and starts each stream. Callers not connected `limitMs` after the ramp
   * are left out (one that connects later hangs up at once): an overloaded
   * media-edge is measured over the calls it took.
   */
  static async connect(url: string, identities: readonly CallerIdentity[], rampMs: number, limitMs: number): Promise<CallerFleet> {
    const fleet = new CallerFleet();
    const rampStartMs = performance.now();
    const connecting: Array<Promise<void>> = [];
    let joining = true;
    for (const [index, identity] of identities.entries()) {
      await sleep(Math.max(0, rampStartMs + (index * rampMs) / identities.length - performance.now()));
      connecting.push(BenchCaller.connect(url, identity, fleet.toCallerLatency).then((caller) => (joining ? fleet.add(caller) : caller.hangUp())));
    }
    await settlesWithin(Promise.allSettled(connecting), limitMs);
    joining = false;
    return fleet;
  }

  get size(): number {
    return this.callers.length;
  }

  /** CallSids of the callers in the fleet. */
  get callSids(): ReadonlySet<string> {
    return new Set(this.callers.map((caller) => caller.callSid));
  }

  /**
   * Waits until every caller heard the agent (its bridge's Realtime session
   * is live and it streams frames), for at most `timeoutMs`; then hangs up on
   * the callers still waiting and leaves them out. Returns how many were left out.
   */
  async keepCallersUpWithin(timeoutMs: number): Promise<number> {
    await settlesWithin(Promise.all(this.callers.map((caller) => caller.up)), timeoutMs);
    const waiting = this.callers.filter((caller) => !caller.isUp);
    for (const caller of waiting) caller.hangUp();
    this.callers.splice(0, this.callers.length, ...this.callers.filter((caller) => caller.isUp));
    for (const phase of this.callersByPhase) phase.splice(0, phase.length, ...phase.filter((caller) => caller.isUp));
    return waiting.length;
  }

  /** From the next frame period on, callers follow the conversation plan instead of sending silence. */
  beginConversations(): void {
    this.conversationStartFrame = Math.ceil(this.ticksDone / PHASES);
  }

  /** Forgets the timer lateness seen so far (call when the measurement starts). */
  resetPacingStats(): void {
    this.latenessMs = [];
  }

  get timerLatenessMs(): readonly number[] {
    return this.latenessMs;
  }

  stopSending(): void {
    for (const caller of this.callers) caller.stopSending();
  }

  /** By CallSid. */
  counts(): Map<string, CallerCounts> {
    return new Map(this.callers.map((caller) => [caller.callSid, { ...caller.counts }]));
  }

  /** Calls whose stream the media-edge closed while they were still talking. */
  droppedCalls(): number {
    return this.callers.filter((caller) => caller.droppedOff).length;
  }

  /** `stop` on every stream, and the clock stops. */
  hangUp(): void {
    clearTimeout(this.timer);
    for (const caller of this.callers) caller.hangUp();
  }

  private add(caller: BenchCaller): void {
    this.callersByPhase[this.callers.length % PHASES].push(caller);
    this.callers.push(caller);
  }

  private scheduleNextTick(): void {
    const dueMs = this.clockStartMs + this.ticksDone * TICK_MS;
    this.timer = setTimeout(() => this.onTimer(), Math.max(0, dueMs - performance.now()));
  }

  private onTimer(): void {
    const nowMs = performance.now();
    this.latenessMs.push(nowMs - (this.clockStartMs + this.ticksDone * TICK_MS));
    const ticksDue = Math.floor((nowMs - this.clockStartMs) / TICK_MS) + 1;
    for (; this.ticksDone < ticksDue; this.ticksDone++) {
      const frame = Math.floor(this.ticksDone / PHASES);
      const conversationFrame = this.conversationStartFrame === undefined || frame < this.conversationStartFrame ? undefined : frame - this.conversationStartFrame;
      for (const caller of this.callersByPhase[this.ticksDone % PHASES]) caller.tick(conversationFrame, nowMs);
    }
    this.scheduleNextTick();
  }
}
