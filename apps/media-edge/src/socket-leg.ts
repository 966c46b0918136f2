import type { Logger } from 'pino';
import type { RawData, WebSocket } from 'ws';
import type { CallBridge } from './call-bridge';
import type { LegContext } from './leg-context';
import type { Transport } from './metrics';

/**
 * What every caller leg shares: its socket's frames go to `receive` (a frame
 * that throws is logged and the call goes on), and the socket closing ends
 * the bridge, as a hang-up when the caller said goodbye first.
 */
export abstract class SocketLeg {
  abstract readonly transport: Transport;
  protected bridge: CallBridge | undefined;
  protected startSeen = false;
  protected hungUp = false;
  /** Gains the call's ids once the stream is admitted. */
  protected log: Logger;
  protected readonly malformedFrames;

  constructor(
    protected readonly socket: WebSocket,
    protected readonly context: LegContext,
    transport: Transport,
  ) {
    this.log = context.log.child({ transport });
    this.malformedFrames = context.metrics.malformedFrames.labels(transport);
    socket.on('message', (data, isBinary) => {
      try {
        this.receive(data, isBinary);
      } catch (error) {
        this.log.error({ err: error }, 'frame handling failed');
      }
    });
    socket.on('close', () => void this.bridge?.end(this.hungUp ? 'caller_hung_up' : 'stream_closed'));
    socket.on('error', (error) => this.log.warn({ err: error }, `${transport} socket error`));
  }

  protected abstract receive(data: RawData, isBinary: boolean): void;
}
