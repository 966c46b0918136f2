import { z } from 'zod';
import { clockFor, parseToday, type Clock } from '../../clock/src/clock';
import { isEncryptionKey, isEncryptionKeyList } from '../../encryption/src/key-ring';
import { CALLS_TASK_QUEUE } from '../../temporal/src/task-queues';
import { FollowUpEnvSchema } from './follow-up-env';
import { resolveSecretSettings } from './secret-settings';
import { trustProxySetting } from './trust-proxy';

const optionalUrl = z.url().optional();
const optionalSecret = z.string().min(1).optional();

/**
 * Every setting, validated once at boot; `.env.example` documents each one.
 * Unset OpenAI/Twilio settings mean: local simulators and local summaries.
 * NODE_ENV and PUBLIC_URL are among the follow-up settings (follow-up-env.ts).
 */
export const EnvSchema = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL'),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  /** The task queue calls run on; the worker polls it, the API starts calls on it. */
  TEMPORAL_TASK_QUEUE: z.string().min(1).default(CALLS_TASK_QUEUE),
  TEMPORAL_UI_URL: optionalUrl,
  /** A prebuilt workflow bundle; unset, the worker bundles workflows/ at start. */
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
  OPENAI_API_KEY: optionalSecret,
  OPENAI_BASE_URL: optionalUrl,
  SUMMARY_MODEL: z.string().min(1).default('gpt-4.1-mini'),
  REALTIME_MODEL: z.string().min(1).default('gpt-realtime'),
  /** The speech API renders the cached greetings: its model, and where it is when not at OPENAI_BASE_URL with OPENAI_API_KEY. */
  SPEECH_MODEL: z.string().min(1).default('gpt-4o-mini-tts'),
  OPENAI_SPEECH_BASE_URL: optionalUrl,
  OPENAI_SPEECH_API_KEY: optionalSecret,
  /** Twilio account; with TWILIO_API_BASE_URL unset, the real api.twilio.com. */
  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-f]{32}$/, 'expected AC + 32 hex digits').optional(),
  TWILIO_AUTH_TOKEN: optionalSecret,
  /** The Twilio REST simulator in local runs, e.g. http://127.0.0.1:4010. */
  TWILIO_API_BASE_URL: optionalUrl,
  /** When set, every process's `/metrics` answers only `Authorization: Bearer <METRICS_TOKEN>`; required in production. */
  METRICS_TOKEN: optionalSecret,
}).extend(FollowUpEnvSchema.shape);

/** Where call recordings are: the media-edge writes them, the API serves them. */
const recordingsDirSetting = z.string().min(1).default('recordings');
/** An AES-256-GCM key, 32 bytes base64. */
const encryptionKeySetting = z.string().refine(isEncryptionKey, 'expected 32 random bytes, base64 (openssl rand -base64 32)').optional();
/** Keys of data encrypted before a rotation, comma-separated: read, never written with. */
const previousKeysSetting = z.string().refine(isEncryptionKeyList, 'expected comma-separated keys of 32 bytes, base64').optional();

/** A refinement that refuses to run in production without the key `name`, saying what it encrypts. */
function requireKeyInProduction<Name extends string>(name: Name, encrypts: string) {
  return (env: { NODE_ENV: string } & Partial<Record<Name, string>>, ctx: z.RefinementCtx): void => {
    if (env.NODE_ENV === 'production' && env[name] === undefined) {
      ctx.addIssue({ code: 'custom', path: [name], message: `required when NODE_ENV=production: ${encrypts} (openssl rand -base64 32)` });
    }
  };
}

/** In production every process's /metrics is closed to anyone without the token: none starts without it. */
const requireMetricsTokenInProduction = requireKeyInProduction('METRICS_TOKEN', 'every scrape of /metrics must show it');

/** Recordings' key, required in production: the media-edge and the API refuse to start without it. */
const requireRecordingKeyInProduction = requireKeyInProduction('RECORDING_ENCRYPTION_KEY', 'call recordings are encrypted at rest');

/** What the HTTP API adds: where Twilio reaches us, and the stream-token secret. */
export const ApiEnvSchema = EnvSchema.extend({
  /** HTTP port of the API. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** The media-edge's public WebSocket URL for `<Stream url>`; must be wss:// in production. */
  MEDIA_STREAM_URL: z.url().default('ws://127.0.0.1:3001/media'),
  /** The media-edge's public WebSocket URL for web pages (`/browser`): where the browser agent talks without OPENAI_API_KEY. */
  BROWSER_STREAM_URL: z.url().default('ws://127.0.0.1:3001/browser'),
  /** HMAC secret shared by the API (signs) and the media-edge (verifies). */
  STREAM_TOKEN_SECRET: z.string().min(16, 'use at least 16 characters'),
  /** Requests one API key may make under /v1 per window; requests without a valid key count per IP address. */
  API_RATE_LIMIT: z.coerce.number().int().min(1).default(300),
  API_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  /** Requests one source address may make per window to every route outside /v1: the Twilio webhooks, health, metrics, docs, web pages. */
  PUBLIC_RATE_LIMIT: z.coerce.number().int().min(1).default(3000),
  TRUST_PROXY: trustProxySetting,
  /** The built admin console and browser agent (`npm run build` writes dist/web), served at /admin and /client. */
  WEB_DIST_DIR: z.string().min(1).default('dist/web'),
  RECORDINGS_DIR: recordingsDirSetting,
  RECORDING_ENCRYPTION_KEY: encryptionKeySetting,
  RECORDING_PREVIOUS_KEYS: previousKeysSetting,
})
  .superRefine(requireRecordingKeyInProduction)
  .superRefine(requireMetricsTokenInProduction);

