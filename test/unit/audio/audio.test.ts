import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MULAW_SILENCE, mulawToPcm16, pcm16ToMulaw } from '../../../libs/audio/src/mulaw';
import { Downsampler24kTo8k, Upsampler8kTo24k } from '../../../libs/audio/src/resample';
import { resampleClip } from '../../../libs/audio/src/resample-clip';
import { parseWavHeader, WAVE_FORMAT_MULAW, WavFileSink, WavRecorder } from '../../../libs/audio/src/wav';

const ALL_INT16 = Int16Array.from({ length: 0x10000 }, (_, i) => i - 0x8000);
const ALL_MULAW_BYTES = Uint8Array.from({ length: 256 }, (_, byte) => byte);

/** Textbook G.711 encoder (bias 0x84, clip 32635, segment found bit by bit), to check the table against. */
function referenceEncode(sample: number): number {
  const sign = sample < 0 ? 0x80 : 0;
  let magnitude = Math.min(Math.abs(sample), 32635) + 0x84;
  let exponent = 7;
  for (let mask = 0x4000; (magnitude & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  magnitude >>= exponent + 3;
  return ~(sign | (exponent << 4) | (magnitude & 0x0f)) & 0xff;
}

describe('μ-law codec', () => {
  it('decodes and encodes the G.711 reference points', () => {
    expect(Array.from(mulawToPcm16(Uint8Array.of(0xff, 0x7f, 0x00, 0x80, 0xfe, 0x7e, 0x8f, 0x0f)))).toEqual([
      0, 0, -32124, 32124, 8, -8, 16764, -16764,
    ]);
    expect(Array.from(pcm16ToMulaw(Int16Array.of(0, -32124, 32124, 32767, -32768, 8, -8, 1, -1)))).toEqual([
      0xff, 0x00, 0x80, 0x80, 0x00, 0xfe, 0x7e, 0xff, 0x7f,
    ]);
    expect(mulawToPcm16(Uint8Array.of(MULAW_SILENCE))[0]).toBe(0);
  });

  it('encodes every 16-bit sample as the textbook segment search does', () => {
    const encoded = pcm16ToMulaw(ALL_INT16);
    const mismatches = ALL_INT16.filter((sample, i) => encoded[i] !== referenceEncode(sample));
    expect(mismatches.length).toBe(0);
  });

  it('re-encodes every decoded byte to itself, except negative zero 0x7F which becomes 0xFF', () => {
    const reencoded = pcm16ToMulaw(mulawToPcm16(ALL_MULAW_BYTES));
    const expected = ALL_MULAW_BYTES.map((byte) => (byte === 0x7f ? 0xff : byte));
    expect(Array.from(reencoded)).toEqual(Array.from(expected));
  });

  it('decodes every encoded sample to within half a quantisation step, monotonically, clipping at ±32635', () => {
    const roundTrip = mulawToPcm16(pcm16ToMulaw(ALL_INT16));
    for (let i = 0; i < ALL_INT16.length; i++) {
      const sample = ALL_INT16[i];
      const magnitude = Math.abs(sample);
      // A sample whose biased magnitude lies in segment e sits in a step of 8·2^e ≤ (|x| + 0x84) / 16.
      const allowed = magnitude <= 32635 ? (magnitude + 0x84) / 32 : magnitude - 32124;
      if (Math.abs(roundTrip[i] - sample) > allowed) throw new Error(`${sample} decodes back as ${roundTrip[i]}`);
      if (i > 0 && roundTrip[i] < roundTrip[i - 1]) throw new Error(`not monotonic at ${sample}`);
    }
  });

  it('returns arrays of the input length, including empty ones', () => {
    expect(mulawToPcm16(new Uint8Array(0))).toHaveLength(0);
    expect(pcm16ToMulaw(new Int16Array(0))).toHaveLength(0);
    expect(mulawToPcm16(new Uint8Array(160))).toHaveLength(160);
    expect(pcm16ToMulaw(new Int16Array(160))).toHaveLength(160);
  });
});

function sine(frequencyHz: number, sampleRateHz: number, length: number, amplitude: number): Int16Array {
  return Int16Array.from({ length }, (_, n) => Math.round(amplitude * Math.sin((2 * Math.PI * frequencyHz * n) / sampleRateHz)));
}

/** Amplitude of the `frequencyHz` component (one DFT bin, as Goertzel computes it); exact when the span holds whole cycles. */
function toneAmplitude(samples: Int16Array, frequencyHz: number, sampleRateHz: number): number {
  let real = 0;
  let imaginary = 0;
  for (let n = 0; n < samples.length; n++) {
    const phase = (2 * Math.PI * frequencyHz * n) / sampleRateHz;
    real += samples[n] * Math.cos(phase);
    imaginary -= samples[n] * Math.sin(phase);
  }
  return (2 * Math.hypot(real, imaginary)) / samples.length;
}

function rms(samples: Int16Array): number {
  return Math.sqrt(samples.reduce((sum, s) => sum + s * s, 0) / samples.length);
}

/** Frequency from sign changes: two per cycle. */
function zeroCrossingFrequency(samples: Int16Array, sampleRateHz: number): number {
  let crossings = 0;
  for (let n = 1; n < samples.length; n++) if (samples[n - 1] < 0 !== samples[n] < 0) crossings++;
  return (crossings / 2) * (sampleRateHz / samples.length);
}

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual / expected - 1);
}

