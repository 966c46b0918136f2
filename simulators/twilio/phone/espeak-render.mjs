// @ts-check
/**
 * Renders one clip of the simulated caller's speech with eSpeak NG compiled to
 * WebAssembly (the npm package espeak-ng, GPL-3.0-or-later, a devDependency).
 * It runs as a process of its own (see speech-synthesizer.ts), so no product
 * code links it. Reads `{"text", "voice", "wordsPerMinute"}` as JSON on stdin
 * and writes eSpeak's WAV (22,050 Hz, 16-bit, mono) to stdout; eSpeak's
 * messages go to stderr, and a failure exits non-zero.
 */
import ESpeakNg from 'espeak-ng';
import process from 'node:process';
import { text as readAll } from 'node:stream/consumers';

const { text, voice, wordsPerMinute } = JSON.parse(await readAll(process.stdin));
const toStderr = (/** @type {string} */ line) => process.stderr.write(`${line}\n`);
let exitStatus = 0;
const espeak = await ESpeakNg({
  arguments: ['-v', voice, '-s', String(wordsPerMinute), '-w', 'speech.wav', '-f', 'text.txt'],
  preRun: [(/** @type {any} */ module) => module.FS.writeFile('text.txt', text)],
  print: toStderr,
  printErr: toStderr,
  onExit: (/** @type {number} */ status) => (exitStatus = status),
});
if (exitStatus !== 0 || !espeak.FS.analyzePath('speech.wav').exists) process.exitCode = exitStatus || 1;
else process.stdout.write(espeak.FS.readFile('speech.wav'));