/**
 * Ample for a healthy server, where a signal takes milliseconds; on one slow
 * enough to answer 4 a second, 32 in flight still meet the 10 s deadline.
 */
export const DEFAULT_SIGNALS_IN_FLIGHT = 32;

/** What the media-edge adds: its port, the Realtime endpoint, the stream-token secret, its signal cap. */
export const MediaEdgeEnvSchema = EnvSchema.extend({
  MEDIA_EDGE_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  /** GA Realtime WebSocket endpoint; the Realtime simulator in local runs. */
  OPENAI_REALTIME_URL: z.url().default('wss://api.openai.com/v1/realtime'),
  STREAM_TOKEN_SECRET: z.string().min(16, 'use at least 16 characters'),
  RECORDINGS_DIR: recordingsDirSetting,
  RECORDING_ENCRYPTION_KEY: encryptionKeySetting,
  /** Signal RPCs to Temporal in flight at once, over all calls (apps/media-edge/src/signal-gate.ts). */
  MEDIA_EDGE_SIGNALS_IN_FLIGHT: z.coerce.number().int().min(1).default(DEFAULT_SIGNALS_IN_FLIGHT),
})
  .superRefine(requireRecordingKeyInProduction)
  .superRefine(requireMetricsTokenInProduction);

/** SWITCHBOARD_TODAY: the date tests and demos pretend it is (see clockFor); never in production. */
const todaySetting = {
  SWITCHBOARD_TODAY: z
    .string()
    .refine((value) => parseToday(value) !== null, 'expected a real date written YYYY-MM-DD')
    .optional(),
};

function refuseTodayInProduction(env: { NODE_ENV: string; SWITCHBOARD_TODAY?: string }, ctx: z.RefinementCtx): void {
  if (env.NODE_ENV === 'production' && env.SWITCHBOARD_TODAY !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['SWITCHBOARD_TODAY'], message: 'must not be set when NODE_ENV=production' });
  }
}

/** The keys of the secrets the database holds (libs/encryption/src/sealed-secret.ts): the worker opens them, `npm run crm-webhook` seals them. */
const dataKeySettings = {
  DATA_ENCRYPTION_KEY: encryptionKeySetting,
  DATA_PREVIOUS_KEYS: previousKeysSetting,
};

/** The worker refuses to start in production without it. */
const requireDataKeyInProduction = requireKeyInProduction('DATA_ENCRYPTION_KEY', "the secrets the database holds (tenants' CRM webhook signing secrets) are encrypted at rest");

/** What the worker adds: the clock its tools read, where Prometheus scrapes it, and the keys of the secrets it reads from the database. */
export const WorkerEnvSchema = EnvSchema.extend({
  ...todaySetting,
  /** HTTP port of the worker's `/metrics` and `/healthz`. */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(3002),
  ...dataKeySettings,
})
  .superRefine(refuseTodayInProduction)
  .superRefine(requireDataKeyInProduction)
  .superRefine(requireMetricsTokenInProduction);

/** What the commands that seal secrets into the database read (`npm run crm-webhook`). */
export const DataKeysEnvSchema = EnvSchema.pick({ DATABASE_URL: true }).extend(dataKeySettings);

const ClockEnvSchema = EnvSchema.pick({ NODE_ENV: true }).extend(todaySetting).superRefine(refuseTodayInProduction);

export type Env = z.infer<typeof EnvSchema>;
export type ApiEnv = z.infer<typeof ApiEnvSchema>;
export type MediaEdgeEnv = z.infer<typeof MediaEdgeEnvSchema>;
export type DataKeysEnv = z.infer<typeof DataKeysEnvSchema>;

export class ConfigError extends Error {}

export function loadEnv(source?: NodeJS.ProcessEnv): Env;
export function loadEnv<S extends z.ZodType>(source: NodeJS.ProcessEnv | undefined, schema: S): z.output<S>;
export function loadEnv(source: NodeJS.ProcessEnv = process.env, schema: z.ZodType = EnvSchema): unknown {
  const secrets = resolveSecretSettings(source);
  if (!secrets.ok) throw new ConfigError(`Invalid configuration:\n${secrets.problems.join('\n')}`);
  const parsed = schema.safeParse(secrets.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new ConfigError(`Invalid configuration:\n${problems}`);
  }
  return parsed.data;
}

/** The clock SWITCHBOARD_TODAY asks for, for the seed, the local simulators and the tests. */
export function clockFromEnv(source: NodeJS.ProcessEnv = process.env): Clock {
  return clockFor(loadEnv(source, ClockEnvSchema).SWITCHBOARD_TODAY);
}
