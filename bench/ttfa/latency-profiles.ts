/** How long the services we do not run take to answer, simulated. */
export interface LatencyProfile {
  name: 'zero' | 'realistic';
  /** WebSocket handshake with the Realtime API. */
  realtimeConnectMs: number;
  /** `session.update` → `session.updated`. */
  sessionUpdatedMs: number;
  /** `response.create` → first `response.output_audio.delta`. */
  firstAudioMs: number;
  /** Twilio: TwiML received → Media Streams WebSocket opened. */
  streamConnectMs: number;
}

export const ZERO_PROFILE: LatencyProfile = { name: 'zero', realtimeConnectMs: 0, sessionUpdatedMs: 0, firstAudioMs: 0, streamConnectMs: 0 };

/**
 * The `realistic` defaults are the (issue 7 §2): a Realtime
 * WebSocket handshake over TLS to a nearby region (~150 ms), `session.updated`
 * ~50 ms later, ~450 ms from `response.create` to the first audio of a short
 * reply (the model's time to first audio), and ~200 ms for Twilio to open the
 * Media Stream after it has the TwiML. They are assumptions, not measurements
 * of ours; each can be overridden on the command line.
 */
export const REALISTIC_DEFAULTS: LatencyProfile = {
  name: 'realistic',
  realtimeConnectMs: 150,
  sessionUpdatedMs: 50,
  firstAudioMs: 450,
  streamConnectMs: 200,
};
