import { readFileSync } from 'node:fs';

/**
 * The settings that are secrets. Each may be given in the environment or, as
 * Docker and Kubernetes secrets are mounted, in a file that `<NAME>_FILE`
 * names (its content is the value, a trailing newline dropped).
 */
export const SECRET_SETTINGS = [
  'DATABASE_URL',
  'DATABASE_PASSWORD',
  'OPENAI_API_KEY',
  'OPENAI_SPEECH_API_KEY',
  'TWILIO_AUTH_TOKEN',
  'STREAM_TOKEN_SECRET',
  'RECORDING_ENCRYPTION_KEY',
  'RECORDING_PREVIOUS_KEYS',
  'DATA_ENCRYPTION_KEY',
  'DATA_PREVIOUS_KEYS',
  'METRICS_TOKEN',
] as const;

export type SecretResolution = { ok: true; env: Record<string, string> } | { ok: false; problems: string[] };

/**
 * `source` with every `<NAME>_FILE` of a secret setting read into `NAME`, and
 * `DATABASE_PASSWORD` put into `DATABASE_URL` (so the URL in the environment
 * may carry no password). Empty values count as unset, as in `.env.example`.
 */
export function resolveSecretSettings(source: NodeJS.ProcessEnv): SecretResolution {
  const env: Record<string, string> = Object.fromEntries(Object.entries(source).filter((entry): entry is [string, string] => !!entry[1]));
  const problems: string[] = [];
  for (const name of SECRET_SETTINGS) {
    const file = env[`${name}_FILE`];
    if (file === undefined) continue;
    if (env[name] !== undefined) {
      problems.push(`  ${name}: set either ${name} or ${name}_FILE, not both`);
      continue;
    }
    const value = readSecretFile(file);
    if (value.ok) env[name] = value.secret;
    else problems.push(`  ${name}_FILE: ${value.problem}`);
  }
  const password = env.DATABASE_PASSWORD;
  delete env.DATABASE_PASSWORD;
  if (password !== undefined && env.DATABASE_URL !== undefined) {
    const url = withPassword(env.DATABASE_URL, password);
    if (url === undefined) problems.push('  DATABASE_URL: must be a postgresql:// URL for DATABASE_PASSWORD to go into');
    else env.DATABASE_URL = url;
  }
  return problems.length ? { ok: false, problems } : { ok: true, env };
}

function readSecretFile(file: string): { ok: true; secret: string } | { ok: false; problem: string } {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    // The path and the error code only: never a byte of what the file holds.
    return { ok: false, problem: `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  const secret = content.replace(/\r?\n$/, '');
  return secret ? { ok: true, secret } : { ok: false, problem: `${file} is empty` };
}

function withPassword(databaseUrl: string, password: string): string | undefined {
  if (!URL.canParse(databaseUrl) || !/^postgres(ql)?:$/.test(new URL(databaseUrl).protocol)) return undefined;
  const url = new URL(databaseUrl);
  url.password = encodeURIComponent(password);
  return url.toString();
}
