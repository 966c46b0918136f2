import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApiEnvSchema, ConfigError, DataKeysEnvSchema, loadEnv, MediaEdgeEnvSchema, WorkerEnvSchema } from '../../../libs/config/src/env';

const DATABASE_URL = 'postgresql://switchboard@db.internal:5432/switchboard';
const STREAM_TOKEN_SECRET = 'stream-secret-from-a-file-0123456789';
const RECORDING_KEY = randomBytes(32).toString('base64');
const DATA_KEY = randomBytes(32).toString('base64');
const METRICS_TOKEN = 'metrics-token-for-prometheus';

describe('secret settings', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'secret-settings-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A file holding `content`, as Docker mounts a secret. */
  const secretFile = (name: string, content: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return file;
  };
  const configError = (run: () => unknown): string => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('expected a ConfigError');
  };

  it('reads each secret from the file <NAME>_FILE names, without the trailing newline', () => {
    const env = loadEnv(
      {
        DATABASE_URL,
        STREAM_TOKEN_SECRET_FILE: secretFile('stream-token-secret', `${STREAM_TOKEN_SECRET}\n`),
        TWILIO_AUTH_TOKEN_FILE: secretFile('twilio-auth-token', 'twilio-token-from-a-file\r\n'),
        OPENAI_API_KEY_FILE: secretFile('openai-api-key', 'sk-from-a-file'),
        RECORDING_ENCRYPTION_KEY_FILE: secretFile('recording-key', `${RECORDING_KEY}\n`),
      },
      ApiEnvSchema,
    );
    expect(env).toMatchObject({
      STREAM_TOKEN_SECRET,
      TWILIO_AUTH_TOKEN: 'twilio-token-from-a-file',
      OPENAI_API_KEY: 'sk-from-a-file',
      RECORDING_ENCRYPTION_KEY: RECORDING_KEY,
    });
  });

  it('puts DATABASE_PASSWORD (or the file of DATABASE_PASSWORD_FILE) into DATABASE_URL, encoded', () => {
    const password = 'p@ss:w/rd%20é';
    const fromFile = loadEnv({ DATABASE_URL, DATABASE_PASSWORD_FILE: secretFile('db-password', `${password}\n`) }, WorkerEnvSchema);
    const url = new URL(fromFile.DATABASE_URL);
    expect([url.username, decodeURIComponent(url.password), url.host, url.pathname]).toEqual(['switchboard', password, 'db.internal:5432', '/switchboard']);
    expect(loadEnv({ DATABASE_URL, DATABASE_PASSWORD: password }, WorkerEnvSchema).DATABASE_URL).toBe(fromFile.DATABASE_URL);
    // The whole URL may be the secret too.
    expect(loadEnv({ DATABASE_URL_FILE: secretFile('db-url', `${fromFile.DATABASE_URL}\n`) }, WorkerEnvSchema).DATABASE_URL).toBe(fromFile.DATABASE_URL);
  });

  it('refuses a secret given twice, a file it cannot read and an empty file, naming the setting and never a value', () => {
    const message = configError(() =>
      loadEnv(
        {
          DATABASE_URL,
          STREAM_TOKEN_SECRET,
          STREAM_TOKEN_SECRET_FILE: secretFile('twice', 'another-secret-0123456789'),
          TWILIO_AUTH_TOKEN_FILE: path.join(dir, 'missing'),
          OPENAI_API_KEY_FILE: secretFile('empty', '\n'),
        },
        ApiEnvSchema,
      ),
    );
    expect(message).toBe(
      [
        'Invalid configuration:',
        `  OPENAI_API_KEY_FILE: ${path.join(dir, 'empty')} is empty`,
        `  TWILIO_AUTH_TOKEN_FILE: cannot read ${path.join(dir, 'missing')} (ENOENT)`,
        '  STREAM_TOKEN_SECRET: set either STREAM_TOKEN_SECRET or STREAM_TOKEN_SECRET_FILE, not both',
      ].join('\n'),
    );
    expect(message).not.toContain(STREAM_TOKEN_SECRET);
  });

  it('validates a secret read from a file like one from the environment', () => {
    const message = configError(() => loadEnv({ DATABASE_URL, STREAM_TOKEN_SECRET_FILE: secretFile('short', 'short-secret') }, MediaEdgeEnvSchema));
    expect(message).toBe('Invalid configuration:\n  STREAM_TOKEN_SECRET: use at least 16 characters');
  });

  describe('RECORDING_ENCRYPTION_KEY', () => {
    const production = { NODE_ENV: 'production', DATABASE_URL, STREAM_TOKEN_SECRET, METRICS_TOKEN };

    it('is required in production by the media-edge and the API, which write and serve recordings', () => {
      for (const schema of [MediaEdgeEnvSchema, ApiEnvSchema]) {
        expect(configError(() => loadEnv(production, schema))).toContain(
          'RECORDING_ENCRYPTION_KEY: required when NODE_ENV=production: call recordings are encrypted at rest (openssl rand -base64 32)',
        );
        expect(loadEnv({ ...production, RECORDING_ENCRYPTION_KEY: RECORDING_KEY }, schema).RECORDING_ENCRYPTION_KEY).toBe(RECORDING_KEY);
      }
      expect(loadEnv({ DATABASE_URL, STREAM_TOKEN_SECRET }, MediaEdgeEnvSchema).RECORDING_ENCRYPTION_KEY).toBeUndefined();
    });

    it.each([
      ['16 bytes', randomBytes(16).toString('base64')],
      ['not base64', 'correct horse battery staple correct horse'],
    ])('must be 32 bytes of base64, not %s', (_what, key) => {
      expect(configError(() => loadEnv({ DATABASE_URL, STREAM_TOKEN_SECRET, RECORDING_ENCRYPTION_KEY: key }, MediaEdgeEnvSchema))).toBe(
        'Invalid configuration:\n  RECORDING_ENCRYPTION_KEY: expected 32 random bytes, base64 (openssl rand -base64 32)',
      );
    });

    it('takes the keys of earlier rotations in RECORDING_PREVIOUS_KEYS, each checked', () => {
      const previous = `${randomBytes(32).toString('base64')}, ${randomBytes(32).toString('base64')}`;
      expect(loadEnv({ DATABASE_URL, STREAM_TOKEN_SECRET, RECORDING_ENCRYPTION_KEY: RECORDING_KEY, RECORDING_PREVIOUS_KEYS: previous }, ApiEnvSchema).RECORDING_PREVIOUS_KEYS).toBe(previous);
      expect(configError(() => loadEnv({ DATABASE_URL, STREAM_TOKEN_SECRET, RECORDING_PREVIOUS_KEYS: `${RECORDING_KEY},oops` }, ApiEnvSchema))).toContain(
        'RECORDING_PREVIOUS_KEYS: expected comma-separated keys of 32 bytes, base64',
      );
    });
  });

  describe('METRICS_TOKEN', () => {
    it('is required in production by every app, so no /metrics is open there', () => {
      const production = { NODE_ENV: 'production', DATABASE_URL, STREAM_TOKEN_SECRET, RECORDING_ENCRYPTION_KEY: RECORDING_KEY, DATA_ENCRYPTION_KEY: DATA_KEY };
      for (const schema of [ApiEnvSchema, MediaEdgeEnvSchema, WorkerEnvSchema]) {
        expect(configError(() => loadEnv(production, schema))).toBe(
          'Invalid configuration:\n  METRICS_TOKEN: required when NODE_ENV=production: every scrape of /metrics must show it (openssl rand -base64 32)',
        );
        expect(loadEnv({ ...production, METRICS_TOKEN }, schema).METRICS_TOKEN).toBe(METRICS_TOKEN);
      }
      expect(loadEnv({ DATABASE_URL, STREAM_TOKEN_SECRET }, ApiEnvSchema).METRICS_TOKEN).toBeUndefined();
    });
  });

  describe('DATA_ENCRYPTION_KEY', () => {
    it('is required in production by the worker, which opens the secrets the database holds', () => {
      const production = { NODE_ENV: 'production', DATABASE_URL, METRICS_TOKEN };
      expect(configError(() => loadEnv(production, WorkerEnvSchema))).toBe(
        "Invalid configuration:\n  DATA_ENCRYPTION_KEY: required when NODE_ENV=production: the secrets the database holds (tenants' CRM webhook signing secrets) are encrypted at rest (openssl rand -base64 32)",
      );
      expect(loadEnv({ ...production, DATA_ENCRYPTION_KEY_FILE: secretFile('data-key', `${DATA_KEY}\n`) }, WorkerEnvSchema).DATA_ENCRYPTION_KEY).toBe(DATA_KEY);
      expect(loadEnv({ DATABASE_URL }, WorkerEnvSchema).DATA_ENCRYPTION_KEY).toBeUndefined();
    });

    it('and DATA_PREVIOUS_KEYS are checked like the recording keys, by the worker and by the commands that seal secrets', () => {
      for (const schema of [WorkerEnvSchema, DataKeysEnvSchema]) {
        expect(configError(() => loadEnv({ DATABASE_URL, DATA_ENCRYPTION_KEY: randomBytes(16).toString('base64'), DATA_PREVIOUS_KEYS: `${DATA_KEY},oops` }, schema))).toBe(
          [
            'Invalid configuration:',
            '  DATA_ENCRYPTION_KEY: expected 32 random bytes, base64 (openssl rand -base64 32)',
            '  DATA_PREVIOUS_KEYS: expected comma-separated keys of 32 bytes, base64',
          ].join('\n'),
        );
        expect(loadEnv({ DATABASE_URL, DATA_ENCRYPTION_KEY: DATA_KEY, DATA_PREVIOUS_KEYS: RECORDING_KEY }, schema)).toMatchObject({ DATA_ENCRYPTION_KEY: DATA_KEY, DATA_PREVIOUS_KEYS: RECORDING_KEY });
      }
    });
  });
});
