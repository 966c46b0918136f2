import { open, type FileHandle } from 'node:fs/promises';
import { MULAW_SILENCE } from './mulaw';

/**
 * Call recordings: WAV, G.711 μ-law (format code 7), 8 kHz, 8 bits, two
 * channels: left = caller, right = agent.
 *
 * Non-PCM WAV formats carry an 18-byte `fmt ` chunk (cbSize = 0) and a `fact`
 * chunk with the sample count, so the header is 58 bytes, not PCM's 44.
 */

export const WAVE_FORMAT_MULAW = 7;
const CHANNELS = 2;
const SAMPLE_RATE_HZ = 8000;
const SAMPLES_PER_MS = SAMPLE_RATE_HZ / 1000;
const BITS_PER_SAMPLE = 8;
const BLOCK_ALIGN = CHANNELS * (BITS_PER_SAMPLE / 8);
const FMT_CHUNK_BYTES = 18;
const FACT_CHUNK_BYTES = 4;
const DATA_OFFSET = 12 + (8 + FMT_CHUNK_BYTES) + (8 + FACT_CHUNK_BYTES) + 8;

/** Interleaved bytes collected before one file write: 1 s of audio, so ~1 write (+ header patch) per second per call. */
const FLUSH_BYTES = SAMPLE_RATE_HZ * BLOCK_ALIGN;

export interface WavHeader {
  formatCode: number;
  channels: number;
  sampleRateHz: number;
  byteRate: number;
  blockAlign: number;
  bitsPerSample: number;
  /** The RIFF chunk size: file length − 8. */
  riffSize: number;
  /** Samples per channel from the `fact` chunk, if there is one. */
  factSampleFrames?: number;
  dataOffset: number;
  dataLength: number;
}

