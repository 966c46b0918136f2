import type { Logger } from 'pino';
import { WavRecorder } from '../../../libs/audio/src/wav';
import { openRecordingSink } from '../../../libs/recordings/src/recording-files';
import type { EncryptionKey } from '../../../libs/encryption/src/key-ring';

/**
 * The call's recording for tenants that record, in `recordingsDir`:
 * encrypted under `key` (`<callSid>.enc`), or without one a plain
 * `<callSid>.wav`. Caller on the left, agent (as sent to the caller, minus
 * what a barge-in cleared) on the right. Audio before the file is open is not
 * recorded; a failing disk is logged and never disturbs the call.
 */
export class CallRecording {
  private recorder: WavRecorder | undefined;
  private closed = false;
  private readonly opening: Promise<void>;

  constructor(recordingsDir: string, callSid: string, key: EncryptionKey | undefined, private readonly log: Logger) {
    this.opening = openRecordingSink(recordingsDir, callSid, key)
      .then((sink) => new WavRecorder(sink))
      .then(async (recorder) => {
        if (this.closed) await recorder.close();
        else this.recorder = recorder;
      })
      .catch((error: unknown) => log.error({ err: error }, 'could not start the call recording'));
  }

  caller(payload: string): void {
    this.recorder?.appendCaller(Buffer.from(payload, 'base64'));
  }

  agent(payload: string): void {
    this.recorder?.appendAgent(Buffer.from(payload, 'base64'));
  }

  /** Agent audio the caller will not hear (the caller's buffer was cleared). */
  clearAgent(): void {
    this.recorder?.clearAgent();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.opening;
    const recorder = this.recorder;
    this.recorder = undefined;
    if (!recorder) return;
    try {
      const { path: file, durationMs } = await recorder.close();
      this.log.info({ file, durationMs }, 'call recorded');
    } catch (error) {
      this.log.error({ err: error }, 'the call recording is incomplete');
    }
  }
}
