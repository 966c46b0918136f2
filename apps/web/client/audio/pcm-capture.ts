import workletUrl from './pcm-capture.worklet.ts?worker&url';
import type { CaptureOptions, CapturedFrame } from './pcm-capture.worklet';

/** What the media-edge's /browser socket takes: PCM16 at 24 kHz, in 20 ms frames. */
export const STREAM_RATE_HZ = 24_000;
const FRAME_SAMPLES = 480;

/** The microphone as PCM16 24 kHz frames, resampled in an AudioWorklet from whatever rate the context runs at. */
export class PcmCapture {
  private constructor(
    private readonly source: MediaStreamAudioSourceNode,
    private readonly node: AudioWorkletNode,
  ) {}

  static async start(context: AudioContext, microphone: MediaStream, onFrame: (pcm: Int16Array, level: number) => void): Promise<PcmCapture> {
    await context.audioWorklet.addModule(workletUrl);
    const processorOptions: CaptureOptions = { targetRate: STREAM_RATE_HZ, frameSamples: FRAME_SAMPLES };
    const node = new AudioWorkletNode(context, 'pcm-capture', { numberOfOutputs: 1, processorOptions });
    node.port.onmessage = (event: MessageEvent<CapturedFrame>) => onFrame(new Int16Array(event.data.pcm), event.data.level);
    const source = context.createMediaStreamSource(microphone);
    source.connect(node);
    // Pulled by the destination so it keeps processing; it writes no output, so nothing is heard.
    node.connect(context.destination);
    return new PcmCapture(source, node);
  }

  stop(): void {
    this.source.disconnect();
    this.node.disconnect();
    this.node.port.onmessage = null;
  }
}
