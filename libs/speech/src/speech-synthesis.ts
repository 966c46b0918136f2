/**
 * Text to speech for the phone (the `SpeechSynthesis` port): what the agent
 * says without the speech-to-speech model, such as the cached greeting.
 */
export interface SpeechSynthesis {
  /** The model the audio comes from, recorded with it. */
  readonly model: string;
  /** `text` spoken in `voice`, as μ-law 8 kHz mono (what Twilio Media Streams carry). */
  synthesize(request: { text: string; voice: string }): Promise<Buffer>;
}
