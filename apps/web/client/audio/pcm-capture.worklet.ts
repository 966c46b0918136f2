// Runs in the AudioWorkletGlobalScope: the microphone at the context's rate in,
// PCM16 frames at the media-edge's 24 kHz out (to the page, over the port).

declare const sampleRate: number;
declare function registerProcessor(name: string, processor: unknown): void;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}

export interface CaptureOptions {
  targetRate: number;
  frameSamples: number;
}

/** One frame to the page: PCM16 at `targetRate` and its RMS level (0–1). */
export interface CapturedFrame {
  pcm: ArrayBuffer;
  level: number;
}

/**
 * Resamples by averaging the input over each output sample's span (a box
 * filter: enough against aliasing for speech from 44.1 or 48 kHz to 24 kHz)
 * and posts a frame every `frameSamples` output samples.
 */
class PcmCaptureProcessor extends AudioWorkletProcessor {
  private readonly inputPerOutput: number;
  private readonly frameSamples: number;
  private frame: Int16Array<ArrayBuffer>;
  private filled = 0;
  private energy = 0;
  private sum = 0;
  private count = 0;
  private phase = 0;

  constructor(options: { processorOptions: CaptureOptions }) {
    super();
    const { targetRate, frameSamples } = options.processorOptions;
    this.inputPerOutput = sampleRate / targetRate;
    this.frameSamples = frameSamples;
    this.frame = new Int16Array(frameSamples);
  }

  process(inputs: Float32Array[][]): boolean {
    const channel = inputs[0]?.[0];
    if (!channel) return true;
    for (let i = 0; i < channel.length; i++) {
      this.sum += channel[i];
      this.count++;
      this.phase++;
      if (this.phase < this.inputPerOutput) continue;
      // Downsampling emits one sample per span; upsampling (a context below 24 kHz) repeats it.
      const average = this.sum / this.count;
      while (this.phase >= this.inputPerOutput) {
        this.emit(average);
        this.phase -= this.inputPerOutput;
      }
      this.sum = 0;
      this.count = 0;
    }
    return true;
  }

  private emit(sample: number): void {
    const clamped = Math.max(-1, Math.min(1, sample));
    this.frame[this.filled++] = Math.round(clamped * 32767);
    this.energy += clamped * clamped;
    if (this.filled < this.frameSamples) return;
    const message: CapturedFrame = { pcm: this.frame.buffer, level: Math.sqrt(this.energy / this.filled) };
    this.port.postMessage(message, [this.frame.buffer]);
    this.frame = new Int16Array(this.frameSamples);
    this.filled = 0;
    this.energy = 0;
  }
}

registerProcessor('pcm-capture', PcmCaptureProcessor);
