import { Inject, Injectable, InternalServerErrorException, Logger, StreamableFile } from '@nestjs/common';
import { createReadStream, existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import { recordingWavHeader } from '../../../../libs/audio/src/wav';
import type { ApiEnv } from '../../../../libs/config/src/env';
import { openEncryptedRecording, RecordingRefusedError } from '../../../../libs/recordings/src/encrypted-recording';
import { recordingFiles } from '../../../../libs/recordings/src/recording-files';
import type { EncryptionKeyRing } from '../../../../libs/encryption/src/key-ring';
import { recordingKeyRingFrom } from '../../../../libs/recordings/src/recording-keys';
import { ENV } from '../config/config.module';

/**
 * The recordings the media-edge leaves in RECORDINGS_DIR, as WAV files to
 * serve: an encrypted one is decrypted here, and only once every record of it
 * passed its integrity check. With a key set, a plain file is refused: the
 * media-edge would have encrypted it, so it was put there by someone else.
 */
@Injectable()
export class CallRecordings {
  private readonly log = new Logger(CallRecordings.name);
  private readonly keys: EncryptionKeyRing | undefined;

  constructor(@Inject(ENV) private readonly env: ApiEnv) {
    this.keys = recordingKeyRingFrom(env);
  }

  /** callSid passed CallSidParam (CA + 32 hex digits): its files cannot leave the directory. */
  has(callSid: string): boolean {
    const files = recordingFiles(this.env.RECORDINGS_DIR, callSid);
    return existsSync(files.encrypted) || existsSync(files.plain);
  }

  /** The recording as a WAV file; null when the call has none. */
  async open(callSid: string): Promise<StreamableFile | null> {
    const files = recordingFiles(this.env.RECORDINGS_DIR, callSid);
    const options = { type: 'audio/wav', disposition: `inline; filename="${callSid}.wav"` };
    if (existsSync(files.encrypted)) {
      if (!this.keys) return this.refuse(callSid, 'it is encrypted, and RECORDING_ENCRYPTION_KEY is not set');
      try {
        const recording = await openEncryptedRecording(files.encrypted, callSid, this.keys);
        if (!recording.complete) this.log.warn({ msg: 'serving a recording cut short (the media-edge stopped mid-call)', callSid });
        const header = recordingWavHeader(recording.audioBytes);
        return new StreamableFile(Readable.from(withHeader(header, recording.audio())), { ...options, length: header.length + recording.audioBytes });
      } catch (error) {
        if (error instanceof RecordingRefusedError) return this.refuse(callSid, error.message);
        throw error;
      }
    }
    if (!existsSync(files.plain)) return null;
    if (this.keys) return this.refuse(callSid, 'it is stored unencrypted where recordings are encrypted');
    return new StreamableFile(createReadStream(files.plain), options);
  }

  private refuse(callSid: string, reason: string): never {
    this.log.error({ msg: 'call recording refused', callSid, reason });
    throw new InternalServerErrorException(`The recording of call ${callSid} is not served: ${reason}`);
  }
}

async function* withHeader(header: Buffer, audio: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  yield header;
  yield* audio;
}
