import pino, { type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';
import { SECRET_SETTINGS } from '../../config/src/secret-settings';

/** Fields that hold secrets wherever they are logged, and every secret setting by its name. */
const SECRET_FIELDS = ['apiKey', 'authToken', 'token', 'clientSecret', 'password', ...SECRET_SETTINGS];
const PHONE_NUMBER_FIELDS = ['from', 'to', 'callerNumber', 'phoneNumber'];
const PHONE_NUMBER_FIELD_SET = new Set(PHONE_NUMBER_FIELDS);

/** At the top level of a log line and one level down (e.g. `{ call: { from } }`). */
const anyDepthUpToOne = (fields: string[]) => fields.flatMap((field) => [field, `*.${field}`]);

/**
 * The logger of every process (api, worker, media-edge, the local tools): JSON
 * lines when NODE_ENV is production, one readable line per entry otherwise.
 * Secrets are replaced by `[redacted]`; phone numbers keep only their last
 * four digits (`+*******0188`), enough to tell calls apart. Without a
 * level or LOG_LEVEL: `info`, except under Jest (NODE_ENV=test), where
 * processes run inside tests stay quiet.
 */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? defaultLevel()): Logger {
  const options: LoggerOptions = {
    name,
    level,
    redact: {
      paths: [...anyDepthUpToOne(SECRET_FIELDS), ...anyDepthUpToOne(PHONE_NUMBER_FIELDS), 'headers.authorization', '*.headers.authorization'],
      censor: (value, path) => (PHONE_NUMBER_FIELD_SET.has(path[path.length - 1]) ? maskPhoneNumber(value) : '[redacted]'),
    },
  };
  if (process.env.NODE_ENV === 'production') return pino(options);
  return pino(options, pretty({ sync: true, singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }));
}

function defaultLevel(): string {
  return process.env.NODE_ENV === 'test' ? 'silent' : 'info';
}

/** Every digit but the last four becomes `*`; what is not a string is redacted whole. */
export function maskPhoneNumber(value: unknown): string {
  return typeof value === 'string' ? value.replace(/\d(?=(?:\D*\d){4})/g, '*') : '[redacted]';
}