function decibels(ratio: number): number {
  return 20 * Math.log10(ratio);
}

/** Drops the filter's start-up transient (well over its 31 taps) so measurements see the steady state. */
const settled = (samples: Int16Array, skip: number) => samples.subarray(skip);

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function pushInChunks(resampler: { push(chunk: Int16Array): Int16Array }, input: Int16Array, chunkLengths: () => number): Int16Array {
  const outputs: Int16Array[] = [];
  for (let start = 0; start < input.length; ) {
    const end = Math.min(input.length, start + chunkLengths());
    outputs.push(resampler.push(input.subarray(start, end)));
    start = end;
  }
  const joined = new Int16Array(outputs.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of outputs) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined;
}

describe('resampling', () => {
  it('downsamples a 1 kHz tone at 24 kHz to a 1 kHz tone of the same amplitude at 8 kHz', () => {
    const output = new Downsampler24kTo8k().push(sine(1000, 24_000, 24_000, 10_000));
    expect(output).toHaveLength(8000);
    const steady = settled(output, 80);
    expect(zeroCrossingFrequency(steady, 8000)).toBeCloseTo(1000, -1);
    expect(relativeError(toneAmplitude(steady, 1000, 8000), 10_000)).toBeLessThan(0.01);
    expect(rms(steady)).toBeCloseTo(toneAmplitude(steady, 1000, 8000) / Math.SQRT2, -1); // no energy elsewhere
  });

  it.each([
    // [tone at 24 kHz, minimum attenuation in dB]: 3.8 kHz is inside the transition band;
    // from 4.4 kHz up, tones would alias into the telephone band.
    [3800, 12],
    [4400, 35],
    [5000, 45],
    [6000, 45],
    [7000, 45],
    [10_000, 45],
  ])('attenuates a %i Hz tone by at least %i dB before decimating', (frequencyHz, minimumDb) => {
    const input = sine(frequencyHz, 24_000, 24_000, 16_000);
    const output = settled(new Downsampler24kTo8k().push(input), 80);
    expect(decibels(rms(output) / rms(input))).toBeLessThan(-minimumDb);
  });

  it('upsamples a 1 kHz tone at 8 kHz to 24 kHz with its images at 7 and 9 kHz at least 45 dB down', () => {
    const output = new Upsampler8kTo24k().push(sine(1000, 8000, 8000, 10_000));
    expect(output).toHaveLength(24_000);
    const steady = settled(output, 240);
    expect(relativeError(toneAmplitude(steady, 1000, 24_000), 10_000)).toBeLessThan(0.01);
    for (const imageHz of [7000, 9000]) expect(decibels(toneAmplitude(steady, imageHz, 24_000) / 10_000)).toBeLessThan(-45);
  });

  it('keeps a 500 Hz tone through 8 kHz → 24 kHz → 8 kHz', () => {
    const input = sine(500, 8000, 8000, 12_000);
    const output = settled(new Downsampler24kTo8k().push(new Upsampler8kTo24k().push(input)), 80);
    expect(zeroCrossingFrequency(output, 8000)).toBeCloseTo(500, -1);
    expect(relativeError(toneAmplitude(output, 500, 8000), 12_000)).toBeLessThan(0.02); // passband ripple ≤ 0.07 dB per pass
    expect(rms(output)).toBeCloseTo(toneAmplitude(output, 500, 8000) / Math.SQRT2, -1);
  });

  it('gives the same samples pushed in chunks of any length as in one push', () => {
    const random = seededRandom(7);
    const noise = Int16Array.from({ length: 9001 }, () => Math.round((random() - 0.5) * 40_000));
    const chunkLength = () => Math.floor(random() * 500); // includes 0, 1, 2 and non-multiples of 3
    expect(pushInChunks(new Downsampler24kTo8k(), noise, chunkLength)).toEqual(new Downsampler24kTo8k().push(noise));
    expect(pushInChunks(new Upsampler8kTo24k(), noise, chunkLength)).toEqual(new Upsampler8kTo24k().push(noise));
    expect(pushInChunks(new Downsampler24kTo8k(), noise, () => 1)).toEqual(new Downsampler24kTo8k().push(noise));
    expect(pushInChunks(new Downsampler24kTo8k(), noise, () => 1)).toHaveLength(Math.ceil(9001 / 3));
  });

  it('clips full-scale overshoot instead of wrapping around', () => {
    // A full-scale 50 Hz square wave: the low-pass rings past ±32767 after each edge, and wrapping would flip the sign there.
    const square = Int16Array.from({ length: 4800 }, (_, n) => (Math.floor(n / 240) % 2 === 0 ? 32767 : -32768));
    const down = new Downsampler24kTo8k().push(square);
    const up = new Upsampler8kTo24k().push(down);
    expect(Math.max(...down)).toBe(32767);
    expect(Math.min(...down)).toBe(-32768);
    // Each filter delays by half its length, 15 samples at 24 kHz: 5 at 8 kHz after one, 30 at 24 kHz after both.
    expect(wrongSigns(down, 80, 5)).toEqual([]);
    expect(wrongSigns(up, 240, 30)).toEqual([]);
  });
});

