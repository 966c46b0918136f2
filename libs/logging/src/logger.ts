import pino, { type Logger } from 'pino';

/** Structured JSON logs; secrets are redacted wherever they might appear. */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: ['apiKey', 'authToken', 'token', '*.apiKey', '*.authToken', '*.token', 'headers.authorization', 'DATABASE_URL', '*.DATABASE_URL'],
      censor: '[redacted]',
    },
  });
}
