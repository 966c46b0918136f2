import { EncryptionKeyRing } from '../../encryption/src/key-ring';

/** RECORDING_ENCRYPTION_KEY writes new recordings; RECORDING_PREVIOUS_KEYS still read the files they wrote. Undefined without the key. */
export function recordingKeyRingFrom(settings: { RECORDING_ENCRYPTION_KEY?: string; RECORDING_PREVIOUS_KEYS?: string }): EncryptionKeyRing | undefined {
  return EncryptionKeyRing.fromSettings(settings.RECORDING_ENCRYPTION_KEY, settings.RECORDING_PREVIOUS_KEYS);
}
