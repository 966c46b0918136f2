import { FRAME_BYTES, MULAW_SILENCE } from './media-format';

interface Utterance {
  audio: Buffer;
  sentBytes: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

export interface MicrophoneFrame {
  /** 160 bytes of μ-law: queued speech, padded with silence. */
  audio: Buffer;
  /** Settle the utterances whose last byte is in this frame: call once the frame has been sent. */
  finishedUtterances: Array<() => void>;
}

/**
 * What the caller's microphone picks up, one 20 ms frame at a time: the
 * queued utterances back to back, silence when there are none (Twilio
 * streams continuously).
 */
export class CallerMicrophone {
  private readonly utterances: Utterance[] = [];
  private abandoned: Error | undefined;

  /** Resolves once the frame carrying the utterance's last byte has been sent; rejects if the call ends first. */
  speak(audio: Buffer): Promise<void> {
    if (this.abandoned) return Promise.reject(this.abandoned);
    if (audio.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => this.utterances.push({ audio, sentBytes: 0, resolve, reject }));
  }

  get speaking(): boolean {
    return this.utterances.length > 0;
  }

  nextFrame(): MicrophoneFrame {
    const audio = Buffer.alloc(FRAME_BYTES, MULAW_SILENCE);
    const finishedUtterances: Array<() => void> = [];
    let filled = 0;
    while (filled < FRAME_BYTES && this.utterances.length > 0) {
      const utterance = this.utterances[0];
      const copied = utterance.audio.copy(audio, filled, utterance.sentBytes, utterance.sentBytes + FRAME_BYTES - filled);
      utterance.sentBytes += copied;
      filled += copied;
      if (utterance.sentBytes < utterance.audio.length) break;
      this.utterances.shift();
      finishedUtterances.push(utterance.resolve);
    }
    return { audio, finishedUtterances };
  }

  /** The call ended: what was not said yet never will be. */
  abandon(error: Error): void {
    this.abandoned = error;
    for (const utterance of this.utterances.splice(0)) utterance.reject(error);
  }
}
