import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import type { RecordingSink } from '../../audio/src/wav';
import { KEY_ID_BYTES, type EncryptionKey, type EncryptionKeyRing } from '../../encryption/src/key-ring';

/**
 * An encrypted recording: the audio a WAV file would hold, in AES-256-GCM
 * records of about a second each, so a call is encrypted as it is recorded.
 *
 *     file   := magic "SBRC" | version 1 | key id (8 bytes) | record*
 *     record := flags (1) | length (u32 BE) | nonce (12) | ciphertext (length) | tag (16)
 *
 * Each record's additional data is the file header, the CallSid, its index,
 * flags and length: a record cannot be changed, moved, dropped or spliced into
 * another call's file without failing its tag. The last record of a finished
 * recording is an empty one flagged `FINAL`; a file without it was cut short
 * (the media-edge died mid-call) and holds the records before the cut.
 */
const MAGIC = Buffer.from('SBRC', 'ascii');
const VERSION = 1;
const HEADER_BYTES = MAGIC.length + 1 + KEY_ID_BYTES;
const FINAL = 0x01;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const RECORD_PREFIX_BYTES = 1 + 4 + NONCE_BYTES;
/** Far above the media-edge's ~16 KB records: a larger length is damage, not audio. */
const MAX_RECORD_BYTES = 1 << 20;

/** A recording the API will not serve: tampered with, damaged, or under a key it lacks. */
export class RecordingRefusedError extends Error {}

/** Writes an encrypted recording of `callSid` under `key` (created or truncated). */
export class EncryptedRecordingSink implements RecordingSink {
  private index = 0;
  private position = HEADER_BYTES;

  private constructor(
    readonly path: string,
    private readonly file: FileHandle,
    private readonly header: Buffer,
    private readonly callSid: string,
    private readonly key: EncryptionKey,
  ) {}

  static async open(path: string, callSid: string, key: EncryptionKey): Promise<EncryptedRecordingSink> {
    const header = Buffer.concat([MAGIC, Buffer.from([VERSION]), Buffer.from(key.id, 'hex')]);
    const file = await open(path, 'w');
    try {
      await file.write(header, 0, header.length, 0);
    } catch (error) {
      await file.close();
      throw error;
    }
    return new EncryptedRecordingSink(path, file, header, callSid, key);
  }

  write(audio: Buffer): Promise<void> {
    return this.append(0, audio);
  }

  async close(complete: boolean): Promise<void> {
    try {
      if (complete) await this.append(FINAL, Buffer.alloc(0));
    } finally {
      await this.file.close();
    }
  }

  private async append(flags: number, audio: Buffer): Promise<void> {
    const prefix = recordPrefix(flags, audio.length, randomBytes(NONCE_BYTES));
    const cipher = createCipheriv('aes-256-gcm', this.key.key, prefix.subarray(5));
    cipher.setAAD(additionalData(this.header, this.callSid, this.index, prefix));
    const record = Buffer.concat([prefix, cipher.update(audio), cipher.final(), cipher.getAuthTag()]);
    this.index += 1;
    const position = this.position;
    this.position += record.length;
    await this.file.write(record, 0, record.length, position);
  }
}

/** An encrypted recording whose every record passed its check. */
export interface CheckedRecording {
  /** Bytes of audio (interleaved stereo μ-law) it holds. */
  audioBytes: number;
  /** False when the recording was cut short: the audio up to the cut is intact. */
  complete: boolean;
  /** Its audio, decrypted (and checked) again record by record as it is read: never the whole call in memory. */
  audio(): AsyncIterable<Buffer>;
}

/**
 * Reads the whole file and checks every record's tag before anything is
 * handed out; throws {@link RecordingRefusedError} on the first that fails.
 */
export async function openEncryptedRecording(path: string, callSid: string, keys: EncryptionKeyRing): Promise<CheckedRecording> {
  const records = decryptRecords(path, callSid, keys);
  let audioBytes = 0;
  for (let next = await records.next(); ; next = await records.next()) {
    if (next.done) return { audioBytes, complete: next.value, audio: () => firstBytes(decryptRecords(path, callSid, keys), audioBytes) };
    audioBytes += next.value.length;
  }
}

/** What was checked, even if a writer still appends. */
async function* firstBytes(chunks: AsyncIterable<Buffer>, limit: number): AsyncGenerator<Buffer> {
  let left = limit;
  for await (const chunk of chunks) {
    if (left === 0) return;
    const part = chunk.length <= left ? chunk : chunk.subarray(0, left);
    left -= part.length;
    yield part;
  }
}

/** The file's audio, record by record, each checked before it is yielded; returns whether the recording was finished. */
async function* decryptRecords(path: string, callSid: string, keys: EncryptionKeyRing): AsyncGenerator<Buffer, boolean> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const header = await readAt(file, 0, HEADER_BYTES);
    if (header.length < HEADER_BYTES || !header.subarray(0, MAGIC.length).equals(MAGIC)) throw new RecordingRefusedError('not an encrypted Switchboard recording');
    if (header[MAGIC.length] !== VERSION) throw new RecordingRefusedError(`an encrypted recording of unknown version ${header[MAGIC.length]}`);
    const keyId = header.subarray(MAGIC.length + 1).toString('hex');
    const key = keys.find(keyId);
    if (!key) throw new RecordingRefusedError(`encrypted with key ${keyId}, which neither RECORDING_ENCRYPTION_KEY nor RECORDING_PREVIOUS_KEYS holds`);
    let position = HEADER_BYTES;
    for (let index = 0; ; index++) {
      // Less than a whole record left: the writer was stopped mid-write (or before its final record).
      if (size - position < RECORD_PREFIX_BYTES) return false;
      const prefix = await readAt(file, position, RECORD_PREFIX_BYTES);
      const flags = prefix[0];
      const length = prefix.readUInt32BE(1);
      if (length > MAX_RECORD_BYTES || (flags & ~FINAL) !== 0) throw new RecordingRefusedError(`record ${index} is damaged`);
      if (size - position < RECORD_PREFIX_BYTES + length + TAG_BYTES) return false;
      const body = await readAt(file, position + RECORD_PREFIX_BYTES, length + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key.key, prefix.subarray(5));
      decipher.setAAD(additionalData(header, callSid, index, prefix));
      decipher.setAuthTag(body.subarray(length));
      let audio: Buffer;
      try {
        audio = Buffer.concat([decipher.update(body.subarray(0, length)), decipher.final()]);
      } catch {
        throw new RecordingRefusedError(`record ${index} fails its integrity check: the file was altered, or is another call's`);
      }
      position += RECORD_PREFIX_BYTES + length + TAG_BYTES;
      if (flags & FINAL && position !== size) throw new RecordingRefusedError('bytes follow the end of the recording');
      if (audio.length > 0) yield audio;
      if (flags & FINAL) return true;
    }
  } finally {
    await file.close();
  }
}

function recordPrefix(flags: number, length: number, nonce: Buffer): Buffer {
  const prefix = Buffer.alloc(RECORD_PREFIX_BYTES);
  prefix[0] = flags;
  prefix.writeUInt32BE(length, 1);
  nonce.copy(prefix, 5);
  return prefix;
}

function additionalData(header: Buffer, callSid: string, index: number, prefix: Buffer): Buffer {
  const position = Buffer.alloc(4);
  position.writeUInt32BE(index);
  return Buffer.concat([header, Buffer.from(callSid, 'ascii'), position, prefix.subarray(0, 5)]);
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}
