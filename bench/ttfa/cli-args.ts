import { parseArgs } from 'node:util';
import { REALISTIC_DEFAULTS, type LatencyProfile } from './latency-profiles';

export interface TtfaArgs {
  calls: number;
  realistic: LatencyProfile;
}

export const USAGE =
  'usage: npm run bench:ttfa -- [--calls N] [--realtime-connect-ms MS] [--session-updated-ms MS] [--first-audio-ms MS] [--stream-connect-ms MS]\n' +
  '  N sequential calls per profile (1…1000, default 50); the MS options set the realistic profile (defaults 150, 50, 450, 200)';

const INTEGER_OPTIONS = {
  calls: { min: 1, max: 1000 },
  'realtime-connect-ms': { min: 0, max: 10_000 },
  'session-updated-ms': { min: 0, max: 10_000 },
  'first-audio-ms': { min: 0, max: 10_000 },
  'stream-connect-ms': { min: 0, max: 10_000 },
} as const;

type OptionName = keyof typeof INTEGER_OPTIONS;

export function parseTtfaArgs(argv: string[]): TtfaArgs {
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(Object.keys(INTEGER_OPTIONS).map((name) => [name, { type: 'string' as const }])),
    strict: true,
    allowPositionals: false,
  });
  const read = (name: OptionName, fallback: number): number => {
    const text = values[name];
    if (text === undefined) return fallback;
    const { min, max } = INTEGER_OPTIONS[name];
    const value = Number(text);
    if (typeof text !== 'string' || !/^\d+$/.test(text) || value < min || value > max) {
      throw new Error(`--${name} must be an integer from ${min} to ${max}, not ${String(text)}\n${USAGE}`);
    }
    return value;
  };
  return {
    calls: read('calls', 50),
    realistic: {
      name: 'realistic',
      realtimeConnectMs: read('realtime-connect-ms', REALISTIC_DEFAULTS.realtimeConnectMs),
      sessionUpdatedMs: read('session-updated-ms', REALISTIC_DEFAULTS.sessionUpdatedMs),
      firstAudioMs: read('first-audio-ms', REALISTIC_DEFAULTS.firstAudioMs),
      streamConnectMs: read('stream-connect-ms', REALISTIC_DEFAULTS.streamConnectMs),
    },
  };
}
