import { createHash } from 'node:crypto';

/** AES-256: 32 bytes. */
const KEY_BYTES = 32;
/** Bytes of the key's SHA-256 that name it in each file's header. */
export const KEY_ID_BYTES = 8;

export interface RecordingKey {
  /** 16 hex digits: the start of the key's SHA-256, written in the header of every file it encrypts. */
  id: string;
  key: Buffer;
}

/** Whether `value` is a recording key as the settings take it: 32 bytes, base64. */
export function isRecordingKey(value: string): boolean {
  return decodeKey(value) !== undefined;
}

/** Whether `value` is a comma-separated list of recording keys. */
export function isRecordingKeyList(value: string): boolean {
  return keyList(value).every(isRecordingKey);
}

/**
 * The keys recordings are encrypted with: the current one writes new files;
 * previous ones (after a rotation) still read the files they wrote. A file
 * names its key by id, so no file is ever tried with the wrong key.
 */
export class RecordingKeyRing {
  private readonly byId: Map<string, RecordingKey>;

  private constructor(
    readonly current: RecordingKey,
    previous: RecordingKey[],
  ) {
    this.byId = new Map([...previous, current].map((key) => [key.id, key]));
  }

  /** From the settings (validated by libs/config); undefined without RECORDING_ENCRYPTION_KEY. */
  static fromSettings(settings: { RECORDING_ENCRYPTION_KEY?: string; RECORDING_PREVIOUS_KEYS?: string }): RecordingKeyRing | undefined {
    if (!settings.RECORDING_ENCRYPTION_KEY) return undefined;
    return new RecordingKeyRing(recordingKey(settings.RECORDING_ENCRYPTION_KEY), keyList(settings.RECORDING_PREVIOUS_KEYS ?? '').map(recordingKey));
  }

  find(id: string): RecordingKey | undefined {
    return this.byId.get(id);
  }
}

function recordingKey(value: string): RecordingKey {
  const key = decodeKey(value);
  if (!key) throw new Error('a recording key must be 32 bytes, base64');
  return { id: createHash('sha256').update(key).digest().subarray(0, KEY_ID_BYTES).toString('hex'), key };
}

function decodeKey(value: string): Buffer | undefined {
  const trimmed = value.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return undefined;
  const key = Buffer.from(trimmed, 'base64');
  return key.length === KEY_BYTES ? key : undefined;
}

function keyList(value: string): string[] {
  return value
    .split(',')
    .map((key) => key.trim())
    .filter(Boolean);
}
