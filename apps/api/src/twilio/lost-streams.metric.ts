import { Counter } from 'prom-client';

/** Calls whose media stream ended before the agent hung up (the media-edge died, or could not go on). */
export const lostStreams = new Counter({
  name: 'switchboard_lost_streams_total',
  help: 'Calls whose media stream ended before the agent hung up, answered after it by a person (dial) or voicemail',
  labelNames: ['answer'] as const,
});
