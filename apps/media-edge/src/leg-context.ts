import type { Logger } from 'pino';
import type { BridgedCall, CallBridge } from './call-bridge';
import type { MediaEdgeMetrics } from './metrics';
import type { StreamAdmission } from './stream-admission';

/** What a leg gets from the server: admission of its stream, metrics, logs and a way to open a bridge. */
export interface LegContext {
  /** Whether a stream's `start` may open a bridge for `callSid` with this token. */
  admit(token: string | undefined, callSid: string): StreamAdmission;
  metrics: MediaEdgeMetrics;
  log: Logger;
  /** Creates, registers and starts the bridge for an admitted stream. */
  openBridge(call: BridgedCall): CallBridge;
}