describe('resampling a clip between any two rates', () => {
  /** Of one second at `rateHz`, the middle 0.9 s: away from the edges, where the silence around the clip shows, and whole cycles of every tone used. */
  const middle = (samples: Int16Array, rateHz: number) => samples.subarray(Math.round(rateHz * 0.05), Math.round(rateHz * 0.05) + Math.round(rateHz * 0.9));

  it.each([
    [22_050, 8000],
    [8000, 22_050],
    [24_000, 8000],
    [16_000, 8000],
    [44_100, 48_000],
  ])('turns a 1 kHz tone at %i Hz into the same tone, amplitude and phase at %i Hz, undelayed', (fromHz, toHz) => {
    const output = resampleClip(sine(1000, fromHz, fromHz, 10_000), fromHz, toHz);
    expect(output).toHaveLength(toHz);
    const ideal = middle(sine(1000, toHz, toHz, 10_000), toHz);
    const errors = middle(output, toHz).map((sample, n) => Math.abs(sample - ideal[n]));
    expect(Math.max(...errors)).toBeLessThanOrEqual(3);
  });

  it('keeps DC exactly at every output phase, so no ripple is added', () => {
    const output = resampleClip(new Int16Array(22_050).fill(12_345), 22_050, 8000);
    expect(new Set(middle(output, 8000))).toEqual(new Set([12_345]));
  });

  it.each([300, 1000, 2000, 3000, 3200])('passes a %i Hz tone from 22,050 Hz to 8 kHz within 0.02 dB', (frequencyHz) => {
    const output = middle(resampleClip(sine(frequencyHz, 22_050, 22_050, 16_000), 22_050, 8000), 8000);
    expect(Math.abs(decibels(toneAmplitude(output, frequencyHz, 8000) / 16_000))).toBeLessThan(0.02);
  });

  it.each([
    // [tone at 22,050 Hz, minimum attenuation in dB]: 3.8 kHz is in the transition band, above it tones would fold back.
    [3800, 20],
    [4100, 70],
    [4500, 70],
    [6000, 70],
    [10_000, 70],
  ])('attenuates a %i Hz tone by at least %i dB on the way to 8 kHz', (frequencyHz, minimumDb) => {
    const input = sine(frequencyHz, 22_050, 22_050, 16_000);
    const output = middle(resampleClip(input, 22_050, 8000), 8000);
    expect(decibels(rms(output) / rms(input))).toBeLessThan(-minimumDb);
  });

  it('upsamples a 3 kHz tone from 8 kHz to 22,050 Hz with its images at 5, 11 and 13 kHz at least 80 dB down', () => {
    const output = middle(resampleClip(sine(3000, 8000, 8000, 16_000), 8000, 22_050), 22_050);
    expect(Math.abs(decibels(toneAmplitude(output, 3000, 22_050) / 16_000))).toBeLessThan(0.02);
    for (const imageHz of [5000, 11_000, 13_000]) expect(decibels(toneAmplitude(output, imageHz, 22_050) / 16_000)).toBeLessThan(-80);
  });

  it('returns a copy at the same rate, nothing for nothing, and rejects rates that are not positive integers', () => {
    const input = sine(1000, 8000, 160, 10_000);
    const same = resampleClip(input, 8000, 8000);
    expect(same).toEqual(input);
    expect(same).not.toBe(input);
    expect(resampleClip(new Int16Array(0), 22_050, 8000)).toHaveLength(0);
    expect(() => resampleClip(input, 22_050.5, 8000)).toThrow(RangeError);
    expect(() => resampleClip(input, 8000, 0)).toThrow(/positive integers/);
  });
});

