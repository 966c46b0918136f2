import { z } from 'zod';

const optionalUrl = z.url().optional();
const optionalSecret = z.string().min(1).optional();

/**
 * Every setting, validated once at boot; `.env.example` documents each one.
 * Unset OpenAI/Twilio settings mean: local simulators and local summaries.
 */
export const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** HTTP port of the API. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL'),
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_UI_URL: optionalUrl,
  /** A prebuilt workflow bundle; unset, the worker bundles workflows/ at start. */
  WORKFLOW_BUNDLE_PATH: z.string().min(1).optional(),
  OPENAI_API_KEY: optionalSecret,
  OPENAI_BASE_URL: optionalUrl,
  SUMMARY_MODEL: z.string().min(1).default('gpt-4.1-mini'),
  REALTIME_MODEL: z.string().min(1).default('gpt-realtime'),
});

export type Env = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {}

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new ConfigError(`Invalid configuration:\n${problems}`);
  }
  return parsed.data;
}
