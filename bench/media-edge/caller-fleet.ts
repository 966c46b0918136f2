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
   * and starts each stream; fails when they are not all connected `limitMs` after the ramp.
   */
  static async connect(url: string, identities: readonly CallerIdentity[], rampMs: number, limitMs: number): Promise<CallerFleet> {
    const fleet = new CallerFleet();
    const rampStartMs = performance.now();
    const connecting: Array<Promise<void>> = [];
    try {
      for (const [index, identity] of identities.entries()) {
        await sleep(Math.max(0, rampStartMs + (index * rampMs) / identities.length - performance.now()));
        connecting.push(BenchCaller.connect(url, identity, fleet.toCallerLatency).then((caller) => fleet.add(caller)));
      }
      const connected = await settlesWithin(Promise.all(connecting), limitMs);
      if (!connected) throw new Error(`only ${fleet.size} of ${identities.length} callers connected within ${limitMs / 1000} s`);
    } catch (error) {
      fleet.hangUp();
      throw error;
    }
    return fleet;
  }

  get size(): number {
    return this.callers.length;
  }

  /** Resolves once every caller heard the agent (its bridge's Realtime session is live and it streams frames). */
  async allUp(timeoutMs: number): Promise<void> {
    const up = await settlesWithin(Promise.all(this.callers.map((caller) => caller.up)), timeoutMs);
    if (!up) throw new Error(`only ${this.callers.filter((caller) => caller.isUp).length} of ${this.callers.length} calls came up within ${timeoutMs / 1000} s`);
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
