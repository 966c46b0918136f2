import { randomBytes } from 'node:crypto';
import { EncryptionKeyRing } from '../../../libs/encryption/src/key-ring';
import { dataKeyRingFrom, isSealedSecret, openSealedSecret, SealedSecretRefusedError, sealedKeyId, sealSecret } from '../../../libs/encryption/src/sealed-secret';

const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const BINDING = { purpose: 'AgentConfig.crmWebhookSecret', tenantId: 'cm0tenanta000000000000000' };
const newKey = () => randomBytes(32).toString('base64');
const ringOf = (current: string, previous?: string) => dataKeyRingFrom({ DATA_ENCRYPTION_KEY: current, DATA_PREVIOUS_KEYS: previous })!;

/** `sealed` with the byte at `index` of its decoded data flipped. */
function flipDataByte(sealed: string, index: (length: number) => number): string {
  const parts = sealed.split(':');
  const data = Buffer.from(parts[3], 'base64');
  data[index(data.length)] ^= 0x01;
  return [...parts.slice(0, 3), data.toString('base64')].join(':');
}

function refusal(open: () => unknown): string {
  try {
    open();
  } catch (error) {
    expect(error).toBeInstanceOf(SealedSecretRefusedError);
    return (error as Error).message;
  }
  throw new Error('expected the sealed secret to be refused');
}

describe('sealed secrets', () => {
  const keys = ringOf(newKey());
  const sealed = sealSecret(SECRET, BINDING, keys);

  it('are one line, sbenc:v1:<key id>:<base64>, that holds nothing of the secret, and open to it', () => {
    expect(sealed).toMatch(new RegExp(`^sbenc:v1:${keys.current.id}:[A-Za-z0-9+/]+={0,2}$`));
    expect(sealed).not.toContain(SECRET.slice('whsec_'.length));
    expect(Buffer.from(sealed.split(':')[3], 'base64').toString('latin1')).not.toContain(SECRET);
    expect(isSealedSecret(sealed)).toBe(true);
    expect(isSealedSecret(SECRET)).toBe(false);
    expect(openSealedSecret(sealed, BINDING, keys)).toBe(SECRET);
  });

  it('take a fresh nonce each time: the same secret never seals to the same text', () => {
    const again = sealSecret(SECRET, BINDING, keys);
    expect(again).not.toBe(sealed);
    expect(openSealedSecret(again, BINDING, keys)).toBe(SECRET);
    expect(openSealedSecret(sealSecret('päss wörd ✓', BINDING, keys), BINDING, keys)).toBe('päss wörd ✓');
  });

  it('open only for the tenant and purpose they were sealed for', () => {
    const integrity = 'fails its integrity check: it was altered, or sealed for another tenant or purpose';
    expect(refusal(() => openSealedSecret(sealed, { ...BINDING, tenantId: 'cm0tenantb000000000000000' }, keys))).toContain(integrity);
    expect(refusal(() => openSealedSecret(sealed, { ...BINDING, purpose: 'Other.column' }, keys))).toContain(integrity);
  });

  const [prefix, version, keyId, data] = sealed.split(':');
  it.each([
    ['another prefix', `sbenx:${version}:${keyId}:${data}`, 'not a sealed secret (expected sbenc:v1:<key id>:<data>)'],
    ['a part more', `${sealed}:AAAA`, 'not a sealed secret'],
    ['the plain secret', SECRET, 'not a sealed secret'],
    ['another version', `${prefix}:v2:${keyId}:${data}`, 'sealed in an unknown format version "v2"'],
    ['an unknown key id', `${prefix}:${version}:${'0'.repeat(16)}:${data}`, `sealed with key ${'0'.repeat(16)}, which neither DATA_ENCRYPTION_KEY nor DATA_PREVIOUS_KEYS holds`],
    ['a flipped nonce byte', flipDataByte(sealed, () => 0), 'fails its integrity check'],
    ['a flipped ciphertext byte', flipDataByte(sealed, () => 12), 'fails its integrity check'],
    ['a flipped tag byte', flipDataByte(sealed, (length) => length - 1), 'fails its integrity check'],
    ['data cut short', `${prefix}:${version}:${keyId}:${Buffer.from(data, 'base64').subarray(0, 28).toString('base64')}`, 'damaged: its data is not a nonce, a ciphertext and a tag in base64'],
    ['data that is not base64', `${prefix}:${version}:${keyId}:${data.replace(/.$/, '!')}`, 'damaged'],
  ])('are refused with %s, saying why and nothing of the secret', (_what, tampered, reason) => {
    const message = refusal(() => openSealedSecret(tampered, BINDING, keys));
    expect(message).toContain(reason);
    expect(message).not.toContain(SECRET.slice('whsec_'.length, 20));
  });

  it('are refused when their key id is changed to that of another key of the ring', () => {
    const ring = ringOf(newKey(), keys.current.key.toString('base64'));
    expect(refusal(() => openSealedSecret(`${prefix}:${version}:${ring.current.id}:${data}`, BINDING, ring))).toContain('fails its integrity check');
  });

  it('sealed under another key are refused, naming the key id and the settings that would hold it', () => {
    const stranger = sealSecret(SECRET, BINDING, ringOf(newKey()));
    expect(refusal(() => openSealedSecret(stranger, BINDING, keys))).toBe(
      `sealed with key ${stranger.split(':')[2]}, which neither DATA_ENCRYPTION_KEY nor DATA_PREVIOUS_KEYS holds`,
    );
  });

  it('still open after a key rotation with the old key among DATA_PREVIOUS_KEYS, and only so; new ones are sealed under the new key', () => {
    const oldKey = newKey();
    const beforeRotation = sealSecret(SECRET, BINDING, ringOf(oldKey));
    const rotated = ringOf(newKey(), `${newKey()}, ${oldKey}`);
    expect(openSealedSecret(beforeRotation, BINDING, rotated)).toBe(SECRET);
    expect(sealSecret(SECRET, BINDING, rotated).split(':')[2]).toBe(rotated.current.id);
    expect([sealedKeyId(beforeRotation), sealedKeyId(sealSecret(SECRET, BINDING, rotated)), sealedKeyId(SECRET)]).toEqual([ringOf(oldKey).current.id, rotated.current.id, undefined]);
    expect(refusal(() => openSealedSecret(beforeRotation, BINDING, ringOf(rotated.current.key.toString('base64'))))).toContain('which neither DATA_ENCRYPTION_KEY nor DATA_PREVIOUS_KEYS holds');
  });

  it('need DATA_ENCRYPTION_KEY: without it there is no key ring', () => {
    expect(dataKeyRingFrom({})).toBeUndefined();
    expect(dataKeyRingFrom({ DATA_PREVIOUS_KEYS: newKey() })).toBeUndefined();
    expect(EncryptionKeyRing.fromSettings(newKey(), undefined)).toBeInstanceOf(EncryptionKeyRing);
  });
});