/** Indexes, away from the edges, where a delayed square wave starting positive has the wrong sign. */
function wrongSigns(samples: Int16Array, halfPeriod: number, delay: number): number[] {
  const wrong: number[] = [];
  for (let n = delay; n < samples.length; n++) {
    const offset = (n - delay) % halfPeriod;
    if (offset < halfPeriod / 4 || offset >= (3 * halfPeriod) / 4) continue;
    const positive = Math.floor((n - delay) / halfPeriod) % 2 === 0;
    if (samples[n] > 0 !== positive) wrong.push(n);
  }
  return wrong;
}

describe('WavRecorder', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'switchboard-wav-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  const frame = (byte: number, length = 160) => new Uint8Array(length).fill(byte);

  async function readRecording(file: string) {
    const bytes = await readFile(file);
    const header = parseWavHeader(bytes);
    const frames = header.dataLength / 2;
    const caller = new Uint8Array(frames);
    const agent = new Uint8Array(frames);
    for (let i = 0; i < frames; i++) {
      caller[i] = bytes[header.dataOffset + 2 * i];
      agent[i] = bytes[header.dataOffset + 2 * i + 1];
    }
    return { bytes, header, caller, agent };
  }

  it('writes a stereo 8 kHz μ-law WAV header whose sizes match the audio', async () => {
    const recorder = await WavRecorder.open(path.join(directory, 'header.wav'));
    for (let i = 0; i < 10; i++) recorder.appendCaller(frame(0x55));
    const { path: file, durationMs } = await recorder.close();
    expect(durationMs).toBe(200);

    const { bytes, header, caller, agent } = await readRecording(file);
    expect(bytes.toString('ascii', 0, 4)).toBe('RIFF');
    expect(bytes.toString('ascii', 8, 12)).toBe('WAVE');
    expect(header).toEqual({
      formatCode: WAVE_FORMAT_MULAW,
      channels: 2,
      sampleRateHz: 8000,
      byteRate: 16_000,
      blockAlign: 2,
      bitsPerSample: 8,
      riffSize: bytes.length - 8,
      factSampleFrames: 1600,
      dataOffset: 58,
      dataLength: 2 * 1600,
    });
    expect(bytes.length).toBe(header.dataOffset + header.dataLength);
    expect(caller).toEqual(frame(0x55, 1600));
    expect(agent).toEqual(frame(MULAW_SILENCE, 1600));
  });

  it('places agent audio at the caller clock of its append, and plays bursts out at the caller rate', async () => {
    const recorder = await WavRecorder.open(path.join(directory, 'aligned.wav'));
    for (let i = 0; i < 3; i++) recorder.appendCaller(frame(0x11)); // 0–480
    recorder.appendAgent(frame(0x22, 100)); // plays 480–580
    for (let i = 0; i < 2; i++) recorder.appendCaller(frame(0x11)); // 480–800
    recorder.appendAgent(frame(0x33, 8000)); // a 1 s burst at 800, sent in one go
    recorder.appendAgent(frame(0x44, 400)); // queued behind it: 8800–9200
    for (let i = 0; i < 55; i++) recorder.appendCaller(frame(0x11)); // 800–9600
    const { path: file, durationMs } = await recorder.close();
    expect(durationMs).toBe(1200);

    const { header, caller, agent } = await readRecording(file);
    expect(header.dataLength).toBe(2 * 9600);
    expect(caller).toEqual(frame(0x11, 9600));
    const expectedAgent = new Uint8Array(9600).fill(MULAW_SILENCE);
    expectedAgent.fill(0x22, 480, 580).fill(0x33, 800, 8800).fill(0x44, 8800, 9200);
    expect(agent).toEqual(expectedAgent);
  });

  it('drops agent audio the caller never heard: cleared on barge-in, or still queued at close', async () => {
    const recorder = await WavRecorder.open(path.join(directory, 'cleared.wav'));
    recorder.appendAgent(frame(0x22, 4000));
    recorder.appendCaller(frame(0x11, 1000));
    recorder.clearAgent();
    recorder.appendCaller(frame(0x11, 500));
    recorder.appendAgent(frame(0x33, 4000));
    recorder.appendCaller(frame(0x11, 500));
    const { path: file, durationMs } = await recorder.close();
    expect(durationMs).toBe(250);

    const { agent } = await readRecording(file);
    expect(agent).toEqual(new Uint8Array(2000).fill(0x22, 0, 1000).fill(MULAW_SILENCE, 1000, 1500).fill(0x33, 1500, 2000));
  });

  it('records long calls appended in odd-sized chunks across write batches, and copies appended buffers', async () => {
    const recorder = await WavRecorder.open(path.join(directory, 'long.wav'));
    const callerAudio = Uint8Array.from({ length: 8000 * 3 + 37 }, (_, i) => i % 251);
    const agentChunk = new Uint8Array(3000);
    for (let start = 0; start < callerAudio.length; start += 137) {
      if (start % (137 * 40) === 0) {
        agentChunk.fill(start % 256);
        recorder.appendAgent(agentChunk); // reused by the caller right after, as a network layer would
      }
      recorder.appendCaller(callerAudio.subarray(start, start + 137));
    }
    const { path: file, durationMs } = await recorder.close();
    expect(durationMs).toBe(callerAudio.length / 8);

    const { header, caller, agent } = await readRecording(file);
    expect(header.dataLength).toBe(2 * callerAudio.length);
    expect(header.factSampleFrames).toBe(callerAudio.length);
    expect(caller).toEqual(callerAudio);
    // Each 3000-byte burst starts at the caller clock of its append (every 5480 samples) and plays to its end.
    const expectedAgent = new Uint8Array(callerAudio.length).fill(MULAW_SILENCE);
    for (let start = 0; start < callerAudio.length; start += 137 * 40) expectedAgent.fill(start % 256, start, Math.min(start + 3000, callerAudio.length));
    expect(agent).toEqual(expectedAgent);
  });

  it('keeps accepting audio when a write fails, and reports the failure from close', async () => {
    const sink = await WavFileSink.open(path.join(directory, 'failing.wav'));
    const recorder = new WavRecorder(sink);
    const write = jest.spyOn(sink['file'], 'write').mockRejectedValueOnce(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }));
    for (let i = 0; i < 100; i++) recorder.appendCaller(frame(0x11)); // 2 s: past the 1 s write batch
    recorder.appendAgent(frame(0x22));
    await expect(recorder.close()).rejects.toThrow('no space left on device');
    expect(write).toHaveBeenCalledTimes(1); // nothing written after the failure
  });

  it('closes an empty recording as a valid zero-length WAV, then refuses appends', async () => {
    const recorder = await WavRecorder.open(path.join(directory, 'empty.wav'));
    const { path: file, durationMs } = await recorder.close();
    expect(durationMs).toBe(0);
    const { bytes, header } = await readRecording(file);
    expect([header.dataLength, header.factSampleFrames, header.riffSize, bytes.length]).toEqual([0, 0, 50, 58]);
    expect(() => recorder.appendCaller(frame(0x11))).toThrow(/closed/);
    await expect(recorder.close()).rejects.toThrow(/closed/);
  });
});

