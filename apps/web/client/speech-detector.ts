/** Frames (20 ms) below the threshold before the user counts as quiet again. */
const HANGOVER_FRAMES = 15;
/** RMS level (0–1) of speech into a microphone, about −34 dBFS. */
const SPEECH_LEVEL = 0.02;

/** Whether the user is talking, from each frame's level: on at once, off after a short quiet. */
export class SpeechDetector {
  private quietFrames = HANGOVER_FRAMES;

  constructor(private readonly changed: (speaking: boolean) => void) {}

  frame(level: number): void {
    const wasSpeaking = this.quietFrames < HANGOVER_FRAMES;
    this.quietFrames = level >= SPEECH_LEVEL ? 0 : Math.min(this.quietFrames + 1, HANGOVER_FRAMES);
    const speaking = this.quietFrames < HANGOVER_FRAMES;
    if (speaking !== wasSpeaking) this.changed(speaking);
  }
}
