import type { Logger } from 'pino';
import type { BridgedCall, CallBridge } from './call-bridge';
import type { MediaEdgeMetrics } from './metrics';

/** What a leg gets from the server: the token secret, metrics, logs and a way to open a bridge. */
export interface LegContext {
  streamTokenSecret: string;
  metrics: MediaEdgeMetrics;
  log: Logger;
  /** Creates, registers and starts the bridge for an admitted stream. */
  openBridge(call: BridgedCall): CallBridge;
}
