import { EncryptionKeyRing, type EncryptionKey } from '../../encryption/src/key-ring';

/** The key a recording is encrypted with; its id is in the header of every file it encrypts. */
export type RecordingKey = EncryptionKey;

/** RECORDING_ENCRYPTION_KEY writes new recordings; RECORDING_PREVIOUS_KEYS still read the files they wrote. */
export type RecordingKeyRing = EncryptionKeyRing;

export const RecordingKeyRing = {
  /** From the settings (validated by libs/config); undefined without RECORDING_ENCRYPTION_KEY. */
  fromSettings(settings: { RECORDING_ENCRYPTION_KEY?: string; RECORDING_PREVIOUS_KEYS?: string }): RecordingKeyRing | undefined {
    return EncryptionKeyRing.fromSettings(settings.RECORDING_ENCRYPTION_KEY, settings.RECORDING_PREVIOUS_KEYS);
  },
};
