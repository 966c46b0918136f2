import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { EncryptionKeyRing } from './key-ring';

/**
 * A short secret the database holds (a tenant's webhook signing secret),
 * sealed with AES-256-GCM under DATA_ENCRYPTION_KEY, as one line of text:
 *
 *     sbenc:v1:<key id, 16 hex>:<base64 of nonce (12) | ciphertext | tag (16)>
 *
 * The additional data is the header, the secret's purpose and its tenant: a
 * sealed value copied to another column or another tenant's row fails its tag.
 */
const PREFIX = 'sbenc';
const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Where a sealed secret belongs: it opens only for the same purpose and tenant. */
export interface SecretBinding {
  /** What the secret is, e.g. the column that holds it. */
  purpose: string;
  tenantId: string;
}

/** A sealed secret that does not open: damaged, altered, bound elsewhere, or under a key the ring lacks. */
export class SealedSecretRefusedError extends Error {}

/** The keys of secrets the database holds, from the settings (validated by libs/config); undefined without DATA_ENCRYPTION_KEY. */
export function dataKeyRingFrom(settings: { DATA_ENCRYPTION_KEY?: string; DATA_PREVIOUS_KEYS?: string }): EncryptionKeyRing | undefined {
  return EncryptionKeyRing.fromSettings(settings.DATA_ENCRYPTION_KEY, settings.DATA_PREVIOUS_KEYS);
}

/** Whether `stored` is in the sealed format (whether or not it opens). */
export function isSealedSecret(stored: string): boolean {
  return stored.startsWith(`${PREFIX}:`);
}

/** The id of the key `stored` names as its sealer; undefined when it is not a sealed secret. */
export function sealedKeyId(stored: string): string | undefined {
  return sealedParts(stored)?.keyId;
}

/** `secret` sealed under the ring's current key, with a fresh nonce. */
export function sealSecret(secret: string, binding: SecretBinding, keys: EncryptionKeyRing): string {
  const header = `${PREFIX}:${VERSION}:${keys.current.id}`;
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keys.current.key, nonce);
  cipher.setAAD(additionalData(header, binding));
  const sealed = Buffer.concat([nonce, cipher.update(secret, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${header}:${sealed.toString('base64')}`;
}

/** The secret `sealed` holds; throws {@link SealedSecretRefusedError}, whose message never holds a byte of it. */
export function openSealedSecret(sealed: string, binding: SecretBinding, keys: EncryptionKeyRing): string {
  const parts = sealedParts(sealed);
  if (!parts) throw new SealedSecretRefusedError(`not a sealed secret (expected ${PREFIX}:${VERSION}:<key id>:<data>)`);
  const { header, version, keyId, data } = parts;
  if (version !== VERSION) throw new SealedSecretRefusedError(`sealed in an unknown format version ${JSON.stringify(version)}`);
  const key = keys.find(keyId);
  if (!key) throw new SealedSecretRefusedError(`sealed with key ${keyId}, which neither DATA_ENCRYPTION_KEY nor DATA_PREVIOUS_KEYS holds`);
  const bytes = BASE64.test(data) ? Buffer.from(data, 'base64') : Buffer.alloc(0);
  if (bytes.length <= NONCE_BYTES + TAG_BYTES) throw new SealedSecretRefusedError('damaged: its data is not a nonce, a ciphertext and a tag in base64');
  const decipher = createDecipheriv('aes-256-gcm', key.key, bytes.subarray(0, NONCE_BYTES));
  decipher.setAAD(additionalData(header, binding));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new SealedSecretRefusedError('fails its integrity check: it was altered, or sealed for another tenant or purpose');
  }
}

function sealedParts(stored: string): { header: string; version: string; keyId: string; data: string } | undefined {
  const parts = stored.split(':');
  if (parts.length !== 4 || parts[0] !== PREFIX) return undefined;
  const [, version, keyId, data] = parts;
  return { header: parts.slice(0, 3).join(':'), version, keyId, data };
}

function additionalData(header: string, binding: SecretBinding): Buffer {
  return Buffer.from(JSON.stringify([header, binding.purpose, binding.tenantId]), 'utf8');
}
