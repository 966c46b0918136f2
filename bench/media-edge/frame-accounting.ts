import { setTimeout as sleep } from 'node:timers/promises';
import type { CallerCounts } from './bench-caller';
import type { BenchCall } from './call-workflows';
import type { CallerFleet } from './caller-fleet';
import type { RealtimeCounts } from './realtime-side';
import type { RealtimeSideProcess } from './realtime-side-process';

export interface DirectionAccount {
  sent: number;
  received: number;
  /** Σ over calls of (sent − received) where that is positive: frames that never arrived. */
  dropped: number;
  callsWithDrops: number;
  /** Calls that received more than was sent to them: a counting error, never expected. */
  callsOverCounted: number;
}

export interface FrameAccount {
  /** Twilio media frames sent by the callers → `input_audio_buffer.append`s received by the Realtime side. */
  toRealtime: DirectionAccount;
  /** `response.output_audio.delta`s sent by the Realtime side → Twilio `media` frames received by the callers. */
  toCaller: DirectionAccount;
  /** Calls the Realtime side never saw a session for. */
  unmatchedCalls: number;
}

/** After the callers stop sending, frames in flight have this long to arrive; the counts must then stay still for a second. */
const SETTLE_LIMIT_MS = 15_000;
const SETTLE_QUIET_MS = 1_000;

/**
 * Call once the callers stopped sending: waits until no frame is moving any
 * more (a frame in flight is not a drop), then accounts for every frame.
 * `countsSettled` is false if frames still moved after {@link SETTLE_LIMIT_MS}.
 */
export async function countFramesOnceSettled(
  fleet: CallerFleet,
  realtime: RealtimeSideProcess,
  calls: readonly BenchCall[],
): Promise<{ frames: FrameAccount; countsSettled: boolean }> {
  const framesMoved = async () => {
    const callerTotal = [...fleet.counts().values()].reduce((sum, counts) => sum + counts.mediaReceived, 0);
    const realtimeTotal = [...(await realtime.countsByCaller()).values()].reduce((sum, counts) => sum + counts.appendsReceived + counts.audioDeltasSent, 0);
    return callerTotal + realtimeTotal;
  };
  const countsSettled = await staysStill(framesMoved);
  const callerCounts = fleet.counts();
  const frames = accountFrames(
    calls.map((call) => ({ callerNumber: call.input.from, caller: callerCounts.get(call.input.callSid)! })),
    await realtime.countsByCaller(),
  );
  return { frames, countsSettled };
}

/** Matches each call's caller counts with its Realtime session's counts (by caller number) and adds up the differences. */
function accountFrames(calls: ReadonlyArray<{ callerNumber: string; caller: CallerCounts }>, realtime: ReadonlyMap<string, RealtimeCounts>): FrameAccount {
  const toRealtime = emptyAccount();
  const toCaller = emptyAccount();
  let unmatchedCalls = 0;
  for (const { callerNumber, caller } of calls) {
    const session = realtime.get(callerNumber);
    if (!session) unmatchedCalls++;
    add(toRealtime, caller.framesSent, session?.appendsReceived ?? 0);
    add(toCaller, session?.audioDeltasSent ?? 0, caller.mediaReceived);
  }
  return { toRealtime, toCaller, unmatchedCalls };
}

function emptyAccount(): DirectionAccount {
  return { sent: 0, received: 0, dropped: 0, callsWithDrops: 0, callsOverCounted: 0 };
}

function add(account: DirectionAccount, sent: number, received: number): void {
  account.sent += sent;
  account.received += received;
  if (sent > received) {
    account.dropped += sent - received;
    account.callsWithDrops++;
  }
  if (received > sent) account.callsOverCounted++;
}

/** Polls `total` until it stays the same for {@link SETTLE_QUIET_MS}; false if it still moved after {@link SETTLE_LIMIT_MS}. */
async function staysStill(total: () => Promise<number>): Promise<boolean> {
  const deadline = performance.now() + SETTLE_LIMIT_MS;
  let last = await total();
  let stillSince = performance.now();
  while (performance.now() < deadline) {
    await sleep(100);
    const current = await total();
    if (current !== last) [last, stillSince] = [current, performance.now()];
    else if (performance.now() - stillSince >= SETTLE_QUIET_MS) return true;
  }
  return false;
}
