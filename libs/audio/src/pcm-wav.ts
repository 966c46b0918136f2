/** PCM (format code 1) in a WAV file: what every browser's `<audio>` plays. */
export const WAVE_FORMAT_PCM = 1;
const HEADER_BYTES = 44;

/** A mono 16-bit PCM WAV file of `samples` at `sampleRateHz`. */
export function pcm16Wav(samples: Int16Array, sampleRateHz: number): Buffer {
  const dataLength = samples.length * 2;
  const file = Buffer.alloc(HEADER_BYTES + dataLength);
  file.write('RIFF', 0, 'ascii');
  file.writeUInt32LE(HEADER_BYTES - 8 + dataLength, 4);
  file.write('WAVE', 8, 'ascii');
  file.write('fmt ', 12, 'ascii');
  file.writeUInt32LE(16, 16);
  file.writeUInt16LE(WAVE_FORMAT_PCM, 20);
  file.writeUInt16LE(1, 22);
  file.writeUInt32LE(sampleRateHz, 24);
  file.writeUInt32LE(sampleRateHz * 2, 28);
  file.writeUInt16LE(2, 32);
  file.writeUInt16LE(16, 34);
  file.write('data', 36, 'ascii');
  file.writeUInt32LE(dataLength, 40);
  for (let i = 0; i < samples.length; i++) file.writeInt16LE(samples[i], HEADER_BYTES + i * 2);
  return file;
}
