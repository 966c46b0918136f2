import type { Transport } from './metrics';
import type { ToolCallProgress, ToolCallRequest } from './tool-runner';

/**
 * The caller's side of a call bridge: a Twilio media stream or a browser
 * socket. Legs are thin adapters; everything about the conversation lives in
 * the bridge, which speaks μ-law 8 kHz (base64, as Realtime and Twilio do).
 */
export interface CallerLeg {
  readonly transport: Transport;
  /** Queues agent audio (base64 μ-law 8 kHz) for playback. */
  playAudio(payload: string): void;
  /**
   * Queues a mark behind the audio sent so far. The leg hands it back to
   * `CallBridge.markPlayed` when playback reaches it (or when a clear flushes it).
   */
  sendMark(name: string): void;
  /** Drops queued agent audio the caller has not heard yet (barge-in). */
  clearAudio(): void;
  /** A finished transcript turn, for legs that display one. */
  showTranscript(role: 'caller' | 'agent', text: string): void;
  /** Each step of a tool call, for legs that display them. */
  showToolCall(progress: ToolCallProgress): void;
  /**
   * Asks the caller whether a tool call may run (a web page shows a prompt);
   * resolves false when they decline or do not answer. Absent on legs that
   * cannot ask (a phone line).
   */
  confirmToolCall?(call: ToolCallRequest): Promise<boolean>;
  /** Ends the stream from our side. */
  close(code: number, reason: string): void;
}

/** WebSocket close codes the legs use. */
export const CloseCode = {
  normal: 1000,
  goingAway: 1001,
  policyViolation: 1008,
  internalError: 1011,
} as const;
