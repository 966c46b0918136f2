import { Histogram } from 'prom-client';

/** Where the voice webhook's time goes before the caller is handed to the media-edge. */
export const voiceAnswerSeconds = new Histogram({
  name: 'switchboard_voice_answer_seconds',
  help: 'Voice webhook phases: tenant (resolve the dialed number), workflow_start (start or attach call-<CallSid>), twiml (sign the stream token, write the TwiML)',
  labelNames: ['phase'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
});