describe('parseWavHeader', () => {
  it('walks the chunks of a plain 44-byte PCM header too', () => {
    const header = Buffer.alloc(44);
    header.write('RIFF', 0, 'ascii');
    header.writeUInt32LE(36 + 320, 4);
    header.write('WAVEfmt ', 8, 'ascii');
    header.writeUInt32LE(16, 16);
    header.writeUInt16LE(1, 20);
    header.writeUInt16LE(1, 22);
    header.writeUInt32LE(24_000, 24);
    header.writeUInt32LE(48_000, 28);
    header.writeUInt16LE(2, 32);
    header.writeUInt16LE(16, 34);
    header.write('data', 36, 'ascii');
    header.writeUInt32LE(320, 40);
    expect(parseWavHeader(header)).toEqual({
      formatCode: 1,
      channels: 1,
      sampleRateHz: 24_000,
      byteRate: 48_000,
      blockAlign: 2,
      bitsPerSample: 16,
      riffSize: 356,
      factSampleFrames: undefined,
      dataOffset: 44,
      dataLength: 320,
    });
  });

  it('rejects what is not a WAV file', () => {
    expect(() => parseWavHeader(Buffer.from('ID3\u0004 not a wav at all'))).toThrow(/RIFF/);
    expect(() => parseWavHeader(Buffer.from('RIFF\u0000\u0000\u0000\u0000WAVE'))).toThrow(/no data chunk/);
  });
});
