import { createHash } from 'node:crypto';

/** AES-256: 32 bytes. */
const KEY_BYTES = 32;
/** Bytes of the key's SHA-256 that name it in whatever it encrypts. */
export const KEY_ID_BYTES = 8;

export interface EncryptionKey {
  /** 16 hex digits: the start of the key's SHA-256, written beside everything it encrypts. */
  id: string;
  key: Buffer;
}

/** Whether `value` is an encryption key as the settings take it: 32 bytes, base64. */
export function isEncryptionKey(value: string): boolean {
  return decodeKey(value) !== undefined;
}

/** Whether `value` is a comma-separated list of encryption keys. */
export function isEncryptionKeyList(value: string): boolean {
  return keyList(value).every(isEncryptionKey);
}

/**
 * The keys of one kind of data at rest: the current one encrypts; previous
 * ones (after a rotation) still decrypt what they encrypted. What is
 * encrypted names its key by id, so nothing is ever tried with the wrong key.
 */
export class EncryptionKeyRing {
  private readonly byId: Map<string, EncryptionKey>;

  private constructor(
    readonly current: EncryptionKey,
    previous: EncryptionKey[],
  ) {
    this.byId = new Map([...previous, current].map((key) => [key.id, key]));
  }

  /** From a current key and the comma-separated keys before it, as settings validated by libs/config; undefined without a current key. */
  static fromSettings(current: string | undefined, previous: string | undefined): EncryptionKeyRing | undefined {
    if (!current) return undefined;
    return new EncryptionKeyRing(encryptionKey(current), keyList(previous ?? '').map(encryptionKey));
  }

  find(id: string): EncryptionKey | undefined {
    return this.byId.get(id);
  }
}

function encryptionKey(value: string): EncryptionKey {
  const key = decodeKey(value);
  if (!key) throw new Error('an encryption key must be 32 bytes, base64');
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