/** The header of a recording (stereo μ-law 8 kHz) whose audio is `dataLength` bytes. */
export function recordingWavHeader(dataLength: number): Buffer {
  const header = Buffer.alloc(DATA_OFFSET);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(DATA_OFFSET - 8 + dataLength, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(FMT_CHUNK_BYTES, 16);
  header.writeUInt16LE(WAVE_FORMAT_MULAW, 20);
  header.writeUInt16LE(CHANNELS, 22);
  header.writeUInt32LE(SAMPLE_RATE_HZ, 24);
  header.writeUInt32LE(SAMPLE_RATE_HZ * BLOCK_ALIGN, 28);
  header.writeUInt16LE(BLOCK_ALIGN, 32);
  header.writeUInt16LE(BITS_PER_SAMPLE, 34);
  header.writeUInt16LE(0, 36); // cbSize: no format-specific extra bytes
  header.write('fact', 38, 'ascii');
  header.writeUInt32LE(FACT_CHUNK_BYTES, 42);
  header.writeUInt32LE(dataLength / BLOCK_ALIGN, 46);
  header.write('data', 50, 'ascii');
  header.writeUInt32LE(dataLength, 54);
  return header;
}

/** Reads the format and the position of the audio from the start of a WAV file; walks the chunks, so any layout works. */
export function parseWavHeader(buffer: Uint8Array): WavHeader {
  const bytes = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const fourCc = (offset: number) => bytes.toString('ascii', offset, offset + 4);
  if (bytes.length < 12 || fourCc(0) !== 'RIFF' || fourCc(8) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
  let format: Omit<WavHeader, 'riffSize' | 'factSampleFrames' | 'dataOffset' | 'dataLength'> | undefined;
  let factSampleFrames: number | undefined;
  for (let offset = 12; offset + 8 <= bytes.length; ) {
    const id = fourCc(offset);
    const size = bytes.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'data') {
      if (!format) throw new Error('WAV data chunk before the fmt chunk');
      return { ...format, riffSize: bytes.readUInt32LE(4), factSampleFrames, dataOffset: body, dataLength: size };
    }
    if (body + size > bytes.length) break;
    if (id === 'fmt ') {
      format = {
        formatCode: bytes.readUInt16LE(body),
        channels: bytes.readUInt16LE(body + 2),
        sampleRateHz: bytes.readUInt32LE(body + 4),
        byteRate: bytes.readUInt32LE(body + 8),
        blockAlign: bytes.readUInt16LE(body + 12),
        bitsPerSample: bytes.readUInt16LE(body + 14),
      };
    } else if (id === 'fact') {
      factSampleFrames = bytes.readUInt32LE(body);
    }
    offset = body + size + (size & 1); // chunks are padded to an even length
  }
  throw new Error('WAV header is truncated or has no data chunk');
}

/**
 * Where a recording's interleaved audio goes: a WAV file ({@link WavFileSink}),
 * or an encrypted one (libs/recordings).
 */
export interface RecordingSink {
  readonly path: string;
  /** Appends audio after what was written before; called one at a time, in order. */
  write(audio: Buffer): Promise<void>;
  /** After the last write; `complete` is false when a write failed. */
  close(complete: boolean): Promise<void>;
}

/**
 * A plain WAV file, its header rewritten after each write, so the file
 * stays playable if the process dies mid-call.
 */
export class WavFileSink implements RecordingSink {
  private writtenLength = 0;

  private constructor(
    readonly path: string,
    private readonly file: FileHandle,
  ) {}

  /** Creates (or truncates) `path` and writes an empty recording's header. */
  static async open(path: string): Promise<WavFileSink> {
    const file = await open(path, 'w');
    try {
      await file.write(recordingWavHeader(0), 0, DATA_OFFSET, 0);
    } catch (error) {
      await file.close();
      throw error;
    }
    return new WavFileSink(path, file);
  }

  async write(audio: Buffer): Promise<void> {
    const position = DATA_OFFSET + this.writtenLength;
    this.writtenLength += audio.length;
    await this.file.write(audio, 0, audio.length, position);
    const header = recordingWavHeader(this.writtenLength);
    await this.file.write(header, 0, header.length, 0);
  }

  async close(): Promise<void> {
    await this.file.close();
  }
}

/**
 * Records a call as stereo μ-law as it goes, into a {@link RecordingSink}.
 *
 * The caller track is the clock: Twilio sends it continuously at 8 kHz. Agent
 * audio arrives in bursts faster than real time and Twilio plays it out at
 * 8 kHz, so it is queued here and consumed one sample per caller sample, and the
 * right channel holds what the caller heard when they heard it (silence while the
 * queue is empty). Writes are batched (about one a second) and serialised.
 */
export class WavRecorder {
  /** Caller samples recorded so far, i.e. the recording's length in sample frames. */
  private sampleFrames = 0;
  private readonly agentQueue: Uint8Array[] = [];
  /** Bytes of agentQueue[0] already played. */
  private agentPlayed = 0;
  private pending = Buffer.allocUnsafe(FLUSH_BYTES);
  private pendingLength = 0;
  private writes: Promise<void> = Promise.resolve();
  private writeError: unknown;
  private closed = false;

  constructor(private readonly sink: RecordingSink) {}

  /** A recorder to a plain WAV file at `path` (created or truncated). */
  static async open(path: string): Promise<WavRecorder> {
    return new WavRecorder(await WavFileSink.open(path));
  }

  get path(): string {
    return this.sink.path;
  }

  /** Caller audio (Twilio's inbound track); advances the clock and plays out as much queued agent audio. */
  appendCaller(mulaw: Uint8Array): void {
    this.assertOpen();
    for (let start = 0; start < mulaw.length; ) {
      if (this.pendingLength === this.pending.length) this.flush();
      const frames = Math.min(mulaw.length - start, (this.pending.length - this.pendingLength) / BLOCK_ALIGN);
      this.interleave(mulaw, start, frames);
      start += frames;
    }
    this.sampleFrames += mulaw.length;
  }

  /** Agent audio as sent to Twilio; queued behind audio not yet played. Copied, so the caller may reuse its buffer. */
  appendAgent(mulaw: Uint8Array): void {
    this.assertOpen();
    if (mulaw.length > 0) this.agentQueue.push(mulaw.slice());
  }

  /** Drops agent audio not yet played, as Twilio does on a `clear` message (barge-in). */
  clearAgent(): void {
    this.agentQueue.length = 0;
    this.agentPlayed = 0;
  }

  /**
   * Writes what is pending and closes the sink. Agent audio still queued was
   * never heard and is not recorded. Rejects with the first failed write, if
   * any: appends never throw for I/O, so a full disk cannot break the live call.
   */
  async close(): Promise<{ path: string; durationMs: number }> {
    this.assertOpen();
    this.closed = true;
    this.flush();
    await this.writes;
    await this.sink.close(this.writeError === undefined);
    if (this.writeError !== undefined) throw this.writeError;
    return { path: this.path, durationMs: this.sampleFrames / SAMPLES_PER_MS };
  }

  /** Appends `frames` caller samples from `caller[start…]` to `pending`, each paired with the next agent sample or silence. */
  private interleave(caller: Uint8Array, start: number, frames: number): void {
    const pending = this.pending;
    let out = this.pendingLength;
    let next = start;
    const end = start + frames;
    while (next < end && this.agentQueue.length > 0) {
      const agent = this.agentQueue[0];
      const run = Math.min(end - next, agent.length - this.agentPlayed);
      for (let i = 0; i < run; i++) {
        pending[out++] = caller[next + i];
        pending[out++] = agent[this.agentPlayed + i];
      }
      next += run;
      this.agentPlayed += run;
      if (this.agentPlayed === agent.length) {
        this.agentQueue.shift();
        this.agentPlayed = 0;
      }
    }
    for (; next < end; next++) {
      pending[out++] = caller[next];
      pending[out++] = MULAW_SILENCE;
    }
    this.pendingLength = out;
  }

  private flush(): void {
    if (this.pendingLength === 0) return;
    const data = this.pending.subarray(0, this.pendingLength);
    this.pending = Buffer.allocUnsafe(FLUSH_BYTES);
    this.pendingLength = 0;
    this.writes = this.writes
      .then(async () => {
        if (this.writeError === undefined) await this.sink.write(data);
      })
      .catch((error: unknown) => {
        this.writeError ??= error;
      });
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`WavRecorder for ${this.path} is closed`);
  }
}
