import type { SeenSignals } from '../libs/calls/src';
import type { SignalOrigin } from '../libs/calls/src/call-messages';

/**
 * Remembers which numbered signals the call has applied, so one that a
 * retry delivers again is ignored. Its state is plain data, carried across
 * continue-as-new, and stays a few numbers per bridge.
 */
export class SignalDedupe {
  private readonly seen: SeenSignals;

  constructor(carried: SeenSignals = []) {
    this.seen = carried.map((bridge) => ({ ...bridge, above: [...bridge.above] }));
  }

  /** True the first time `origin` arrives, false for a repeat. */
  firstDelivery({ bridgeId, seq }: SignalOrigin): boolean {
    let bridge = this.seen.find((entry) => entry.bridgeId === bridgeId);
    if (!bridge) {
      bridge = { bridgeId, contiguous: 0, above: [] };
      this.seen.push(bridge);
    }
    if (seq <= bridge.contiguous || bridge.above.includes(seq)) return false;
    bridge.above.push(seq);
    bridge.above.sort((a, b) => a - b);
    while (bridge.above[0] === bridge.contiguous + 1) bridge.contiguous = bridge.above.shift()!;
    return true;
  }

  carry(): SeenSignals {
    return this.seen;
  }
}
