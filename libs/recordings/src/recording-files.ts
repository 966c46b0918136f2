import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { WavFileSink, type RecordingSink } from '../../audio/src/wav';
import { EncryptedRecordingSink } from './encrypted-recording';
import type { EncryptionKey } from '../../encryption/src/key-ring';

/**
 * Where a call's recording is in RECORDINGS_DIR: `<callSid>.enc` encrypted
 * (RECORDING_ENCRYPTION_KEY set), `<callSid>.wav` plain (without a key,
 * outside production only). The media-edge writes it, the API serves it.
 */
export function recordingFiles(dir: string, callSid: string): { encrypted: string; plain: string } {
  const base = path.join(path.resolve(dir), callSid);
  return { encrypted: `${base}.enc`, plain: `${base}.wav` };
}

/** A new recording of `callSid`: encrypted under `key` when there is one, else a plain WAV file. */
export async function openRecordingSink(dir: string, callSid: string, key: EncryptionKey | undefined): Promise<RecordingSink> {
  await mkdir(dir, { recursive: true });
  const files = recordingFiles(dir, callSid);
  return key ? EncryptedRecordingSink.open(files.encrypted, callSid, key) : WavFileSink.open(files.plain);
}
