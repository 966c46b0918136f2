/**
 * `node -r @swc-node/register bench/audio.bench.ts`: CPU time of the
 * media-edge audio functions per 20 ms frame (160 samples at 8 kHz, 480 at
 * 24 kHz), the unit they run on once per call direction every 20 ms.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mulawToPcm16, pcm16ToMulaw } from '../libs/audio/src/mulaw';
import { Downsampler24kTo8k, Upsampler8kTo24k } from '../libs/audio/src/resample';
import { WavRecorder } from '../libs/audio/src/wav';
import { percentile, round } from './stats';

const ROUNDS = 21;
const FRAMES_PER_ROUND = Number(process.env.BENCH_FRAMES ?? 20_000);

/** Speech-like test frames: a few tones whose level changes from frame to frame, so every μ-law segment is used. */
function pcmFrames(samplesPerFrame: number, sampleRateHz: number): Int16Array[] {
  return Array.from({ length: 50 }, (_, frame) =>
    Int16Array.from({ length: samplesPerFrame }, (_, i) => {
      const t = (frame * samplesPerFrame + i) / sampleRateHz;
      const level = 300 + ((frame * 997) % 9000);
      return Math.round(level * (Math.sin(2 * Math.PI * 220 * t) + 0.5 * Math.sin(2 * Math.PI * 1230 * t) + 0.3 * Math.sin(2 * Math.PI * 2700 * t)));
    }),
  );
}

const pcm8kFrames = pcmFrames(160, 8000);
const pcm24kFrames = pcmFrames(480, 24_000);
const mulawFrames = pcm8kFrames.map(pcm16ToMulaw);

/** Sums a sample of every output and is printed, so the work cannot be optimised away. */
let checksum = 0;

/** Median over rounds (the first one is warm-up) of the mean ns per frame. */
function nsPerFrame(run: (frame: number) => ArrayLike<number>): number {
  const perRound: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const started = process.hrtime.bigint();
    for (let frame = 0; frame < FRAMES_PER_ROUND; frame++) {
      const output = run(frame);
      checksum += output[output.length >> 1];
    }
    perRound.push(Number(process.hrtime.bigint() - started) / FRAMES_PER_ROUND);
  }
  return percentile(perRound.slice(1), 50);
}

async function wavAppendNsPerFrame(): Promise<number> {
  const directory = await mkdtemp(path.join(tmpdir(), 'switchboard-audio-bench-'));
  try {
    const perRound: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const recorder = await WavRecorder.open(path.join(directory, `round-${r}.wav`));
      let elapsed = 0n;
      for (let frame = 0; frame < FRAMES_PER_ROUND; frame++) {
        const started = process.hrtime.bigint();
        if (frame % 25 === 0) recorder.appendAgent(mulawFrames[frame % 50]); // agent speech in bursts: 160 bytes every 0.5 s
        recorder.appendCaller(mulawFrames[frame % 50]);
        elapsed += process.hrtime.bigint() - started;
        if (frame % 50 === 49) await new Promise(setImmediate); // let the batched file writes run, as between real frames
      }
      await recorder.close();
      perRound.push(Number(elapsed) / FRAMES_PER_ROUND);
    }
    return percentile(perRound.slice(1), 50);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const downsampler = new Downsampler24kTo8k();
  const upsampler = new Upsampler8kTo24k();
  const toTwilioDownsampler = new Downsampler24kTo8k();
  const fromTwilioUpsampler = new Upsampler8kTo24k();
  const results = {
    mulawToPcm16: nsPerFrame((frame) => mulawToPcm16(mulawFrames[frame % 50])),
    pcm16ToMulaw: nsPerFrame((frame) => pcm16ToMulaw(pcm8kFrames[frame % 50])),
    downsample24kTo8k: nsPerFrame((frame) => downsampler.push(pcm24kFrames[frame % 50])),
    upsample8kTo24k: nsPerFrame((frame) => upsampler.push(pcm8kFrames[frame % 50])),
    browserToTwilio: nsPerFrame((frame) => pcm16ToMulaw(toTwilioDownsampler.push(pcm24kFrames[frame % 50]))),
    twilioToBrowser: nsPerFrame((frame) => fromTwilioUpsampler.push(mulawToPcm16(mulawFrames[frame % 50]))),
    wavAppend: await wavAppendNsPerFrame(),
  };
  const labels: Record<keyof typeof results, string> = {
    mulawToPcm16: 'mulawToPcm16 (160 B)',
    pcm16ToMulaw: 'pcm16ToMulaw (160 samples)',
    downsample24kTo8k: 'Downsampler24kTo8k.push (480 → 160)',
    upsample8kTo24k: 'Upsampler8kTo24k.push (160 → 480)',
    browserToTwilio: 'browser → Twilio (downsample + encode)',
    twilioToBrowser: 'Twilio → browser (decode + upsample)',
    wavAppend: 'WavRecorder appendCaller (+ agent bursts)',
  };
  for (const [name, ns] of Object.entries(results)) console.log(`${labels[name as keyof typeof results].padEnd(44)} ${String(round(ns, 0)).padStart(7)} ns/frame`);
  const rounded = Object.fromEntries(Object.entries(results).map(([name, ns]) => [name, round(ns, 0)]));
  console.log(`RESULT ${JSON.stringify({ bench: 'audio', unit: 'ns per 20 ms frame', ...rounded, checksum })}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
