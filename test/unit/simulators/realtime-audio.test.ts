import { mulawSilence, mulawTone } from '../../../simulators/realtime/pcmu-audio';
import { decodeMulawSample, encodeMulawSample } from '../../../simulators/realtime/mulaw';
import { EnergyVad } from '../../../simulators/realtime/vad';

describe('μ-law codec', () => {
  it('decodes the G.711 reference points and round-trips within one quantisation step', () => {
    expect([0xff, 0x7f, 0x00, 0x80].map(decodeMulawSample)).toEqual([0, 0, -32124, 32124]);
    for (const sample of [-32000, -1000, -100, -1, 0, 1, 100, 1000, 32000]) {
      const decoded = decodeMulawSample(encodeMulawSample(sample));
      expect(Math.abs(decoded - sample)).toBeLessThanOrEqual(Math.max(2, Math.abs(sample) / 16));
    }
  });
});

describe('EnergyVad', () => {
  const settings = { threshold: 0.5, prefixPaddingMs: 300, silenceDurationMs: 500 };

  it('ignores audio below the threshold level and counts it on the clock', () => {
    const vad = new EnergyVad();
    expect(vad.push(mulawTone(1000, 300, 0.005), settings, 0)).toEqual([]);
    expect(vad.clockMs).toBe(1000);
  });

  it('never reaches back past the start of the uncommitted buffer, whatever the append size', () => {
    const audio = Buffer.concat([mulawSilence(100), mulawTone(300, 300, 0.5), mulawSilence(600)]);
    for (const appendBytes of [13, 77, 160]) {
      const vad = new EnergyVad();
      const events = splitIntoBytes(audio, appendBytes).flatMap((chunk) => vad.push(chunk, settings, 40));
      expect(events).toEqual([
        { type: 'speech_started', audioStartMs: 40 },
        { type: 'speech_stopped', audioEndMs: 900 },
      ]);
    }
  });
});

function splitIntoBytes(audio: Buffer, size: number): Buffer[] {
  return Array.from({ length: Math.ceil(audio.length / size) }, (_, i) => audio.subarray(i * size, (i + 1) * size));
}
